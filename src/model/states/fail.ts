import { z } from "zod";
import { commonFields } from "./common.js";

/** Fail state (reference §3.9): terminal; in ZIS both `Error` and `Cause` are required. */
export const FailStateSchema = z.strictObject({
  Type: z.literal("Fail"),
  ...commonFields,
  Error: z.string(),
  Cause: z.string(),
});
export type FailState = z.infer<typeof FailStateSchema>;
