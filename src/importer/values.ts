import { isJsonObject, type JsonValue } from "../model/json.js";
import { parseReferencePath, type PathSegment } from "../model/paths.js";
import { classifyDollarValue, findPlaceholders } from "../model/template.js";
import type { ModuleContext, Raw } from "./module-context.js";
import { memberAccess, propertyKey } from "./names.js";
import { MAX_PROXY_INDEX, type LeafType, type ShapeTree } from "./shapes.js";

/**
 * Writes JSON values that read data as DSL expressions: reference paths as proxy accesses on `scope` (recorded
 * in `shape`, the data's type), `{{…}}` templates as tpl``, build-parameter placeholders as `param(…)`.
 */
export class ValueWriter {
  constructor(
    readonly module: ModuleContext,
    /** The proxy variable of the data (`$`, or a Map iterator's item). */
    readonly scope: string,
    readonly shape: ShapeTree,
  ) {}

  /** A reference path as a proxy expression (or `path<T>(…)` when the proxy cannot, or the type does not, fit). */
  ref(text: string, type?: LeafType): string {
    const parsed = parseReferencePath(text);
    const typeArgument = type ? `<${type}>` : "";
    if (!parsed.ok || parsed.segments.some((s) => typeof s === "number" && s > MAX_PROXY_INDEX))
      return `${this.module.use("path")}${typeArgument}(${JSON.stringify(text)})`;
    if (type) {
      const known = this.shape.typeAt(parsed.segments);
      if (known !== undefined && known !== type)
        return `${this.module.use("path")}${typeArgument}(${JSON.stringify(text)})`;
    }
    if (!isInitialKey(parsed.segments, this.scope)) this.shape.use(parsed.segments, type ?? "unknown");
    this.module.scopesUsed.add(this.scope);
    return `${this.scope}${accessChain(parsed.segments)}`;
  }

  /** The value of a `key.$` member: a reference path or a template. */
  dollarValue(value: string, type?: LeafType): string {
    return classifyDollarValue(value) === "path" ? this.ref(value, type) : this.template(value);
  }

  /** A `{{…}}` template as a tpl`` expression. */
  template(text: string): string {
    let out = "";
    let offset = 0;
    for (const placeholder of findPlaceholders(text)) {
      out += escapeTemplate(text.slice(offset, placeholder.start));
      out += "${" + this.ref(placeholder.path) + "}";
      offset = placeholder.end;
    }
    out += escapeTemplate(text.slice(offset));
    return `${this.module.use("tpl")}\`${out}\``;
  }

  /** Succeed Message / Fail Error and Cause: text whose placeholders are interpolated. */
  text(text: string): string {
    return findPlaceholders(text).length > 0 ? this.template(text) : plainText(this.module, text);
  }

  /**
   * An object of Parameters / request body / metadata: `key.$` members become refs and templates. `types` are
   * the TypeScript types of members read by reference, where the builder wants them typed.
   */
  dynamicObject(object: Raw, types: Readonly<Record<string, LeafType>> = {}): string {
    const members: string[] = [];
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(object)) {
      const plainKey = key.endsWith(".$") ? key.slice(0, -2) : key;
      if (seen.has(plainKey)) continue;
      seen.add(plainKey);
      if (key.endsWith(".$")) {
        if (typeof value !== "string") continue;
        members.push(`${propertyKey(plainKey)}: ${this.dollarValue(value, types[plainKey])}`);
      } else
        members.push(
          `${propertyKey(key)}: ${this.#dynamicValue(value, key === "left_object" || key === "right_object" ? types : {})}`,
        );
    }
    return `{ ${members.join(", ")} }`;
  }

  #dynamicValue(value: JsonValue, types: Readonly<Record<string, LeafType>> = {}): string {
    if (typeof value === "string") return plainText(this.module, value);
    if (Array.isArray(value)) return `[${value.map((item) => this.#dynamicValue(item)).join(", ")}]`;
    if (isJsonObject(value)) return this.dynamicObject(value, types);
    return JSON.stringify(value);
  }
}

/** A plain string; recognisable build-parameter placeholders become `param(...)`. */
export function plainText(module: ModuleContext, text: string): string {
  if (findPlaceholders(text).length > 0) return JSON.stringify(text);
  const pieces = paramPieces(module, text);
  if (pieces.every((p) => typeof p === "string")) return JSON.stringify(text);
  if (pieces.length === 1) return (pieces[0] as { ident: string }).ident;
  const body = pieces.map((p) => (typeof p === "string" ? escapeTemplate(p) : "${" + p.ident + "}")).join("");
  return `${module.use("str")}\`${body}\``;
}

/** `${NAME}`, `%NAME%`, `{{name}}`, `NAME_PLACEHOLDER` and a whole `SOME_NAME`: the placeholder styles seen. */
const PARAM_TOKEN =
  /\$\{([A-Z][A-Z0-9_]*)\}|%([A-Z][A-Z0-9_]*)%|\{\{([A-Za-z_][A-Za-z0-9_<>]*)\}\}|\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_PLACEHOLDER)\b|^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/g;

/** `text` cut into literal pieces and build parameters. */
function paramPieces(module: ModuleContext, text: string): Array<string | { ident: string }> {
  const pieces: Array<string | { ident: string }> = [];
  let offset = 0;
  for (const match of text.matchAll(PARAM_TOKEN)) {
    const name = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5]!;
    if (match.index > offset) pieces.push(text.slice(offset, match.index));
    pieces.push({ ident: module.param(name, match[0]) });
    offset = match.index + match[0].length;
  }
  if (offset < text.length) pieces.push(text.slice(offset));
  return pieces;
}

/** Proxy member accesses for a path's segments. */
export function accessChain(segments: readonly PathSegment[]): string {
  return segments.map((s) => (typeof s === "number" ? `[${s}]` : memberAccess(s))).join("");
}

/** account_id, integration_key and subdomain are typed by the DSL already. */
function isInitialKey(segments: readonly PathSegment[], scope: string): boolean {
  return (
    scope === "$" &&
    typeof segments[0] === "string" &&
    ["account_id", "integration_key", "subdomain"].includes(segments[0])
  );
}

/** Text as the literal part of a template literal. */
function escapeTemplate(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
}
