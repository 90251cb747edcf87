import type { JsonObject, JsonValue } from "../model/json.js";
import { DslError } from "./errors.js";
import { isRef, refPath, type Ref } from "./ref.js";
import { isBuildParam, isTemplate, renderText, type BuildParam, type Template } from "./text.js";

const RAW = Symbol.for("zisflow.raw");

/** JSON written exactly as given: no `.$` handling (escape hatch for shapes the builders do not model). */
export interface Raw {
  readonly [RAW]: JsonValue;
}

export function raw(value: JsonValue): Raw {
  return Object.freeze({ [RAW]: value });
}

const isRaw = (value: unknown): value is Raw => typeof value === "object" && value !== null && RAW in value;

export type JsonPrimitive = string | number | boolean | null;

/**
 * A value inside Parameters, a request body or link metadata: JSON, where a ref becomes `"key.$": "$.path"`,
 * a template `"key.$": "text {{$.path}}"` and a build parameter its value. Undefined members are left out.
 */
export type Dynamic = Ref<unknown> | Template | DynamicArrayItem;

/**
 * What an array may hold: any Dynamic but a ref or a template itself, which ZIS cannot resolve (it has no `.$`
 * for array items); put one in an object member instead (`[{ "id.$": "$.x" }]`).
 */
export type DynamicArrayItem =
  | JsonPrimitive
  | BuildParam
  | Raw
  | readonly DynamicArrayItem[]
  | { readonly [key: string]: Dynamic | undefined };

export type DynamicObject = { readonly [key: string]: Dynamic | undefined };

export type ParamResolver = (param: BuildParam) => string;

/**
 * Renders a dynamic object, adding the `.$` suffix where a value is a ref or a template. `at` names the object
 * (e.g. `HTTP action "Notify" requestBody`) in the error a ref inside an array gets where types did not stop it.
 */
export function renderDynamicObject(
  object: DynamicObject,
  resolve: ParamResolver,
  at: string = "the object",
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (isRef(value)) out[`${key}.$`] = refPath(value);
    else if (isTemplate(value)) out[value.plain ? key : `${key}.$`] = renderText(value, resolve);
    else out[key] = renderDynamicValue(value, resolve, `${at}/${key}`);
  }
  return out;
}

function renderDynamicValue(value: DynamicArrayItem, resolve: ParamResolver, at: string): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (isRaw(value)) return value[RAW];
  if (isBuildParam(value)) return resolve(value);
  if (Array.isArray(value)) {
    return value.map((item: Dynamic, index) => {
      // The types refuse this; JavaScript callers and casts still get a clear error.
      if (isRef(item) || isTemplate(item))
        throw new DslError(
          "ref_in_array",
          `${at}/${index}: a path or template inside an array must sit in an object member (ZIS has no \`.$\` for array items)`,
        );
      return renderDynamicValue(item, resolve, `${at}/${index}`);
    });
  }
  return renderDynamicObject(value as DynamicObject, resolve, at);
}

/** A member that is either a ref (`key.$`) or literal text (`key`), as in headers and Jq's `expr`. */
export function renderMember(
  out: JsonObject,
  key: string,
  value: Dynamic | undefined,
  resolve: ParamResolver,
): void {
  if (value === undefined) return;
  Object.assign(out, renderDynamicObject({ [key]: value }, resolve));
}
