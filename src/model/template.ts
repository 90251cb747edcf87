/**
 * ZIS path placeholders: `{{$.some.path}}` inside strings (a ZIS extension to ASL). Only `{{` followed by a
 * reference path is a ZIS placeholder; `{{name}}` is left alone, because tools around ZIS (Postman,
 * ZIS Workflow Manager) use that form for their own substitutions.
 */

export interface Placeholder {
  /** The reference path inside the braces, trimmed. */
  readonly path: string;
  /** Offset of the opening `{{` in the string. */
  readonly start: number;
  /** Offset just after the closing `}}`. */
  readonly end: number;
}

/**
 * The path runs to the first brace and is trimmed afterwards: a lazy path followed by `\s*` would make the
 * engine retry every split of a long run of white space, quadratic in its length.
 */
const PLACEHOLDER = /\{\{\s*(\$[^{}]*)\}\}/g;

export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    found.push({ path: match[1]!.trimEnd(), start: match.index, end: match.index + match[0].length });
  }
  return found;
}

export function hasPlaceholder(text: string): boolean {
  return findPlaceholders(text).length > 0;
}

/**
 * How a `key.$` value is read (reference §5.4): a string starting with `$` and holding no placeholder is a
 * reference path; any other string is a template whose placeholders are interpolated (possibly none).
 */
export function classifyDollarValue(value: string): "path" | "template" {
  return value.startsWith("$") && !value.includes("{{") ? "path" : "template";
}
