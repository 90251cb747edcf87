import type { ActionStep } from "./action.js";
import type { ChoiceStep } from "./choice.js";
import type { FailStep } from "./fail.js";
import type { MapStep } from "./map.js";
import type { PassStep } from "./pass.js";
import type { SucceedStep } from "./succeed.js";
import type { WaitStep } from "./wait.js";

export { action, ActionStep, type ActionProps } from "./action.js";
export { choice, ChoiceStep, type ChoiceRuleEntry } from "./choice.js";
export { fail, FailStep, type FailProps } from "./fail.js";
export { map, MapStep, type MapProps, type IteratorMachine } from "./map.js";
export { pass, PassStep, type PassProps } from "./pass.js";
export { succeed, SucceedStep, type SucceedProps } from "./succeed.js";
export { wait, WaitStep, type WaitProps } from "./wait.js";
export type { CaughtError, Catcher, RetryProps, StepProps } from "./step.js";

/** Any state builder; `kind` is the ZIS state `Type`. */
export type Step = ActionStep | ChoiceStep | PassStep | WaitStep | MapStep | SucceedStep | FailStep;
