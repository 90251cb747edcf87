/** jq's operations on values: indexing, slices, iteration, arithmetic and paths, with jq 1.8.2's messages. */
import { JqError, JqUnsupported } from "./errors.js";
import { step, steps } from "./evaluation.js";
import {
  codePointLength,
  compare,
  copyObject,
  describe,
  equals,
  errorText,
  isNumber,
  isObject,
  member,
  negate,
  newObject,
  numberValue,
  setMember,
  typeOf,
  type JqObject,
  type JqValue,
} from "./value.js";

const fail = (message: string): never => {
  throw new JqError(message);
};

/** The start/end object jq uses for a slice in paths. */
export function sliceKey(from: JqValue, to: JqValue): JqObject {
  const key = newObject();
  key["start"] = from;
  key["end"] = to;
  return key;
}

/** The bounds of an object key `{start, end}` on an array or string: both must be there. */
function sliceKeyParts(key: JqObject): [JqValue, JqValue] {
  const start = member(key, "start");
  const end = member(key, "end");
  if (start === undefined || end === undefined) return fail("Array/string slice indices must be integers");
  return [start, end];
}

/** A number as an array index, as jq's C cast to int makes it: cut toward zero (`.[-0.5]` is `.[0]`). */
export const arrayIndex = (n: number): number => Math.trunc(n) + 0;

/** `.[key]` (and `.key`), jq's `jv_get`. */
export function index(value: JqValue, key: JqValue): JqValue {
  if (isObject(value)) {
    if (typeof key === "string") return member(value, key) ?? null;
  } else if (Array.isArray(value)) {
    if (isNumber(key)) {
      const n = numberValue(key);
      if (Number.isNaN(n)) return null;
      let i = arrayIndex(n);
      if (i < 0) i += value.length;
      return i >= 0 && i < value.length ? value[i]! : null;
    }
    if (isObject(key)) return slice(value, ...sliceKeyParts(key));
    if (Array.isArray(key)) return indices(value, key);
  } else if (value === null) {
    if (typeof key === "string" || isNumber(key) || isObject(key)) return null;
  } else if (typeof value === "string" && isObject(key)) {
    return slice(value, ...sliceKeyParts(key));
  }
  return fail(`Cannot index ${typeOf(value)} with ${typeOf(key)} (${errorText(key)})`);
}

/** The positions where `needle` occurs in `haystack` as a run of elements (`.[[1,2]]`, `indices`). */
export function indices(haystack: readonly JqValue[], needle: readonly JqValue[]): JqValue[] {
  const found: JqValue[] = [];
  if (needle.length === 0) return [];
  for (let i = 0; i + needle.length <= haystack.length; i++)
    if (needle.every((item, j) => equals(haystack[i + j]!, item))) found.push(i);
  return found;
}

function sliceBounds(length: number, from: JqValue, to: JqValue): [number, number] {
  const bound = (v: JqValue, fallback: number, round: (x: number) => number): number => {
    if (v === null) return fallback;
    if (!isNumber(v)) return fail("Array/string slice indices must be integers");
    let n = numberValue(v);
    if (Number.isNaN(n)) throw new JqUnsupported("nan slice index");
    if (n < 0) n += length;
    n = round(n);
    return Math.min(Math.max(n, 0), length);
  };
  const start = bound(from, 0, Math.floor);
  const end = bound(to, length, Math.ceil);
  return [start, Math.max(start, end)];
}

/** `.[from:to]` of an array, a string (by code point) or null. */
export function slice(value: JqValue, from: JqValue, to: JqValue): JqValue {
  if (value === null) return null;
  if (Array.isArray(value)) {
    const [start, end] = sliceBounds(value.length, from, to);
    return value.slice(start, end);
  }
  if (typeof value === "string") {
    if (value.length === codePointLength(value)) {
      const [start, end] = sliceBounds(value.length, from, to);
      return value.slice(start, end);
    }
    const points = Array.from(value);
    const [start, end] = sliceBounds(points.length, from, to);
    return points.slice(start, end).join("");
  }
  return fail(`Cannot index ${typeOf(value)} with object (${errorText(sliceKey(from, to))})`);
}

/** `.[]`: the elements of an array, the values of an object. */
export function iterate(value: JqValue, emit: (item: JqValue, key: JqValue) => void): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      step();
      emit(value[i]!, i);
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      step();
      emit(value[key]!, key);
    }
  } else fail(`Cannot iterate over ${describe(value)}`);
}

// ---- arithmetic ---------------------------------------------------------------------------------------

const cannot = (a: JqValue, b: JqValue, verb: string): never =>
  fail(`${describe(a)} and ${describe(b)} cannot be ${verb}`);

