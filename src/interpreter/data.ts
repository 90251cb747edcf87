import { parseReferencePath, type PathSegment } from "../model/paths.js";
import { BoundedCache } from "./bounded-cache.js";
import { HarnessError, pathNotFound, StateError, STATE_ERROR_NAMES } from "./errors.js";

/**
 * Flow data is never mutated: a ResultPath write copies only the objects on the way to the written member
 * (copy-on-write), so values shared with mocks, constants of the bundle or earlier results stay intact.
 */

export interface CompiledPath {
  readonly text: string;
  readonly segments: readonly PathSegment[];
}

/** Paths parsed so far, shared by the bundles a process prepares; bounded for the long-lived `zisflow dev`. */
const compiledPaths = new BoundedCache<string, CompiledPath>(10_000);

/** Parses a reference path; later calls with the same text reuse the result while it is kept. */
export function compilePath(text: string): CompiledPath {
  return compiledPaths.get(text, () => {
    const parsed = parseReferencePath(text);
    if (!parsed.ok)
      throw new HarnessError("invalid_bundle", `invalid reference path "${text}": ${parsed.reason}`);
    return Object.freeze({ text, segments: parsed.segments });
  });
}

const MISSING = Symbol("missing");

/** The value at `path`, or `MISSING`. */
export function lookup(data: unknown, path: CompiledPath): unknown {
  let current = data;
  for (const segment of path.segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return MISSING;
      current = current[segment];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return MISSING;
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return MISSING;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

export const isMissing = (value: unknown): value is typeof MISSING => value === MISSING;

/** The value at `path`; a missing path is the runtime error `JSON path not found: <path>`. */
export function read(data: unknown, path: CompiledPath): unknown {
  const value = lookup(data, path);
  if (value === MISSING) throw pathNotFound(path.text);
  return value;
}

/**
 * Writes `value` at `path` (ResultPath semantics): `$` replaces everything; missing objects on the way are
 * created; a non-object on the way is States.ResultPathMatchFailure.
 */
export function write(data: unknown, path: CompiledPath, value: unknown): unknown {
  return writeAt(data, path, 0, value);
}

function writeAt(current: unknown, path: CompiledPath, index: number, value: unknown): unknown {
  if (index === path.segments.length) return value;
  const segment = path.segments[index]!;
  if (typeof segment === "number") {
    if (!Array.isArray(current) || segment >= current.length) throw matchFailure(path, index);
    const copy = current.slice();
    copy[segment] = writeAt(current[segment], path, index + 1, value);
    return copy;
  }
  if (current === undefined) current = {};
  if (current === null || typeof current !== "object" || Array.isArray(current))
    throw matchFailure(path, index);
  const object = current as Record<string, unknown>;
  return { ...object, [segment]: writeAt(object[segment], path, index + 1, value) };
}

function matchFailure(path: CompiledPath, index: number): StateError {
  const where = index === 0 ? "$" : path.text;
  return new StateError(
    STATE_ERROR_NAMES.resultPathMatchFailure,
    `Unable to apply ResultPath ${path.text}: the value on the way (${where}) is not an object`,
  );
}

/** Deep-freezes JSON taken from a bundle, so sharing it between runs is safe. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
