import type { SucceedState } from "../../model/states/succeed.js";
import { compileTemplate, type DynamicOptions, type Resolver } from "../dynamic.js";
import type { StateOutcome, StateRun } from "./types.js";

export interface PreparedSucceed {
  readonly type: "Succeed";
  readonly name: string;
  readonly message: Resolver;
}

export function prepareSucceed(name: string, state: SucceedState, options: DynamicOptions): PreparedSucceed {
  return {
    type: "Succeed",
    name,
    message: compileTemplate(state.Message ?? "Execution Successful", options),
  };
}

/** Ends the flow; `Message` (placeholders filled) is what ZIS logs. */
export function runSucceed(state: PreparedSucceed, run: StateRun): Promise<StateOutcome> {
  run.entry.log = String(state.message(run.data));
  return Promise.resolve({ kind: "end", data: run.data });
}
