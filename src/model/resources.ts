import { z } from "zod";
import { HttpActionDefinitionSchema } from "./http-action.js";
import { StateMachineSchema } from "./state-machine.js";

export const HttpActionResourceSchema = z.strictObject({
  type: z.literal("ZIS::Action::Http"),
  properties: z.strictObject({
    name: z.string(),
    definition: HttpActionDefinitionSchema,
  }),
});
export type HttpActionResource = z.infer<typeof HttpActionResourceSchema>;

export const FlowResourceSchema = z.strictObject({
  type: z.literal("ZIS::Flow"),
  properties: z.strictObject({
    name: z.string(),
    definition: StateMachineSchema,
  }),
});
export type FlowResource = z.infer<typeof FlowResourceSchema>;

export const JobSpecResourceSchema = z.strictObject({
  type: z.literal("ZIS::JobSpec"),
  properties: z.strictObject({
    name: z.string(),
    event_source: z.string(),
    event_type: z.string(),
    flow_name: z.string(),
  }),
});
export type JobSpecResource = z.infer<typeof JobSpecResourceSchema>;

export const ResourceSchema = z.discriminatedUnion("type", [
  HttpActionResourceSchema,
  FlowResourceSchema,
  JobSpecResourceSchema,
]);
export type Resource = z.infer<typeof ResourceSchema>;
export type ResourceType = Resource["type"];
export const RESOURCE_TYPES: readonly ResourceType[] = ["ZIS::Action::Http", "ZIS::Flow", "ZIS::JobSpec"];
