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
 * created; a non-object on the way is States.ResultPathMatchFailure. With `sizes`, the shapes of the objects it
 * makes are worked out from the ones they copy, so measuring the new data costs nothing more.
 */
export function write(data: unknown, path: CompiledPath, value: unknown, sizes?: DataSizes): unknown {
  const memo = sizes?.memo;
  // Measured first (within the limits: a value over them is left for the data check to report).
  if (sizes && value !== null && typeof value === "object" && !sizes.memo.has(value))
    measure(value, sizes.limits, sizes.memo);
  // Down the path (a loop: a bundle's path may have any length), then copies back up with the new member.
  const { segments } = path;
  const holders: Array<unknown[] | Record<string, unknown> | undefined> = [];
  let current = data;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) throw matchFailure(path, index);
      holders.push(current);
      current = current[segment];
      continue;
    }
    // undefined: an object to make on the way.
    if (current !== undefined && (current === null || typeof current !== "object" || Array.isArray(current)))
      throw matchFailure(path, index);
    const object = current as Record<string, unknown> | undefined;
    holders.push(object);
    current = object !== undefined && Object.hasOwn(object, segment) ? object[segment] : undefined;
  }
  let child = value;
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index]!;
    const holder = holders[index];
    if (sizes)
      sizes.copied.members += Array.isArray(holder) ? holder.length : holder ? Object.keys(holder).length : 0;
    if (Array.isArray(holder)) {
      const copy = holder.slice();
      const old: unknown = holder[segment as number];
      copy[segment as number] = child;
      if (memo) deriveShape(memo, holder, copy, undefined, old, child);
      child = copy;
    } else {
      const key = segment as string;
      const had = holder !== undefined && Object.hasOwn(holder, key);
      const old = had ? holder[key] : undefined;
      // A computed key makes an own member even of `__proto__`.
      const copy = { ...holder, [key]: child };
      if (memo) deriveShape(memo, holder, copy, had ? undefined : key, old, child);
      child = copy;
    }
  }
  return child;
}

/**
 * The shape of `copy`, made from `original` (undefined: an empty object made on the way) by replacing the member
 * `oldChild` with `newChild`, or adding it under `addedKey`: the original's shape with the difference. Where a
 * shape is not known, or the depth could shrink, nothing is recorded and `measure` walks the copy.
 */
function deriveShape(
  memo: Map<object, DataShape>,
  original: object | undefined,
  copy: object,
  addedKey: string | undefined,
  oldChild: unknown,
  newChild: unknown,
): void {
  const before = original === undefined ? EMPTY_OBJECT : memo.get(original);
  if (before === undefined || isSkipped(newChild)) return;
  let addedBytes: number;
  let addedDepth = 0;
  if (newChild !== null && typeof newChild === "object") {
    const added = memo.get(newChild);
    if (added === undefined) return;
    addedBytes = added.bytes;
    addedDepth = added.depth;
  } else addedBytes = scalarBytes(newChild);
  let bytes = before.bytes + addedBytes;
  if (addedKey !== undefined) bytes += stringBytes(addedKey) + 1 + (before.bytes > 2 ? 1 : 0);
  else if (oldChild !== null && typeof oldChild === "object") {
    const removed = memo.get(oldChild);
    // Unknown, or the deepest member replaced by a shallower one: the depth is not known without a walk.
    if (removed === undefined || (removed.depth + 1 === before.depth && addedDepth < removed.depth)) return;
    bytes -= removed.bytes;
  } else if (isSkipped(oldChild)) return;
  else bytes -= scalarBytes(oldChild);
  memo.set(copy, { bytes, depth: Math.max(before.depth, addedDepth + 1) });
}

const EMPTY_OBJECT: DataShape = { bytes: 2, depth: 1 };

function matchFailure(path: CompiledPath, index: number): StateError {
  const where = index === 0 ? "$" : path.text;
  return new StateError(
    STATE_ERROR_NAMES.resultPathMatchFailure,
    `Unable to apply ResultPath ${path.text}: the value on the way (${where}) is not an object`,
  );
}

