import { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Any JSON value, taken as it is: z.json() would copy it and drop `__proto__` keys, which are keys like any
 * other in a bundle. Checked without recursion (the nesting limits bound the input elsewhere).
 */
export const JsonValueSchema = z.custom<JsonValue>(isJsonValue, "Invalid input: expected JSON");

/**
 * An object whose every member is read with `values`: z.record(z.string(), values), except that a member named
 * `__proto__` stays a member (z.record's copy sets it as the prototype, so a state or resource of that name
 * would vanish). Each member's problems keep their path below the member's key.
 */
export function jsonRecord<T extends z.ZodType>(values: T): z.ZodType<Record<string, z.output<T>>> {
  return z.unknown().transform((record, context) => {
    if (!isPlainObject(record)) {
      context.issues.push({ code: "invalid_type", expected: "record", input: record });
      return z.NEVER;
    }
    const members: Array<[string, z.output<T>]> = [];
    for (const [key, value] of Object.entries(record)) {
      const result = values.safeParse(value);
      if (result.success) members.push([key, result.data]);
      else
        for (const issue of result.error.issues)
          context.issues.push({ ...issue, path: [key, ...issue.path], input: value } as z.core.$ZodRawIssue);
    }
    // Object.fromEntries defines each member, `__proto__` included.
    return Object.fromEntries(members);
  });
}

/** Whether `value` is JSON: strings, finite numbers, booleans, null, arrays and plain objects of them. */
export function isJsonValue(value: unknown): value is JsonValue {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item === "string" || typeof item === "boolean") continue;
    if (typeof item === "number") {
      if (!Number.isFinite(item)) return false;
    } else if (Array.isArray(item)) {
      for (const member of item) pending.push(member);
    } else if (isPlainObject(item) && [Object.prototype, null].includes(Object.getPrototypeOf(item))) {
      for (const member of Object.values(item)) pending.push(member);
    } else return false;
  }
  return true;
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return isPlainObject(value);
}

/** An object that is neither an array nor null, with members of unknown type (input not yet validated). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value's JSON type, as messages name it: null, array, object, string, number or boolean. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** How many characters of a value's JSON text a preview keeps. */
export const PREVIEW_LENGTH = 80;

/**
 * A bounded description of a value from the input, for a finding's data: its JSON type and the start of its
 * JSON text (at most PREVIEW_LENGTH characters, then "…"). Data holds this rather than the value itself, so
 * that a huge or deeply nested value can neither bloat a finding nor make rendering its message fail.
 */
export interface ValuePreview {
  readonly type: string;
  readonly text: string;
}

/** An array or object being written: how many members it has, how to read one, and how many are written. */
interface PreviewFrame {
  readonly close: "]" | "}";
  readonly length: number;
  /** Member `index`: its key (undefined in an array) and its value. */
  readonly member: (index: number) => readonly [key: string | undefined, value: unknown];
  index: number;
}

/** The preview of `value`: its JSON text, written without recursion and only as far as the preview shows. */
export function previewOf(value: unknown): ValuePreview {
  let text = "";
  const frames: PreviewFrame[] = [];
  let pending: { readonly value: unknown } | undefined = { value };
  while (text.length <= PREVIEW_LENGTH) {
    if (pending !== undefined) {
      const current = pending.value;
      pending = undefined;
      if (Array.isArray(current)) {
        text += "[";
        frames.push({ close: "]", length: current.length, member: (i) => [undefined, current[i]], index: 0 });
      } else if (isPlainObject(current)) {
        const keys = Object.keys(current);
        text += "{";
        frames.push({
          close: "}",
          length: keys.length,
          member: (i) => [keys[i], current[keys[i]!]],
          index: 0,
        });
      } else text += scalarText(current);
      continue;
    }
    const frame = frames.at(-1);
    if (frame === undefined) break;
    if (frame.index === frame.length) {
      text += frame.close;
      frames.pop();
      continue;
    }
    const [key, member] = frame.member(frame.index);
    if (frame.index > 0) text += ",";
    if (key !== undefined) text += `${scalarText(key)}:`;
    pending = { value: member };
    frame.index++;
  }
  const cut = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return { type: jsonTypeOf(value), text: cut };
}

/** A scalar's JSON text; a long string is cut first (one character past the preview, so the cut shows). */
function scalarText(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > PREVIEW_LENGTH ? value.slice(0, PREVIEW_LENGTH + 1) : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  // Not JSON (undefined, a bigint, a function): only code can pass these.
  return String(value);
}
