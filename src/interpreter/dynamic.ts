import { classifyDollarValue, findPlaceholders } from "../model/template.js";
import { compilePath, deepFreeze, isMissing, lookup, read, setMember, type CompiledPath } from "./data.js";
import { pathNotFound } from "./errors.js";

/**
 * Parameters and action definitions are compiled once per bundle into functions of the data (`$`), so a
 * run resolves `key.$` members and `{{…}}` placeholders without re-parsing anything.
 */

export interface DynamicOptions {
  /**
   * Interpolate `{{$.path}}` in plain strings too (keys without `.$`). ZIS documents interpolation only for
   * `.$` keys, but community bundles rely on it in action definitions and report it working.
   * @default true
   */
  readonly interpolatePlainStrings: boolean;
  /** What a placeholder whose path is missing renders as. @default "error" (JSON path not found) */
  readonly missingPlaceholder: "error" | "empty";
}

export type Resolver = (data: unknown) => unknown;

/** A string with placeholders, compiled: literal parts and paths in turn. */
export function compileTemplate(text: string, options: DynamicOptions): Resolver {
  const placeholders = findPlaceholders(text);
  if (placeholders.length === 0) return () => text;
  const literals: string[] = [];
  const paths: CompiledPath[] = [];
  let offset = 0;
  for (const placeholder of placeholders) {
    literals.push(text.slice(offset, placeholder.start));
    paths.push(compilePath(placeholder.path));
    offset = placeholder.end;
  }
  literals.push(text.slice(offset));
  return (data) => {
    let out = literals[0]!;
    for (let i = 0; i < paths.length; i++) {
      const value = lookup(data, paths[i]!);
      if (isMissing(value)) {
        if (options.missingPlaceholder === "error") throw pathNotFound(paths[i]!.text);
      } else {
        out += renderPlaceholderValue(value);
      }
      out += literals[i + 1]!;
    }
    return out;
  };
}

/** Strings as they are; everything else as its JSON text (`1001`, `true`, `null`, `{"a":1}`). */
export function renderPlaceholderValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Compiles a Parameters object or an action definition. Static parts are returned as shared frozen JSON. */
export function compileDynamic(value: unknown, options: DynamicOptions): Resolver {
  if (!isDynamic(value, options)) {
    const constant = deepFreeze(value);
    return () => constant;
  }
  if (typeof value === "string") return compileTemplate(value, options);
  if (Array.isArray(value)) {
    const items = value.map((item) => compileDynamic(item, options));
    return (data) => items.map((item) => item(data));
  }
  const members: Array<{ key: string; resolve: Resolver }> = [];
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (key.endsWith(".$") && typeof member === "string") {
      const path = classifyDollarValue(member) === "path" ? compilePath(member) : undefined;
      const template = path ? undefined : compileTemplate(member, options);
      members.push({ key: key.slice(0, -2), resolve: path ? (data) => read(data, path) : template! });
    } else {
      members.push({ key, resolve: compileDynamic(member, options) });
    }
  }
  return (data) => {
    const out: Record<string, unknown> = {};
    for (const member of members) setMember(out, member.key, member.resolve(data));
    return out;
  };
}

function isDynamic(value: unknown, options: DynamicOptions): boolean {
  if (typeof value === "string") return options.interpolatePlainStrings && findPlaceholders(value).length > 0;
  if (Array.isArray(value)) return value.some((item) => isDynamic(item, options));
  if (value !== null && typeof value === "object")
    return Object.entries(value).some(([key, member]) => key.endsWith(".$") || isDynamic(member, options));
  return false;
}