/** Deep-freezes JSON taken from a bundle, so sharing it between runs is safe (iteratively: any depth). */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== "object" || Object.isFrozen(current)) continue;
    Object.freeze(current);
    for (const child of Object.values(current)) stack.push(child);
  }
  return value;
}

/**
 * Sets a member whose key comes from the user (a bundle, data, mocks) on an ordinary object: `__proto__` becomes
 * an own member like any other key instead of replacing the object's prototype.
 */
export function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * How deeply nested a JSON value the interpreter takes: the event payload, mock data, bundles and what states
 * write. The interpreter, JSON.stringify and structuredClone recurse over values and run out of stack not far
 * above this (structuredClone near 1,900 levels), so a deeper value is refused up front, never a RangeError.
 */
export const MAX_DATA_DEPTH = 1000;

/** A JSON value's size (UTF-8 bytes of its JSON text) and nesting depth (a scalar is 0, `[]` is 1). */
export interface DataShape {
  readonly bytes: number;
  readonly depth: number;
}

/** What `measure` stops at: more bytes, or more levels, than these. */
export interface DataLimits {
  readonly bytes: number;
  readonly depth: number;
}

/** The shapes of one run's flow data objects, kept as states write, and the limits the run measures to. */
export interface DataSizes {
  readonly memo: Map<object, DataShape>;
  readonly limits: DataLimits;
  /** Members `write` has copied so far in the run (see RunBudget.copiedMembers). */
  readonly copied: { members: number };
}

const TOO_LARGE = Symbol("too large");
const TOO_DEEP = Symbol("too deep");

/**
 * The shape of `value` as JSON.stringify would write it, or which limit it passes. It stops as soon as it passes
 * one, so measuring costs at most about `limits.bytes` steps and `limits.depth` stack frames whatever the value
 * (a cycle is too deep). Shapes of objects go into `memo` when one is given: flow data is never mutated and
 * shares all it did not change, so data that doubles by sharing stays cheap to measure. Without one, a shared
 * part is measured each time it is met, which `limits.bytes` still bounds.
 */
export function measure(
  value: unknown,
  limits: DataLimits,
  memo?: Map<object, DataShape>,
): DataShape | "too_large" | "too_deep" {
  const walk: Walk = { limits, memo, depth: 0 };
  try {
    const bytes = bytesOf(value, 0, walk);
    return { bytes, depth: walk.depth };
  } catch (error) {
    if (error === TOO_LARGE) return "too_large";
    if (error === TOO_DEEP) return "too_deep";
    throw error;
  }
}

/** One measuring walk: its limits and memo, and the depth of the value `bytesOf` measured last. */
interface Walk {
  readonly limits: DataLimits;
  readonly memo: Map<object, DataShape> | undefined;
  depth: number;
}

/** JSON.stringify leaves these out of objects and writes them as null in arrays. */
const isSkipped = (value: unknown): boolean =>
  value === undefined || typeof value === "function" || typeof value === "symbol";

/** The bytes of `value`, found at `level`; its depth is left in `walk.depth` (no object made per scalar). */
function bytesOf(value: unknown, level: number, walk: Walk): number {
  if (value === null || typeof value !== "object") {
    walk.depth = 0;
    return scalarBytes(value);
  }
  const { limits, memo } = walk;
  const known = memo?.get(value);
  if (known !== undefined) {
    if (level + known.depth > limits.depth) throw TOO_DEEP;
    if (known.bytes > limits.bytes) throw TOO_LARGE;
    walk.depth = known.depth;
    return known.bytes;
  }
  if (level + 1 > limits.depth) throw TOO_DEEP;
  let bytes = 2;
  let depth = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      bytes += (i > 0 ? 1 : 0) + bytesOf(isSkipped(item) ? null : item, level + 1, walk);
      if (walk.depth > depth) depth = walk.depth;
      if (bytes > limits.bytes) throw TOO_LARGE;
    }
  } else {
    let first = true;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (isSkipped(item)) continue;
      bytes += (first ? 0 : 1) + stringBytes(key) + 1 + bytesOf(item, level + 1, walk);
      first = false;
      if (walk.depth > depth) depth = walk.depth;
      if (bytes > limits.bytes) throw TOO_LARGE;
    }
  }
  memo?.set(value, { bytes, depth: depth + 1 });
  walk.depth = depth + 1;
  return bytes;
}

