import { z } from "zod";
import { StateSchema } from "./states/index.js";

/** A state machine: a flow's `definition` or a Map state's `Iterator`. */
export const StateMachineSchema = z.strictObject({
  Comment: z.string().optional(),
  StartAt: z.string(),
  get States() {
    return z.record(z.string(), StateSchema);
  },
});
export type StateMachine = z.infer<typeof StateMachineSchema>;
