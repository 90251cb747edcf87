import type { FailState } from "../../model/states/fail.js";
import { compileTemplate, type DynamicOptions, type Resolver } from "../dynamic.js";
import type { StateOutcome, StateRun } from "./types.js";

export interface PreparedFail {
  readonly type: "Fail";
  readonly name: string;
  readonly error: Resolver;
  readonly cause: Resolver;
}

export function prepareFail(name: string, state: FailState, options: DynamicOptions): PreparedFail {
  return {
    type: "Fail",
    name,
    error: compileTemplate(state.Error, options),
    cause: compileTemplate(state.Cause, options),
  };
}

/** Fails the flow with `Error` and `Cause`, placeholders filled. */
export function runFail(state: PreparedFail, run: StateRun): Promise<StateOutcome> {
  const error = String(state.error(run.data));
  const cause = String(state.cause(run.data));
  run.entry.log = cause;
  return Promise.resolve({ kind: "fail", data: run.data, error, cause });
}
