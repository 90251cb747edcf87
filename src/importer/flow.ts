import { isJsonObject } from "../model/json.js";
import { emitMachine } from "./machine.js";
import type { ModuleContext, Raw } from "./module-context.js";
import { camelCase, pascalCase } from "./names.js";

/** A flow as DSL code, the variable it is exported as, and the name job specs reference it by. */
export interface FlowCode {
  readonly code: string;
  readonly ident: string;
  readonly name: string;
}

/** A `ZIS::Flow` as `export const … = flow<Data>(name, ($) => { … })`, its data type declared before it. */
export function emitFlow(key: string, resource: Raw, module: ModuleContext): FlowCode {
  const properties = isJsonObject(resource.properties) ? resource.properties : {};
  const name = typeof properties.name === "string" ? properties.name : key;
  const ident = module.namer.take(camelCase(name), "Flow");
  const definition = isJsonObject(properties.definition) ? properties.definition : {};
  const dataType = module.namer.take(`${pascalCase(name)}Data`);
  module.scopesUsed.clear();
  const machine = emitMachine(
    definition,
    ["resources", key, "properties", "definition"],
    "$",
    module.namer.child(),
    module,
  );
  const parameter = module.scopesUsed.has("$") ? "($)" : "()";
  const options: string[] = [];
  if (typeof definition.Comment === "string") options.push(`comment: ${JSON.stringify(definition.Comment)}`);
  if (key !== name) options.push(`key: ${JSON.stringify(key)}`);
  const code =
    `${machine.types}interface ${dataType} ${machine.shape.render(true)}\n\n` +
    `export const ${ident} = ${module.use("flow")}<${dataType}>(${JSON.stringify(name)}, ${parameter} => {\n${machine.body}}${options.length ? `, { ${options.join(", ")} }` : ""});\n`;
  return { code, ident, name };
}
