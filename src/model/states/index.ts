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

export const STATE_TYPES: readonly StateType[] = [
  "Action",
  "Choice",
  "Pass",
  "Wait",
  "Map",
  "Succeed",
  "Fail",
];

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
