import { z } from "zod";
import { JsonValueSchema } from "../json.js";
import { commonFields, transitionFields } from "./common.js";

/** Pass state (reference §3.7): writes `Result` (or its input) at `ResultPath`. */
export const PassStateSchema = z.strictObject({
  Type: z.literal("Pass"),
  ...commonFields,
  Result: JsonValueSchema.optional(),
  ResultPath: z.string().optional(),
  ...transitionFields,
});
export type PassState = z.infer<typeof PassStateSchema>;
