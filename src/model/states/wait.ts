import { z } from "zod";
import { commonFields, transitionFields } from "./common.js";

/** Wait state (reference §3.8): exactly one of `Seconds` (> 0) and `SecondsPath`. */
export const WaitStateSchema = z.strictObject({
  Type: z.literal("Wait"),
  ...commonFields,
  Seconds: z.number().optional(),
  SecondsPath: z.string().optional(),
  ...transitionFields,
});
export type WaitState = z.infer<typeof WaitStateSchema>;
