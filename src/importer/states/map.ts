import { isJsonObject } from "../../model/json.js";
import { parseReferencePath } from "../../model/paths.js";
import { pascalCase } from "../names.js";
import { MAX_PROXY_INDEX } from "../shapes.js";
import { accessChain } from "../values.js";
import type { StateEmitter } from "./context.js";

/** `map(…)` with its iterator as a callback over the item proxy, and the item's type declared beside the flow. */
export const emitMap: StateEmitter = (state, { name, at, module, values, namer, machine }) => {
  if (typeof state.ItemsPath !== "string" || !isJsonObject(state.Iterator)) return undefined;
  const itemType = module.namer.take(`${pascalCase(name)}Item`);
  const itemsPath = parseReferencePath(state.ItemsPath);
  if (!itemsPath.ok || itemsPath.segments.some((s) => typeof s === "number" && s > MAX_PROXY_INDEX))
    return undefined;
  values.shape.use(itemsPath.segments, { array: itemType });
  const itemScope = namer.take("item");
  const iterator = machine(state.Iterator, [...at, "Iterator"], itemScope);
  module.scopesUsed.add(values.scope);
  const parameter = module.scopesUsed.has(itemScope) ? itemScope : "";
  return {
    builder: "map",
    options: [
      `itemsPath: ${values.scope}${accessChain(itemsPath.segments)}`,
      `iterator: (${parameter}) => {\n${iterator.body.replace(/^/gm, "  ")}}`,
    ],
    types: `${iterator.types}${typeDeclaration(itemType, iterator.shape.render(false))}\n\n`,
  };
};

/** An interface for an object type; an alias for the others (an item the iterator never reads, an array). */
const typeDeclaration = (name: string, type: string): string =>
  type.startsWith("{") ? `interface ${name} ${type}` : `type ${name} = ${type};`;
