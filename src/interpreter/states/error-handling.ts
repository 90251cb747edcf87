import type { Catcher, Retrier } from "../../model/states/common.js";
import { budgetExceeded, countTransition, sleepWithinBudget } from "../budget.js";
import { compilePath, write, type CompiledPath } from "../data.js";
import { StateError } from "../errors.js";
import type { StateOutcome, StateRun } from "./types.js";

export interface PreparedRetrier {
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

export interface PreparedCatcher {
  readonly next: string;
  readonly resultPath: CompiledPath;
}

/** ASL defaults where ZIS documents none: 1 s, 3 attempts; backoff 2.0 is documented. */
export function prepareRetriers(retry: readonly Retrier[] | undefined): PreparedRetrier[] {
  return (retry ?? []).map((r) => ({
    intervalSeconds: r.IntervalSeconds ?? 1,
    maxAttempts: r.MaxAttempts ?? 3,
    backoffRate: r.BackoffRate ?? 2,
  }));
}

export function prepareCatchers(catchers: readonly Catcher[] | undefined): PreparedCatcher[] {
  return (catchers ?? []).map((c) => ({ next: c.Next, resultPath: compilePath(c.ResultPath ?? "$") }));
}

/**
 * Runs `attempt` with the state's Retry and Catch. Every entry matches States.ALL, so the first retrier
 * always applies: retry n waits interval × backoff^(n-1) on the run's clock. When retries are spent, the
 * first catcher writes `{Error, Cause}` at its ResultPath and continues at its Next. Each retry is a transition
 * of the run's budget; more than retryAttempts of them, or a wait past flowSeconds, ends the run.
 */
export async function withErrorHandling(
  run: StateRun,
  retriers: readonly PreparedRetrier[],
  catchers: readonly PreparedCatcher[],
  attempt: () => Promise<StateOutcome>,
): Promise<StateOutcome> {
  let retries = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StateError)) throw error;
      run.entry.error = { Error: error.error, Cause: error.cause };
      run.entry.errorAttempt = retries;
      if (!error.catchable) throw error;
      const retrier = retriers[0];
      if (retrier && retries < retrier.maxAttempts) {
        const { context, entry } = run;
        if (retries >= context.budget.retryAttempts)
          throw budgetExceeded(
            "retryAttempts",
            context.budget.retryAttempts,
            entry.state,
            `its Retry allows ${retrier.maxAttempts} attempts`,
          );
        const wait = retrier.intervalSeconds * retrier.backoffRate ** retries;
        retries++;
        countTransition(context, entry.state);
        await sleepWithinBudget(context, wait, entry.state, `retry ${retries}`);
        entry.retries.push(wait);
        continue;
      }
      const catcher = catchers[0];
      if (!catcher) throw error;
      run.entry.caughtBy = 0;
      const data = write(
        run.data,
        catcher.resultPath,
        { Error: error.error, Cause: error.cause },
        run.context.sizes,
      );
      return { kind: "next", data, next: catcher.next };
    }
  }
}
