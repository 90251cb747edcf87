import { z } from "zod";
import { jsonRecord } from "./json.js";
import { ResourceSchema } from "./resources.js";

/** The only template version ZIS documents (reference §1). */
export const ZIS_TEMPLATE_VERSION = "2019-10-14";

/** Fields the Registry API adds to a bundle it returns; not part of an upload (reference §1). */
export const REGISTRY_READ_ONLY_FIELDS: readonly string[] = ["uuid", "integration", "zendesk_account_id"];

export const BundleSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  zis_template_version: z.literal(ZIS_TEMPLATE_VERSION),
  resources: jsonRecord(ResourceSchema),
});
export type Bundle = z.infer<typeof BundleSchema>;