export function add(a: JqValue, b: JqValue): JqValue {
  if (a === null) return b;
  if (b === null) return a;
  if (isNumber(a) && isNumber(b)) return numberValue(a) + numberValue(b);
  // What is appended counts: a value that doubles (`. + .`) spends its budget long before memory runs out.
  if (typeof a === "string" && typeof b === "string") {
    steps(b.length);
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    steps(b.length);
    return a.concat(b);
  }
  if (isObject(a) && isObject(b)) {
    const out = copyObject(a);
    for (const key of Object.keys(b)) {
      step();
      setMember(out, key, b[key]!);
    }
    return out;
  }
  return cannot(a, b, "added");
}

export function subtract(a: JqValue, b: JqValue): JqValue {
  if (isNumber(a) && isNumber(b)) return numberValue(a) - numberValue(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => equals(x, y)));
  return cannot(a, b, "subtracted");
}

function repeat(text: string, times: number): JqValue {
  if (Number.isNaN(times) || times < 0) return null;
  const count = times > 2 ** 31 - 1 ? 2 ** 31 - 1 : Math.floor(times);
  if (count * text.length > 1e8) throw new JqUnsupported("huge string repeat");
  steps(count * text.length);
  return text.repeat(count);
}

function deepMerge(a: JqObject, b: JqObject): JqObject {
  const out = copyObject(a);
  for (const key of Object.keys(b)) {
    const left = member(out, key);
    const right = b[key]!;
    setMember(
      out,
      key,
      left !== undefined && isObject(left) && isObject(right) ? deepMerge(left, right) : right,
    );
  }
  return out;
}

export function multiply(a: JqValue, b: JqValue): JqValue {
  if (isNumber(a) && isNumber(b)) return numberValue(a) * numberValue(b);
  if (typeof a === "string" && isNumber(b)) return repeat(a, numberValue(b));
  if (isNumber(a) && typeof b === "string") return repeat(b, numberValue(a));
  if (isObject(a) && isObject(b)) return deepMerge(a, b);
  return cannot(a, b, "multiplied");
}

export function divide(a: JqValue, b: JqValue): JqValue {
  if (isNumber(a) && isNumber(b)) {
    if (numberValue(b) === 0)
      return fail(`${describe(a)} and ${describe(b)} cannot be divided because the divisor is zero`);
    return numberValue(a) / numberValue(b);
  }
  if (typeof a === "string" && typeof b === "string") return split(a, b);
  return cannot(a, b, "divided");
}

export function modulo(a: JqValue, b: JqValue): JqValue {
  if (isNumber(a) && isNumber(b)) {
    const x = numberValue(a);
    const y = numberValue(b);
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) >= 2 ** 53 || Math.abs(y) >= 2 ** 53)
      throw new JqUnsupported("modulo outside the safe integers");
    const divisor = Math.trunc(y);
    if (divisor === 0)
      return fail(
        `${describe(a)} and ${describe(b)} cannot be divided (remainder) because the divisor is zero`,
      );
    const result = Math.trunc(x) % divisor;
    return result === 0 ? 0 : result;
  }
  return cannot(a, b, "divided (remainder)");
}

/** `split/1` and string division: the parts between occurrences of `separator`. */
export function split(text: string, separator: string): JqValue {
  if (text === "") return [];
  if (separator === "") return Array.from(text);
  return text.split(separator);
}

export function negateValue(value: JqValue): JqValue {
  if (isNumber(value)) return negate(value);
  return fail(`${describe(value)} cannot be negated`);
}

export const compareOp = (operator: "<" | "<=" | ">" | ">=", a: JqValue, b: JqValue): boolean => {
  const order = compare(a, b);
  switch (operator) {
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
  }
};

// ---- paths --------------------------------------------------------------------------------------------

/** jq refuses paths longer than this. */
const MAX_PATH_LENGTH = 10000;

function checkPath(path: JqValue): asserts path is JqValue[] {
  if (!Array.isArray(path)) fail("Path must be specified as an array");
  if ((path as JqValue[]).length > MAX_PATH_LENGTH) fail("Path too deep");
}

/** `getpath(path)`: null where the path leads nowhere. */
export function getPath(value: JqValue, path: JqValue): JqValue {
  checkPath(path);
  let current = value;
  for (const key of path) current = index(current, key);
  return current;
}

/** `setpath(path; v)`: a copy with `v` at `path`, creating objects and arrays on the way. */
export function setPath(value: JqValue, path: JqValue, replacement: JqValue): JqValue {
  checkPath(path);
  return setAt(value, path, 0, replacement);
}

const cannotIndex = (value: JqValue, key: JqValue): never =>
  fail(`Cannot index ${typeOf(value)} with ${typeOf(key)} (${errorText(key)})`);

