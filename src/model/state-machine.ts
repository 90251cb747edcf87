import { z } from "zod";
import { jsonRecord } from "./json.js";
import { StateSchema, type State } from "./states/index.js";

const StateMachineFieldsSchema = z.strictObject({
  Comment: z.string().optional(),
  StartAt: z.string(),
});

/**
 * A state machine: a flow's `definition` or a Map state's `Iterator`. `States` is declared here because the type
 * is recursive (a Map's Iterator is a state machine), which TypeScript cannot write into declarations from
 * inference; the schema's annotation checks that the two agree.
 */
export interface StateMachine extends z.infer<typeof StateMachineFieldsSchema> {
  States: Record<string, State>;
}

export const StateMachineSchema: z.ZodType<StateMachine> = StateMachineFieldsSchema.extend({
  get States() {
    return jsonRecord(StateSchema);
  },
});
