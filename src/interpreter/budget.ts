/**
 * What one run may spend. A flow that loops, retries, waits or grows its data without end, or a jq program that
 * never finishes, ends the run with a HarnessError `budget_exceeded` naming the budget and the state, instead
 * of spinning forever on the virtual clock or hanging the process.
 */
import type { RunContext } from "./context.js";
import { HarnessError } from "./errors.js";

/** What one run may spend. Exceeding any limit ends the run with a HarnessError "budget_exceeded" naming the budget and the state. */
export interface RunBudget {
  /** Virtual time from the first state to the end, Waits and Retry delays included: ZIS's flow execution timeout (100 s). @default 100 */
  readonly flowSeconds: number;
  /** State transitions, every Retry attempt and every Map iteration's states included. @default 10000 */
  readonly transitions: number;
  /**
   * Attempts one Retry entry may make whatever its MaxAttempts. ZIS's IntervalSeconds is a whole number ≥ 1, so
   * with BackoffRate ≥ 1 a 101st retry could only start after flowSeconds: this limit stops only what a
   * BackoffRate below 1 lets through (waits shrinking towards zero).
   * @default 100
   */
  readonly retryAttempts: number;
  /**
   * The flow data's size in UTF-8 bytes of its JSON, checked as states write: room for a full event payload and
   * three full response bodies (payloadBytes each) at once.
   * @default 4194304
   */
  readonly dataBytes: number;
  /** An event payload or HTTP response body, UTF-8 bytes of its JSON text. @default 1048576 */
  readonly payloadBytes: number;
  /**
   * Members the run copies to write results: a write copies each object and array on its path, their other
   * members included, and the trace keeps every state's data. Bounds the run's memory where many states write
   * into wide data (8,000 states writing beside 4,000 members took 2 GB); the tutorial copies under a hundred.
   * @default 5000000
   */
  readonly copiedMembers: number;
  /**
   * Evaluation steps one jq program may take in the own engine: jq-defined function calls, outputs of `range`,
   * `.[]` and `recurse`, values visited by comparisons, `tojson` and the output's conversion, elements appended.
   * The corpus programs take at most a few hundred; ten million take about a second.
   * @default 10000000
   */
  readonly jqSteps: number;
  /**
   * Wall time one jq-wasm call may take; jq-wasm runs in a worker thread that is terminated past it (a fresh one
   * answers the next call). jq-wasm answers the corpus programs in well under a millisecond.
   * @default 2000
   */
  readonly jqMilliseconds: number;
}

export const DEFAULT_RUN_BUDGET: RunBudget = Object.freeze({
  flowSeconds: 100,
  transitions: 10_000,
  retryAttempts: 100,
  dataBytes: 4 * 1_048_576,
  payloadBytes: 1_048_576,
  copiedMembers: 5_000_000,
  jqSteps: 10_000_000,
  jqMilliseconds: 2000,
});

const BUDGET_NAMES = Object.keys(DEFAULT_RUN_BUDGET) as ReadonlyArray<keyof RunBudget>;

/**
 * The defaults with the given limits in place. A limit must be a positive number (Infinity lifts it); anything
 * else, or a name that is no budget, is refused as `invalid_input`.
 */
export function resolveBudget(given: Partial<RunBudget> | undefined): RunBudget {
  if (given === undefined) return DEFAULT_RUN_BUDGET;
  if (given === null || typeof given !== "object")
    throw new HarnessError("invalid_input", "budget must be an object of limits");
  const budget: Record<string, number> = { ...DEFAULT_RUN_BUDGET };
  for (const [name, value] of Object.entries(given)) {
    if (!(BUDGET_NAMES as readonly string[]).includes(name))
      throw new HarnessError(
        "invalid_input",
        `budget: unknown limit "${name}" (limits: ${BUDGET_NAMES.join(", ")})`,
      );
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value > 0))
      throw new HarnessError("invalid_input", `budget: ${name} must be a positive number`);
    budget[name] = value;
  }
  return budget as unknown as RunBudget;
}

/** The HarnessError of a spent budget: one line naming the budget, its limit and the state, then the detail. */
export function budgetExceeded(
  budget: keyof RunBudget,
  limit: number,
  state: string | undefined,
  detail?: string,
): HarnessError {
  const where = state === undefined ? "" : ` at state ${JSON.stringify(state)}`;
  return new HarnessError(
    "budget_exceeded",
    `budget exceeded: ${budget} (${limit})${where}${detail === undefined ? "" : `: ${detail}`}`,
    { budget, ...(state !== undefined ? { state } : {}) },
  );
}

/** Counts a transition into `state` (a state starting, or a Retry attempt of it) against the budget. */
export function countTransition(context: RunContext, state: string): void {
  if (++context.transitions > context.budget.transitions)
    throw budgetExceeded("transitions", context.budget.transitions, state);
}

/** Seconds of virtual time since the first state started. */
const elapsedSeconds = (context: RunContext): number => (context.clock.now() - context.startedAt) / 1000;

/** Ends the run when the flow has run longer than flowSeconds (time a clock moved outside Waits and Retries). */
export function checkFlowTime(context: RunContext, state: string): void {
  const elapsed = elapsedSeconds(context);
  if (elapsed > context.budget.flowSeconds)
    throw budgetExceeded("flowSeconds", context.budget.flowSeconds, state, `the flow has run ${elapsed} s`);
}

/**
 * Sleeps on the run's clock, unless the wait would end past flowSeconds: then the run ends at once, without
 * moving the clock through a wait it would never finish.
 */
export async function sleepWithinBudget(
  context: RunContext,
  seconds: number,
  state: string,
  what: string,
): Promise<void> {
  const elapsed = elapsedSeconds(context);
  if (!(elapsed + seconds <= context.budget.flowSeconds))
    throw budgetExceeded(
      "flowSeconds",
      context.budget.flowSeconds,
      state,
      `${what} of ${seconds} s would end ${elapsed + seconds} s after the flow started`,
    );
  await context.clock.sleep(seconds);
}
