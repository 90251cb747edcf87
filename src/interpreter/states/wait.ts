import type { WaitState } from "../../model/states/wait.js";
import { sleepWithinBudget } from "../budget.js";
import { compilePath, read, type CompiledPath } from "../data.js";
import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import { continueWith, type StateOutcome, type StateRun } from "./types.js";

export interface PreparedWait {
  readonly type: "Wait";
  readonly name: string;
  readonly seconds: number | undefined;
  readonly secondsPath: CompiledPath | undefined;
  readonly next: string | undefined;
}

export function prepareWait(name: string, state: WaitState): PreparedWait {
  return {
    type: "Wait",
    name,
    seconds: state.Seconds,
    secondsPath: state.SecondsPath !== undefined ? compilePath(state.SecondsPath) : undefined,
    next: state.Next,
  };
}

/**
 * Sleeps on the run's clock; a SecondsPath value ≤ 0 continues at once. Data passes through. A wait that would
 * end past the run's flowSeconds ends the run at once.
 */
export async function runWait(state: PreparedWait, run: StateRun): Promise<StateOutcome> {
  let seconds = state.seconds;
  if (state.secondsPath) {
    const value = read(run.data, state.secondsPath);
    if (typeof value !== "number")
      throw new StateError(
        STATE_ERROR_NAMES.runtime,
        `SecondsPath ${state.secondsPath.text} is not a number`,
      );
    seconds = value;
  }
  if (seconds !== undefined && seconds > 0)
    await sleepWithinBudget(run.context, seconds, state.name, "a Wait");
  return continueWith(state, run.data);
}
