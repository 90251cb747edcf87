import type { RunResult } from "./run.js";

/** A finished run, as observers see it: the bundle JSON it ran and its result. */
export interface ObservedRun {
  readonly bundle: unknown;
  readonly result: RunResult;
}

/**
 * Called when a run ends (succeeded or failed). A run calls only the observers its `RunOptions.observers` lists:
 * there is no registry shared through module or global state (`testRuns` of `zisflow/testing` is an explicit one).
 */
export type RunObserver = (run: ObservedRun) => void;
