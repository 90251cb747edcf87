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
export type Dynamic =
  | JsonPrimitive
  | Ref<unknown>
  | Template
  | BuildParam
  | Raw
  | readonly Dynamic[]
  | { readonly [key: string]: Dynamic | undefined };

export type DynamicObject = { readonly [key: string]: Dynamic | undefined };

export type ParamResolver = (param: BuildParam) => string;

/** Renders a dynamic object, adding the `.$` suffix where a value is a ref or a template. */
export function renderDynamicObject(object: DynamicObject, resolve: ParamResolver): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (isRef(value)) out[`${key}.$`] = refPath(value);
    else if (isTemplate(value)) out[value.plain ? key : `${key}.$`] = renderText(value, resolve);
    else out[key] = renderDynamicValue(value, resolve);
  }
  return out;
}

function renderDynamicValue(
  value: Exclude<Dynamic, Ref<unknown> | Template>,
  resolve: ParamResolver,
): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (isRaw(value)) return value[RAW];
  if (isBuildParam(value)) return resolve(value);
  if (Array.isArray(value)) {
    return value.map((item: Dynamic) => {
      if (isRef(item) || isTemplate(item))
        throw new DslError(
          "ref_in_array",
          "a path or template inside an array must sit in an object member (ZIS has no `.$` for array items)",
        );
      return renderDynamicValue(item, resolve);
    });
  }
  return renderDynamicObject(value as DynamicObject, resolve);
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
