import type { RunResult } from "./run.js";

/** A finished run, as observers see it: the bundle JSON it ran and its result. */
export interface ObservedRun {
  readonly bundle: unknown;
  readonly result: RunResult;
}

export type RunObserver = (run: ObservedRun) => void;

// Kept on globalThis under a registered symbol: a test file may load its own copy of this module (vitest
// isolates module graphs; tsx and the bundled CLI each have theirs), and observers must see runs from all.
const REGISTRY = Symbol.for("zisflow.runObservers");
type Registry = Set<RunObserver>;

function registry(): Registry {
  const holder = globalThis as { [REGISTRY]?: Registry };
  return (holder[REGISTRY] ??= new Set());
}

/** Calls `observer` after every run (succeeded or failed) of any bundle. Returns a function that stops it. */
export function observeRuns(observer: RunObserver): () => void {
  registry().add(observer);
  return () => registry().delete(observer);
}

/** Tells the observers about a finished run; none registered costs one lookup. */
export function notifyRunObservers(run: ObservedRun): void {
  const observers = registry();
  if (observers.size === 0) return;
  for (const observer of observers) observer(run);
}
