import { z } from "zod";
import { CatcherSchema, RetrierSchema, commonFields, transitionFields } from "./common.js";
import { StateMachineSchema } from "../state-machine.js";

/** Map state (reference §3.6): runs `Iterator` once per item of the array at `ItemsPath` (≤ 100 items). */
export const MapStateSchema = z.strictObject({
  Type: z.literal("Map"),
  ...commonFields,
  ItemsPath: z.string(),
  get Iterator() {
    return StateMachineSchema;
  },
  ResultPath: z.string().optional(),
  Retry: z.array(RetrierSchema).optional(),
  Catch: z.array(CatcherSchema).optional(),
  ...transitionFields,
});
export type MapState = z.infer<typeof MapStateSchema>;
