import { z } from "zod";
import { commonFields } from "./common.js";

/** Succeed state (reference §3.9): terminal; `Message` may hold placeholders. */
export const SucceedStateSchema = z.strictObject({
  Type: z.literal("Succeed"),
  ...commonFields,
  Message: z.string().optional(),
});
export type SucceedState = z.infer<typeof SucceedStateSchema>;
