import { z } from "zod";
import { ChoiceRuleSchema } from "../choice-rule.js";
import { commonFields } from "./common.js";

/** Choice state (reference §3.5): the first true rule's `Next` wins, else `Default`. */
export const ChoiceStateSchema = z.strictObject({
  Type: z.literal("Choice"),
  ...commonFields,
  Choices: z.array(ChoiceRuleSchema),
  Default: z.string().optional(),
});
export type ChoiceState = z.infer<typeof ChoiceStateSchema>;