function scalarBytes(value: unknown): number {
  switch (typeof value) {
    case "string":
      return stringBytes(value);
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "bigint":
      return String(value).length;
    default:
      return 4;
  }
}

/** UTF-8 bytes of a string's JSON text: quotes, escapes (`\n`, `\u001f`, a lone surrogate as `\udxxx`). */
function stringBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 0x22 || code === 0x5c) bytes += 2;
      else if (code >= 0x20) bytes += 1;
      else bytes += code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
    } else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 6;
    } else if (code >= 0xdc00 && code <= 0xdfff) bytes += 6;
    else bytes += 3;
  }
  return bytes;
}

/** A JSON value from outside the flow (an event payload, a response body), read as `readJsonPayload` reads it. */
export type PayloadRead =
  | { readonly kind: "ok"; readonly value: unknown }
  /** `size`: its exact size ("20 bytes"), or that it is over the limit where measuring stopped early. */
  | { readonly kind: "too_large"; readonly size: string }
  | { readonly kind: "too_deep" }
  | { readonly kind: "not_json"; readonly reason: string };

/**
 * A copy of `value` through its JSON text (what the flow would receive over the wire), once it is known to be
 * within `payloadBytes` and MAX_DATA_DEPTH: looked over first, so neither a deep nor a huge shared value reaches
 * JSON.stringify.
 */
export function readJsonPayload(value: unknown, payloadBytes: number): PayloadRead {
  const outline = outlineOf(value, { bytes: payloadBytes, depth: MAX_DATA_DEPTH });
  if (outline !== undefined) return outline;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { kind: "not_json", reason: (error as Error).message };
  }
  if (text === undefined) return { kind: "not_json", reason: `a ${typeof value} is not a JSON value` };
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > payloadBytes) return { kind: "too_large", size: `${bytes} bytes` };
  return { kind: "ok", value: JSON.parse(text) as unknown };
}

/**
 * A quick look at a value before JSON.stringify reads it: too deep, or too large already by a lower bound of its
 * JSON size (a string counts its length, anything else a byte, a part as often as it is met), which stops the
 * look after about `limits.bytes` values. Cheaper than `measure`: it reads no string.
 */
function outlineOf(value: unknown, limits: DataLimits): PayloadRead | undefined {
  try {
    outlineBytes(value, 0, 0, limits);
    return undefined;
  } catch (error) {
    if (error === TOO_LARGE) return { kind: "too_large", size: `over ${limits.bytes} bytes` };
    if (error === TOO_DEEP) return { kind: "too_deep" };
    throw error;
  }
}

/** `bytes` so far plus the lower bound of `value`'s, found at `level`. */
function outlineBytes(value: unknown, level: number, bytes: number, limits: DataLimits): number {
  if (typeof value === "string") bytes += value.length + 2;
  else if (value === null || typeof value !== "object") bytes += 1;
  else {
    if (level >= limits.depth) throw TOO_DEEP;
    bytes += 2;
    if (Array.isArray(value)) for (const item of value) bytes = outlineBytes(item, level + 1, bytes, limits);
    else
      for (const key of Object.keys(value))
        bytes = outlineBytes((value as Record<string, unknown>)[key], level + 1, bytes, limits);
  }
  if (bytes > limits.bytes) throw TOO_LARGE;
  return bytes;
}