function setAt(value: JqValue, path: readonly JqValue[], at: number, replacement: JqValue): JqValue {
  if (at === path.length) return replacement;
  const key = path[at]!;
  if (typeof key === "string") {
    if (value !== null && !isObject(value)) return cannotIndex(value, key);
    const out = value === null ? newObject() : copyObject(value);
    setMember(out, key, setAt(member(out, key) ?? null, path, at + 1, replacement));
    return out;
  }
  if (isNumber(key)) {
    if (value !== null && !Array.isArray(value)) return cannotIndex(value, key);
    const array = value === null ? [] : value.slice();
    const n = numberValue(key);
    if (Number.isNaN(n)) return fail("Cannot set array element at NaN index");
    if (!Number.isFinite(n)) throw new JqUnsupported("setpath at an infinite index");
    let i = arrayIndex(n);
    if (i < 0) {
      i += array.length;
      if (i < 0) return fail("Out of bounds negative array index");
    }
    if (i > 1e7) throw new JqUnsupported("huge array index");
    while (array.length < i) array.push(null);
    array[i] = setAt(i < array.length ? array[i]! : null, path, at + 1, replacement);
    return array;
  }
  if (isObject(key) && (value === null || Array.isArray(value) || typeof value === "string")) {
    const bounds = sliceKeyParts(key);
    if (typeof value === "string") return fail("Cannot update string slices");
    const array = value ?? [];
    const [start, end] = sliceBounds(array.length, ...bounds);
    const next = setAt(array.slice(start, end), path, at + 1, replacement);
    if (!Array.isArray(next)) return fail("A slice of an array can only be assigned another array");
    return [...array.slice(0, start), ...next, ...array.slice(end)];
  }
  if (Array.isArray(key) && Array.isArray(value)) return fail("Cannot update field at array index of array");
  return cannotIndex(value, key);
}

/**
 * `delpaths(paths)` as jq 1.8.2 does it: the paths sorted, then level by level. At each level the keys that end
 * a path are deleted at once (indexes resolved against the value as it was: `del(.[1], .[-6])` deletes what
 * both named), after the longer paths below them were deleted one key after another.
 */
export function deletePaths(value: JqValue, paths: JqValue): JqValue {
  if (!Array.isArray(paths)) return fail("Paths must be specified as an array");
  // NaN sorts below every number both ways; paths holding it delete nothing, wherever they end up.
  const sorted = paths.slice().sort(compare);
  for (const path of sorted) {
    if (!Array.isArray(path)) return fail(`Path must be specified as array, not ${typeOf(path)}`);
    if (path.length > MAX_PATH_LENGTH) return fail("Path too deep");
  }
  if (sorted.length === 0) return value;
  if ((sorted[0] as JqValue[]).length === 0) return null;
  return deleteSorted(value, sorted as JqValue[][], 0);
}

/** Deletes sorted paths, all longer than `depth`, that share their first `depth` keys. */
function deleteSorted(value: JqValue, paths: readonly JqValue[][], depth: number): JqValue {
  const ending: JqValue[] = [];
  let out = value;
  for (let i = 0; i < paths.length;) {
    const key = paths[i]![depth]!;
    let j = i + 1;
    while (j < paths.length && equals(paths[j]![depth]!, key)) j++;
    // A path ending here sorts before the longer ones through the same key, and takes them all with it.
    if (paths[i]!.length === depth + 1) ending.push(key);
    else {
      const child = index(out, key);
      if (child !== null) out = setPath(out, [key], deleteSorted(child, paths.slice(i, j), depth + 1));
    }
    i = j;
  }
  return deleteKeys(out, ending);
}

/** Deletes sorted keys of one array or object at once (jq's `jv_dels`). */
function deleteKeys(value: JqValue, keys: readonly JqValue[]): JqValue {
  if (value === null || keys.length === 0) return value;
  if (Array.isArray(value)) {
    const doomed = new Set<number>();
    for (const key of keys) {
      if (isNumber(key)) {
        const n = numberValue(key);
        // The length is added after the cut: -0.5 is 0 + length, past the end. NaN names no element.
        if (!Number.isNaN(n)) doomed.add(n < 0 ? value.length + arrayIndex(n) : arrayIndex(n));
      } else if (isObject(key)) {
        const [start, end] = sliceBounds(value.length, ...sliceKeyParts(key));
        for (let i = start; i < end; i++) doomed.add(i);
      } else return fail(`Cannot delete ${typeOf(key)} element of array`);
    }
    return value.filter((_, i) => !doomed.has(i));
  }
  if (isObject(value)) {
    const out = copyObject(value);
    for (const key of keys) {
      if (typeof key !== "string") return fail(`Cannot delete ${typeOf(key)} field of object`);
      delete out[key];
    }
    return out;
  }
  return fail(`Cannot delete fields from ${typeOf(value)}`);
}

/**
 * The array `[...]` or `map` collected inside a path expression, which is not a path. jq compares it with the
 * value at the path by identity, and an empty collection is the one constant `[]` of its place in the program:
 * reached twice (`map(.) | path(map(.))`), it is that value. The own engine cannot see that, so leaves it to jq.
 */
export function collectedInPath(
  items: JqValue[],
  input: JqValue,
  path: readonly unknown[] | null,
): JqValue[] {
  if (items.length === 0 && (path === null || (Array.isArray(input) && input.length === 0)))
    throw new JqUnsupported("an empty collection inside a path expression");
  return items;
}
