/**
 * Two kinds of failure. A `StateError` is what ZIS raises inside a flow (path not found, non-2xx response,
 * jq error…): Retry and Catch see it, and an uncaught one fails the flow. A `HarnessError` is a problem of
 * the test set-up (a request no mock answers, an unknown flow, a spent run budget): it stops the run at once
 * and no Catch in the flow can swallow it.
 */

import type { DiagnosticCode } from "../model/diagnostics.js";
import type { RunBudget } from "./budget.js";
import type { TraceEntry } from "./trace.js";

/** The `Error` names the interpreter uses (ZIS documents none; these follow ASL, see the README). */
export const STATE_ERROR_NAMES = {
  runtime: "States.Runtime",
  taskFailed: "States.TaskFailed",
  resultPathMatchFailure: "States.ResultPathMatchFailure",
  noChoiceMatched: "States.NoChoiceMatched",
  mapItemLimit: "States.MapItemLimitExceeded",
} as const;

export class StateError extends Error {
  override readonly name = "StateError";
  constructor(
    /** The ZIS-style error name, written to `Error` of a Catch's result. */
    readonly error: string,
    /** The description, written to `Cause`. */
    override readonly cause: string,
    /** False for errors ZIS ends the flow with regardless of Catch (e.g. Map over more than 100 items). */
    readonly catchable = true,
  ) {
    super(cause);
  }
}

/** Why the link store refused a call: a link that is missing, one that exists already, or a bad LoadLinks query. */
export type LinkStoreErrorCode = "link_not_found" | "link_exists" | "invalid_link_query";

/**
 * A refusal of the link store. In a flow it is a `States.TaskFailed` like any other; `code` lets callers that
 * answer over HTTP (`zisflow dev`) pick a status without reading the Cause.
 */
export class LinkStoreError extends StateError {
  constructor(
    readonly code: LinkStoreErrorCode,
    cause: string,
  ) {
    super(STATE_ERROR_NAMES.taskFailed, cause);
  }
}

export const pathNotFound = (path: string): StateError =>
  new StateError(STATE_ERROR_NAMES.runtime, `JSON path not found: ${path}`);

export type HarnessErrorCode =
  | "unmatched_request"
  | "unknown_flow"
  /** A limit of the run's budget was spent: `budget` names it, `state` where (see RunBudget). */
  | "budget_exceeded"
  | "invalid_bundle"
  | "invalid_input"
  | "mock_handler_failed"
  | "invalid_mocks"
  /** A state wrote flow data nested deeper than MAX_DATA_DEPTH levels. */
  | "data_too_deep";

/** Where in the bundle an `invalid_bundle` error is, and the validator's code for it. */
export interface BundleProblem {
  /** JSON pointer into the bundle. */
  readonly pointer: string;
  readonly diagnostic: DiagnosticCode;
}

/** What a HarnessError carries besides its code and message, by code. */
export interface HarnessErrorDetails {
  /** For `invalid_bundle` found by ZIS's structure rules: the first problem, as the validator names it. */
  readonly problem?: BundleProblem | undefined;
  /** For `budget_exceeded`: the limit that was spent. */
  readonly budget?: keyof RunBudget | undefined;
  /** For `budget_exceeded` and `data_too_deep`: the state that was running (none for the event payload). */
  readonly state?: string | undefined;
  /**
   * For an error raised while the flow ran: the states it executed until then, the last one where it stopped
   * (as `RunResult.trace`).
   */
  readonly trace?: readonly TraceEntry[] | undefined;
}

export class HarnessError extends Error {
  override readonly name = "HarnessError";
  readonly problem: BundleProblem | undefined;
  readonly budget: keyof RunBudget | undefined;
  readonly state: string | undefined;
  readonly trace: readonly TraceEntry[] | undefined;
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
    details: HarnessErrorDetails = {},
  ) {
    super(message);
    this.problem = details.problem;
    this.budget = details.budget;
    this.state = details.state;
    this.trace = details.trace;
  }

  /** The same error, with the trace of the run it stopped. */
  withTrace(trace: readonly TraceEntry[]): HarnessError {
    return new HarnessError(this.code, this.message, {
      problem: this.problem,
      budget: this.budget,
      state: this.state,
      trace,
    });
  }
}
