import { BUILTIN_ACTION_SPECS, LINK_OBJECT_FIELDS, type ParameterType } from "../model/builtin-actions.js";
import { isJsonObject } from "../model/json.js";
import { parseActionName } from "../model/names.js";
import { classifyDollarValue } from "../model/template.js";
import { BUILTIN_BUILDER_EXPORTS } from "./dsl-exports.js";
import type { Raw } from "./module-context.js";
import type { LeafType } from "./shapes.js";
import type { ValueWriter } from "./values.js";

/** The TypeScript type of a built-in's parameter read by reference (the typed builders reject Ref<unknown>). */
const PARAMETER_TYPES: Record<ParameterType, LeafType | undefined> = {
  string: "string",
  number: "number",
  object: undefined,
  link_object: undefined,
  link_object_change: undefined,
  json: undefined,
};

/**
 * What an Action state runs, as the DSL's call of it: `jq(…)`, a built-in's builder, or `invoke(action, …)`;
 * undefined when the builders cannot express it.
 */
export function actionCall(actionName: string, parameters: Raw, values: ValueWriter): string | undefined {
  const parsed = parseActionName(actionName);
  const { module } = values;
  switch (parsed.kind) {
    case "jq": {
      // `jq(expr, data)` renders expr first; a bundle listing data first gets its key order back through a raw
      // `order` edit, which the importer's round trip finds.
      const keys = Object.keys(parameters).map((k) => k.replace(/\.\$$/, ""));
      if (keys.length !== 2 || !keys.includes("expr") || !keys.includes("data")) return undefined;
      const expr =
        typeof parameters.expr === "string"
          ? JSON.stringify(parameters.expr)
          : typeof parameters["expr.$"] === "string" &&
              classifyDollarValue(parameters["expr.$"]) === "template"
            ? values.template(parameters["expr.$"])
            : undefined;
      let data: string | undefined;
      if (typeof parameters["data.$"] === "string" && classifyDollarValue(parameters["data.$"]) === "path")
        data = values.ref(parameters["data.$"]);
      else if (isJsonObject(parameters.data)) data = values.dynamicObject(parameters.data);
      else if (typeof parameters.data === "string") data = JSON.stringify(parameters.data);
      if (!expr || !data) return undefined;
      return `${module.use("jq")}(${expr}, ${data})`;
    }
    case "builtin": {
      if (!parsed.known) return undefined;
      const taken: Readonly<Record<string, ParameterType>> = BUILTIN_ACTION_SPECS[parsed.name].parameters;
      if (!Object.keys(parameters).every((key) => Object.hasOwn(taken, key.replace(/\.\$$/, ""))))
        return undefined;
      // The link objects' fields are typed where they are (dynamicObject passes these types into them).
      const types: Record<string, LeafType> = {};
      for (const [name, type] of Object.entries({ ...taken, ...LINK_OBJECT_FIELDS }))
        if (PARAMETER_TYPES[type]) types[name] = PARAMETER_TYPES[type];
      return `${module.use(BUILTIN_BUILDER_EXPORTS[parsed.name])}(${values.dynamicObject(parameters, types)})`;
    }
    case "custom": {
      const action = module.actions.get(parsed.name);
      if (!action) return undefined;
      module.calledActions.add(parsed.name);
      const types: Record<string, LeafType> = {};
      for (const key of Object.keys(parameters)) {
        const plain = key.replace(/\.\$$/, "");
        const type = action.parameters.typeAt([plain]);
        if (type) types[plain] = type;
      }
      return `${module.use("invoke")}(${action.ident}, ${values.dynamicObject(parameters, types)})`;
    }
    case "invalid":
      return undefined;
  }
}
