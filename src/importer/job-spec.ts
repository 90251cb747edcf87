import { KNOWN_EVENT_SOURCES } from "../model/events.js";
import { isJsonObject } from "../model/json.js";
import { parseFlowReference } from "../model/names.js";
import type { ModuleContext, Raw } from "./module-context.js";
import { camelCase } from "./names.js";

/** A job spec as DSL code, its variable, and the name of the flow it triggers. */
export interface JobSpecCode {
  readonly code: string;
  readonly ident: string;
  readonly flow: string;
}

const UNCHECKED_EVENT_COMMENT =
  "// The flow's input type is inferred from the paths it reads. Type it with EventInput<source, type> to have\n" +
  "// the job spec check that the event carries what the flow reads, and drop <string, string>.\n";

/**
 * A `ZIS::JobSpec` as `export const … = jobSpec(name, { … })`; undefined (and kept raw) when its flow is not a
 * flow of the bundle or its fields are not strings. What the builder cannot say (a `flow_name` with another
 * integration than the bundle's, a property it does not know) the round trip finds and keeps as raw fields.
 */
export function emitJobSpec(
  key: string,
  resource: Raw,
  flows: ReadonlyMap<string, string>,
  module: ModuleContext,
): JobSpecCode | undefined {
  const properties = isJsonObject(resource.properties) ? resource.properties : {};
  const { name, event_source, event_type, flow_name } = properties;
  const parsed = typeof flow_name === "string" ? parseFlowReference(flow_name) : undefined;
  const flowIdent = parsed?.ok ? flows.get(parsed.name) : undefined;
  if (
    typeof name !== "string" ||
    typeof event_source !== "string" ||
    typeof event_type !== "string" ||
    !parsed?.ok ||
    flowIdent === undefined
  ) {
    module.keepRaw(["resources", key], resource);
    return undefined;
  }
  const ident = module.namer.take(camelCase(name), "JobSpec");
  // The flow's input type is inferred from the paths it reads, not taken from the event catalog, so the job
  // spec's event check would compare two unrelated types; it is turned off, visibly, for ZIS's own events.
  const checked = !Object.hasOwn(KNOWN_EVENT_SOURCES, event_source);
  const keyOption = key !== name ? `, key: ${JSON.stringify(key)}` : "";
  return {
    ident,
    flow: parsed.name,
    code:
      (checked ? "" : UNCHECKED_EVENT_COMMENT) +
      `export const ${ident} = ${module.use("jobSpec")}${checked ? "" : "<string, string>"}(${JSON.stringify(name)}, {\n  event_source: ${JSON.stringify(event_source)},\n  event_type: ${JSON.stringify(event_type)},\n  flow: ${flowIdent}${keyOption},\n});\n`,
  };
}
