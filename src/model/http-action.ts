import { z } from "zod";
import { JsonValueSchema } from "./json.js";

/** Methods an HTTP action may use (reference §2.2). */
export const HTTP_METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A `{key, value}` pair of `headers` / `queryParams`; `value.$` makes the value dynamic. */
export const KeyValueSchema = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  "value.$": z.string().optional(),
});
export type KeyValue = z.infer<typeof KeyValueSchema>;

/**
 * The definition of a `ZIS::Action::Http` (reference §2.2). Inside it, `$` is the calling Action state's
 * resolved Parameters. Exactly one of `url`/`url.$`/`path`/`path.$` is a graph-level check.
 */
export const HttpActionDefinitionSchema = z.strictObject({
  method: z.enum(HTTP_METHODS),
  url: z.string().optional(),
  "url.$": z.string().optional(),
  path: z.string().optional(),
  "path.$": z.string().optional(),
  connectionName: z.string().optional(),
  headers: z.array(KeyValueSchema).optional(),
  queryParams: z.array(KeyValueSchema).optional(),
  /** Legacy name of `queryParams` used by an older tutorial. */
  query: z.array(KeyValueSchema).optional(),
  requestBody: JsonValueSchema.optional(),
  "requestBody.$": z.string().optional(),
});
export type HttpActionDefinition = z.infer<typeof HttpActionDefinitionSchema>;

/** A `{key, value}` pair once rendered: the value may be any JSON a placeholder produced. */
const RenderedKeyValueSchema = z.object({ key: z.string(), value: z.unknown() });

/**
 * An HTTP action's definition once its `.$` fields are rendered against the caller's Parameters: what a
 * request is built from. Read leniently, as ZIS runs it: any method case (`put` runs), unknown keys ignored.
 */
export const RenderedHttpActionSchema = z.object({
  method: z.string().optional(),
  url: z.string().optional(),
  path: z.string().optional(),
  connectionName: z.string().optional(),
  headers: z.array(RenderedKeyValueSchema).optional(),
  queryParams: z.array(RenderedKeyValueSchema).optional(),
  query: z.array(RenderedKeyValueSchema).optional(),
  requestBody: z.unknown().optional(),
});
export type RenderedHttpAction = z.infer<typeof RenderedHttpActionSchema>;
