import { z } from "zod";
import { jsonRecord, JsonValueSchema } from "../json.js";
import { CatcherSchema, RetrierSchema, commonFields, transitionFields } from "./common.js";

/** Action state (reference §3.4): runs a built-in or custom action. */
export const ActionStateSchema = z.strictObject({
  Type: z.literal("Action"),
  ...commonFields,
  ActionName: z.string(),
  Parameters: jsonRecord(JsonValueSchema).optional(),
  /** Legacy: documented only by an older revision of the Action state page. */
  TimeoutSeconds: z.number().int().positive().optional(),
  ResultPath: z.string().optional(),
  Retry: z.array(RetrierSchema).optional(),
  Catch: z.array(CatcherSchema).optional(),
  ...transitionFields,
});
export type ActionState = z.infer<typeof ActionStateSchema>;
