import type { PassState } from "../../model/states/pass.js";
import { compilePath, deepFreeze, write, type CompiledPath } from "../data.js";
import { continueWith, type StateOutcome, type StateRun } from "./types.js";

export interface PreparedPass {
  readonly type: "Pass";
  readonly name: string;
  /** `Result`, shared between runs (frozen); undefined passes the input through. */
  readonly result: unknown;
  readonly hasResult: boolean;
  readonly resultPath: CompiledPath;
  readonly next: string | undefined;
}

export function preparePass(name: string, state: PassState): PreparedPass {
  return {
    type: "Pass",
    name,
    result: deepFreeze(state.Result),
    hasResult: state.Result !== undefined,
    resultPath: compilePath(state.ResultPath ?? "$"),
    next: state.Next,
  };
}

/** Writes `Result` (or the input itself) at ResultPath. */
export function runPass(state: PreparedPass, run: StateRun): Promise<StateOutcome> {
  const data = write(
    run.data,
    state.resultPath,
    state.hasResult ? state.result : run.data,
    run.context.sizes,
  );
  return Promise.resolve(continueWith(state, data));
}
