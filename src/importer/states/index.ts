import { isStateType, STATE_TRAITS, type StateType } from "../../model/states/index.js";
import { errorHandling } from "../error-handling.js";
import type { Raw } from "../module-context.js";
import { emitAction } from "./action.js";
import { emitChoice } from "./choice.js";
import type { StateContext, StateEmitter } from "./context.js";
import { emitFail } from "./fail.js";
import { emitMap } from "./map.js";
import { emitPass } from "./pass.js";
import { emitSucceed } from "./succeed.js";
import { emitWait } from "./wait.js";

export type { MachineCode, StateContext } from "./context.js";

/** One emitter per state type: a type the model gains fails tsc here until the importer writes it. */
const STATE_EMITTERS: Record<StateType, StateEmitter> = {
  Action: emitAction,
  Choice: emitChoice,
  Pass: emitPass,
  Wait: emitWait,
  Map: emitMap,
  Succeed: emitSucceed,
  Fail: emitFail,
};

/** A state as statements of its machine's callback. */
export interface StateStatements {
  /** The builder call that creates the state. */
  readonly expression: string;
  readonly wiring: readonly string[];
  readonly types: string;
}

/**
 * A state as DSL code, or undefined when the builders cannot express it (a type ZIS does not run, or a shape
 * its type's builder does not take). Its type's traits add what all such states share: `resultPath` where it
 * writes a result, retry and catch where it handles errors, `.next(…)` where it moves on by `Next`.
 */
export function emitState(state: Raw, context: StateContext): StateStatements | undefined {
  if (!isStateType(state.Type)) return undefined;
  const code = STATE_EMITTERS[state.Type](state, context);
  if (!code) return undefined;
  const traits = STATE_TRAITS[state.Type];
  const { ident, module, values, target } = context;
  const options = [
    ...(typeof state.Comment === "string" ? [`comment: ${JSON.stringify(state.Comment)}`] : []),
    ...code.options,
    ...(traits.writesResult && typeof state.ResultPath === "string"
      ? [`resultPath: ${values.ref(state.ResultPath)}`]
      : []),
  ];
  const next = traits.continuation === "next" ? target(state.Next) : undefined;
  const wiring = [
    ...(code.wiring ?? []),
    ...(traits.handlesErrors ? errorHandling(state, ident, values, target) : []),
    ...(next ? [`${ident}.next(${next});`] : []),
  ];
  const args = [JSON.stringify(context.name), ...(code.arguments ?? [])];
  if (options.length > 0) args.push(`{ ${options.join(", ")} }`);
  return { expression: `${module.use(code.builder)}(${args.join(", ")})`, wiring, types: code.types ?? "" };
}
