import { HTTP_METHODS } from "../model/http-action.js";
import { isJsonObject } from "../model/json.js";
import { classifyDollarValue } from "../model/template.js";
import type { ModuleContext, Raw } from "./module-context.js";
import { camelCase, propertyKey } from "./names.js";
import { ShapeTree } from "./shapes.js";
import { plainText, ValueWriter } from "./values.js";

/**
 * A `ZIS::Action::Http` as `const … = httpAction<Parameters>(name, ($) => ({ … }))`. Its parameters are what
 * the definition reads plus what callers pass; each is optional unless every caller passes it.
 */
export function emitHttpAction(key: string, resource: Raw, module: ModuleContext): string {
  const properties = isJsonObject(resource.properties) ? resource.properties : {};
  const name = typeof properties.name === "string" ? properties.name : key;
  const ident = module.namer.take(camelCase(name), "Action");
  const definition = isJsonObject(properties.definition) ? properties.definition : {};
  const values = new ValueWriter(module, "$", new ShapeTree());
  module.actions.set(name, { ident, parameters: values.shape });
  module.scopesUsed.clear();
  const members: string[] = [];
  const method =
    typeof definition.method === "string" && (HTTP_METHODS as readonly string[]).includes(definition.method)
      ? definition.method
      : "GET";
  members.push(`method: ${JSON.stringify(method)}`);
  for (const field of ["url", "path"] as const) {
    const plain = definition[field];
    const dynamic = definition[`${field}.$`];
    if (typeof plain === "string") members.push(`${field}: ${plainText(module, plain)}`);
    else if (typeof dynamic === "string") members.push(`${field}: ${values.dollarValue(dynamic, "string")}`);
  }
  if (typeof definition.connectionName === "string")
    members.push(`connectionName: ${JSON.stringify(definition.connectionName)}`);
  for (const field of ["headers", "queryParams"] as const) {
    const pairs = keyValuePairs(definition[field]);
    if (pairs)
      members.push(
        `${field}: { ${pairs.map(([k, v]) => `${propertyKey(k)}: ${keyValue(v, values)}`).join(", ")} }`,
      );
  }
  if (isJsonObject(definition.requestBody))
    members.push(`requestBody: ${values.dynamicObject(definition.requestBody)}`);
  else if (
    typeof definition["requestBody.$"] === "string" &&
    classifyDollarValue(definition["requestBody.$"]) === "path"
  )
    members.push(`requestBody: ${values.ref(definition["requestBody.$"])}`);
  const options = key !== name ? `, { key: ${JSON.stringify(key)} }` : "";
  const parameter = module.scopesUsed.has("$") ? "($)" : "()";
  const callers = module.callers.get(name);
  const optional = new Set<string>();
  for (const passed of callers?.keys.keys() ?? []) values.shape.use([passed]);
  for (const member of values.shape.topLevelKeys())
    if ((callers?.keys.get(member) ?? 0) < (callers?.calls ?? 0) || !callers) optional.add(member);
  return `const ${ident} = ${module.use("httpAction")}<${values.shape.render(false, optional)}>(${JSON.stringify(name)}, ${parameter} => ({\n  ${members.join(",\n  ")},\n})${options});\n`;
}

/** A header or query parameter: its `value`, or its `value.$` read from the parameters. */
function keyValue(entry: Raw, values: ValueWriter): string {
  if (typeof entry["value.$"] === "string") return values.dollarValue(entry["value.$"], "string");
  return plainText(values.module, String(entry.value));
}

/** `[{ key, value }]` lists the builders write as objects: unique keys, each with one `value` or `value.$`. */
function keyValuePairs(list: unknown): Array<[string, Raw]> | undefined {
  if (!Array.isArray(list)) return undefined;
  const pairs: Array<[string, Raw]> = [];
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.key !== "string") return undefined;
    const keys = Object.keys(item);
    const valueKey = keys.find((k) => k === "value" || k === "value.$");
    if (keys.length !== 2 || !valueKey || typeof item[valueKey] !== "string" || keys[0] !== "key")
      return undefined;
    if (pairs.some(([k]) => k === item.key)) return undefined;
    pairs.push([item.key, item]);
  }
  return pairs;
}
