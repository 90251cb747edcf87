/**
 * What the own engine's evaluation in progress may spend, and the time it reads. Evaluations are synchronous and
 * never nest, so the one evaluation that can be running keeps its meter here, set by `evaluate` and restored
 * after it: the closures of a compiled program then count steps without a context passed through every call.
 * Outside an evaluation nothing is counted and `now` reads the real clock.
 */
import { JqBudgetExceeded } from "./errors.js";

/** What one evaluation may spend, and the time `now` reads. */
export interface EvaluationLimits {
  /** Evaluation steps (see `step`). */
  readonly steps: number;
  /** Milliseconds since the epoch: the run's clock. */
  readonly now: number;
}

let remaining = Infinity;
let limit = Infinity;
let clock: number | undefined;

/** Runs `evaluation` with its own meter and time. */
export function evaluate<T>(limits: EvaluationLimits, evaluation: () => T): T {
  const outerRemaining = remaining;
  const outerLimit = limit;
  const outerClock = clock;
  remaining = limit = limits.steps;
  clock = limits.now;
  try {
    return evaluation();
  } finally {
    remaining = outerRemaining;
    limit = outerLimit;
    clock = outerClock;
  }
}

/**
 * One evaluation step: a call of a jq-defined function, an output of a generator (`range`, `.[]`, `recurse`), a
 * container visited by a comparison, `tojson` or the output's conversion. Everything that can run long does
 * some of these.
 */
export function step(): void {
  if (--remaining < 0) throw new JqBudgetExceeded("jqSteps", limit);
}

/** `count` steps at once: elements an operation copies (`. + $array`, `$string * n`). */
export function steps(count: number): void {
  remaining -= count;
  if (remaining < 0) throw new JqBudgetExceeded("jqSteps", limit);
}

/** The time in milliseconds since the epoch: the run's clock during an evaluation. */
export const now = (): number => clock ?? Date.now();
