import type { CompiledPath } from "../data.js";
import type { RunContext } from "../context.js";
import type { TraceEntry } from "../trace.js";
import type { PreparedAction } from "./action.js";
import type { PreparedChoice } from "./choice.js";
import type { PreparedFail } from "./fail.js";
import type { PreparedMap } from "./map.js";
import type { PreparedPass } from "./pass.js";
import type { PreparedSucceed } from "./succeed.js";
import type { PreparedWait } from "./wait.js";

/** A state compiled for running: paths parsed and templates compiled once per bundle. */
export type PreparedState =
  | PreparedAction
  | PreparedChoice
  | PreparedPass
  | PreparedWait
  | PreparedMap
  | PreparedSucceed
  | PreparedFail;

/** A flow definition or a Map iterator, compiled. */
export interface PreparedMachine {
  readonly startAt: string;
  readonly states: ReadonlyMap<string, PreparedState>;
}

/** Where the flow goes after a state. */
export type StateOutcome =
  | { readonly kind: "next"; readonly data: unknown; readonly next: string }
  | { readonly kind: "end"; readonly data: unknown }
  | { readonly kind: "fail"; readonly data: unknown; readonly error: string; readonly cause: string };

/** Runs a nested machine (Map iterations) and reports how it ended. */
export type MachineRunner = (
  machine: PreparedMachine,
  data: unknown,
  context: RunContext,
  iteration: readonly number[],
  scope: readonly string[],
) => Promise<StateOutcome>;

export interface StateRun {
  readonly data: unknown;
  readonly context: RunContext;
  readonly entry: TraceEntry;
  readonly runMachine: MachineRunner;
}

/** `Next` or `End` of a state that continues. */
export interface Transition {
  readonly next: string | undefined;
}

export const continueWith = (transition: Transition, data: unknown): StateOutcome =>
  transition.next === undefined ? { kind: "end", data } : { kind: "next", data, next: transition.next };

export type { CompiledPath };
