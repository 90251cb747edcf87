import type { StateType } from "../../model/states/index.js";
import type { ActionStep } from "./action.js";
import type { ChoiceStep } from "./choice.js";
import type { FailStep } from "./fail.js";
import type { MapStep } from "./map.js";
import type { PassStep } from "./pass.js";
import type { SucceedStep } from "./succeed.js";
import type { WaitStep } from "./wait.js";

// The step classes are types only: a step is made by its factory, which checks what the constructor cannot.
export { action, type ActionStep, type ActionProps } from "./action.js";
export { choice, type ChoiceStep, type ChoiceRuleEntry } from "./choice.js";
export { fail, type FailStep, type FailProps } from "./fail.js";
export { map, type MapStep, type MapProps, type IteratorMachine } from "./map.js";
export { pass, type PassStep, type PassProps } from "./pass.js";
export { succeed, type SucceedStep, type SucceedProps } from "./succeed.js";
export { wait, type WaitStep, type WaitProps } from "./wait.js";
export type { CatchRoute, CaughtError, RetryProps, StepProps } from "./step.js";

/** Any state builder; `kind` is the ZIS state `Type`. */
export type Step = ActionStep | ChoiceStep | PassStep | WaitStep | MapStep | SucceedStep | FailStep;

/**
 * The DSL's step kinds are exactly the model's state types: a state type added to the model (or a step kind
 * added here) makes this `true` check fail to compile until both sides agree.
 */
export type StepKindsMatchStateTypes = AssertTrue<
  [Step["kind"]] extends [StateType] ? ([StateType] extends [Step["kind"]] ? true : false) : false
>;
type AssertTrue<T extends true> = T;
