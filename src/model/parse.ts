import type { z } from "zod";
import { isPlainObject } from "./json.js";
import { toPointer } from "./pointer.js";

/**
 * Parses `value` with `schema`, dropping the properties the schema does not know (real bundles carry
 * undocumented ones, which the validator only warns about); everything else must parse.
 */
export function parseKnown<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  const first = schema.safeParse(value);
  if (first.success || first.error.issues.some((issue) => issue.code !== "unrecognized_keys")) return first;
  const copy = structuredClone(value);
  for (const issue of first.error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    let owner: unknown = copy;
    for (const key of issue.path)
      owner = isPlainObject(owner) || Array.isArray(owner) ? (owner as never)[key] : undefined;
    if (isPlainObject(owner)) for (const key of issue.keys) delete owner[key];
  }
  return schema.safeParse(copy);
}

/** Where a value failed a schema, and why: the first issue, as a JSON pointer and zod's words. */
export interface SchemaProblem {
  readonly pointer: string;
  /** The same place as a dotted member path (`left_object.name`), "" for the value itself. */
  readonly member: string;
  readonly reason: string;
}

export function firstProblem(error: z.ZodError): SchemaProblem {
  const issue = error.issues[0]!;
  const segments = issue.path.map((key) => (typeof key === "symbol" ? String(key) : key));
  const reason =
    issue.code === "unrecognized_keys" ? `unknown properties ${issue.keys.join(", ")}` : issue.message;
  return { pointer: toPointer(segments), member: segments.join("."), reason };
}
