import type { HttpRequest } from "./mocks.js";

/** One state execution, in the order they ran. Data values are snapshots (flow data is never mutated). */
export interface TraceEntry {
  readonly state: string;
  readonly type: string;
  /** Indexes of the Map iterations this state ran in, outermost first; empty at the flow's top level. */
  readonly iteration: readonly number[];
  /** Names of the Map states whose Iterator this state belongs to, outermost first; empty at the top level. */
  readonly scope: readonly string[];
  /** Virtual time (ms since the epoch) when the state started. */
  readonly at: number;
  /** The flow data the state saw. */
  readonly input: unknown;
  /** The flow data after it. */
  output?: unknown;
  /** Where the flow went next; undefined when it ended here. */
  next?: string;
  /** Choice: the index of the matching rule, or "default". */
  choice?: number | "default";
  /** Requests this state sent (custom HTTP actions). */
  readonly requests: HttpRequest[];
  /** The status each request was answered with, in the same order (a request no mock answered has none). */
  readonly statuses: number[];
  /** Retries made, with the seconds waited before each. */
  readonly retries: number[];
  /** The error the state raised, if any (also when caught, or when a retry then succeeded): the last one. */
  error?: { readonly Error: string; readonly Cause: string };
  /**
   * Which attempt raised `error`, from 0: one before `retries.length` when a retry after it succeeded.
   * @default 0 (a state without Retry makes one attempt)
   */
  errorAttempt?: number;
  /** Catch: index of the catcher that handled the error. */
  caughtBy?: number;
  /** Succeed Message / Fail Cause as ZIS would log it. */
  log?: string;
}
