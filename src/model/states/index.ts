import { z } from "zod";
import { ActionStateSchema } from "./action.js";
import { ChoiceStateSchema } from "./choice.js";
import { FailStateSchema } from "./fail.js";
import { MapStateSchema } from "./map.js";
import { PassStateSchema } from "./pass.js";
import { SucceedStateSchema } from "./succeed.js";
import { WaitStateSchema } from "./wait.js";

export * from "./action.js";
export * from "./choice.js";
export * from "./common.js";
export * from "./fail.js";
export * from "./map.js";
export * from "./pass.js";
export * from "./succeed.js";
export * from "./wait.js";

export const StateSchema = z.discriminatedUnion("Type", [
  ActionStateSchema,
  ChoiceStateSchema,
  PassStateSchema,
  WaitStateSchema,
  MapStateSchema,
  SucceedStateSchema,
  FailStateSchema,
]);
export type State = z.infer<typeof StateSchema>;
export type StateType = State["Type"];

/** What a state type does: one table for every layer (a test holds it to the schemas). */
export interface StateTraits {
  /** How it moves on: by `Next` or `End`, by its choice rules and `Default`, or not at all (Succeed, Fail). */
  readonly continuation: "next" | "choices" | "none";
  /** Whether it takes `Retry` and `Catch`. */
  readonly handlesErrors: boolean;
  /** Whether it writes a result at `ResultPath`. */
  readonly writesResult: boolean;
}

export const STATE_TRAITS = {
  Action: { continuation: "next", handlesErrors: true, writesResult: true },
  Choice: { continuation: "choices", handlesErrors: false, writesResult: false },
  Pass: { continuation: "next", handlesErrors: false, writesResult: true },
  Wait: { continuation: "next", handlesErrors: false, writesResult: false },
  Map: { continuation: "next", handlesErrors: true, writesResult: true },
  Succeed: { continuation: "none", handlesErrors: false, writesResult: false },
  Fail: { continuation: "none", handlesErrors: false, writesResult: false },
} as const satisfies Record<StateType, StateTraits>;

/** Every state type, in the order of the union above. */
export const STATE_TYPES = Object.keys(STATE_TRAITS) as StateType[];

export const isStateType = (value: unknown): value is StateType =>
  typeof value === "string" && Object.hasOwn(STATE_TRAITS, value);

/** ASL state types ZIS does not run (reference §3.2). */
export const UNSUPPORTED_STATE_TYPES: readonly string[] = ["Parallel", "Task"];

/** ASL fields ZIS does not support (reference §3.3, §3.12): an error rather than an unknown-key warning. */
export const UNSUPPORTED_ASL_FIELDS: readonly string[] = [
  "InputPath",
  "OutputPath",
  "ResultSelector",
  "ItemSelector",
  "ItemProcessor",
  "ItemReader",
  "MaxConcurrency",
  "Parameters",
  "Resource",
  "Timestamp",
  "TimestampPath",
  "TimeoutSecondsPath",
  "HeartbeatSeconds",
  "HeartbeatSecondsPath",
  "ErrorPath",
  "CausePath",
  "Assign",
  "Arguments",
  "Output",
  "QueryLanguage",
  "Branches",
];
