/**
 * jq 1.8.2's builtins for the own engine: natives written in TypeScript (the ones jq writes in C, and hot ones
 * jq writes in jq), and a prelude of definitions in jq. A builtin not here is left to jq-wasm.
 */
import type { BoundArg, Emit, EmitPath, Library, Native, Path } from "./compile.js";
import { JqError, JqUnsupported } from "./errors.js";
import { now, step } from "./evaluation.js";
import { gmtime, mktime, strftime, strptime } from "./dates.js";
import { applyFormat } from "./formats.js";
import {
  add,
  arrayIndex,
  collectedInPath,
  deletePaths,
  getPath,
  index,
  indices,
  iterate,
  setPath,
  slice,
  split,
} from "./ops.js";
import { matchValues } from "./regex.js";
import {
  absolute,
  codePointLength,
  codePoints,
  compare,
  copyObject,
  describe,
  equals,
  errorText,
  isNumber,
  holdsNaN,
  isObject,
  mapShared,
  member,
  newObject,
  numberFromLiteral,
  numberValue,
  setMember,
  sortedKeys,
  toJsonText,
  toText,
  truthy,
  typeOf,
  type JqObject,
  type JqValue,
} from "./value.js";

const fail = (message: string): never => {
  throw new JqError(message);
};

/** Every output of a bound argument, collected. */
function all(arg: BoundArg, input: JqValue): JqValue[] {
  const out: JqValue[] = [];
  arg.filter.run(input, arg.env, (v) => out.push(v));
  return out;
}

/**
 * Calls `fn` with each combination of the arguments' outputs, as jq calls a C builtin: the last argument is the
 * outer loop.
 */
function cartesian(args: readonly BoundArg[], input: JqValue, fn: (values: JqValue[]) => void): void {
  const values: JqValue[] = new Array<JqValue>(args.length);
  const fill = (i: number): void => {
    if (i < 0) fn(values);
    else
      args[i]!.filter.run(input, args[i]!.env, (v) => {
        values[i] = v;
        fill(i - 1);
      });
  };
  fill(args.length - 1);
}

/** A builtin taking its arguments as values (a C function in jq): `fn` maps the input and values to one output. */
const valued = (fn: (input: JqValue, ...values: JqValue[]) => JqValue): Native => ({
  run: (input, args, emit) => cartesian(args, input, (values) => emit(fn(input, ...values))),
});

const math = (fn: (x: number) => number): Native =>
  valued((input) => {
    if (!isNumber(input)) return fail(`${describe(input)} number required`);
    return fn(numberValue(input));
  });

const math2 = (fn: (x: number, y: number) => number): Native =>
  valued((_input, a, b) => {
    if (!isNumber(a!)) return fail(`${describe(a!)} number required`);
    if (!isNumber(b!)) return fail(`${describe(b!)} number required`);
    return fn(numberValue(a!), numberValue(b!));
  });

/**
 * jq's libm and JavaScript's Math can differ in the last digit of a transcendental function; the own engine
 * answers only where the result is exact in both, and leaves the rest to jq-wasm.
 */
const inexact = (name: string): never => {
  throw new JqUnsupported(`${name} of a value whose result is not exact`);
};

/**
 * `pow(base; exponent)` for a whole base and exponent whose result is a whole number a double holds, or a whole
 * power of two.
 */
function exactPower(base: number, exponent: number): number {
  if (base === 2 && Number.isInteger(exponent) && exponent >= -1074 && exponent <= 1023) return 2 ** exponent;
  if (!Number.isInteger(base) || !Number.isInteger(exponent) || exponent < 0) return inexact("pow");
  let result = 1;
  for (let i = 0; i < exponent; i++) {
    result *= base;
    if (Math.abs(result) > 2 ** 53) return inexact("pow");
  }
  return result;
}

/** `log2`/`log10` of a whole power of the base (for 2, any power a double holds). */
function exactLog(x: number, base: number): number {
  if (base === 2 && x > 0) {
    const exponent = Math.round(Math.log2(x));
    if (2 ** exponent === x) return exponent;
  }
  let power = 1;
  for (let k = 0; power <= 2 ** 53; k++, power *= base) if (power === x) return k;
  return inexact(`log${base}`);
}

function length(value: JqValue): JqValue {
  if (value === null) return 0;
  if (typeof value === "boolean") return fail(`${describe(value)} has no length`);
  if (isNumber(value)) return absolute(value);
  if (typeof value === "string") return codePointLength(value);
  if (Array.isArray(value)) return value.length;
  return Object.keys(value).length;
}

function keys(value: JqValue, sorted: boolean): JqValue {
  if (isObject(value)) return sorted ? sortedKeys(value) : Object.keys(value);
  if (Array.isArray(value)) return value.map((_, i) => i);
  return fail(`${describe(value)} has no keys`);
}

function has(value: JqValue, key: JqValue): JqValue {
  if (value === null) return false;
  if (isObject(value) && typeof key === "string") return Object.hasOwn(value, key);
  if (Array.isArray(value) && isNumber(key)) {
    // jq reads the element at the cut index, without counting negative ones from the end.
    const n = numberValue(key);
    if (Number.isNaN(n)) return false;
    const i = arrayIndex(n);
    return i >= 0 && i < value.length;
  }
  return fail(`Cannot check whether ${typeOf(value)} has a ${typeOf(key)} key`);
}

/** jq's kinds of value, where true and false are two (`true | contains(false)` is refused). */
const kindOf = (value: JqValue): string => (typeof value === "boolean" ? String(value) : typeOf(value));

/** `contains(b)`: values of two kinds are refused at the top and simply not contained further down. */
function contains(a: JqValue, b: JqValue): boolean {
  if (kindOf(a) !== kindOf(b))
    return fail(`${describe(a)} and ${describe(b)} cannot have their containment checked`);
  return holds(a, b);
}

function holds(a: JqValue, b: JqValue): boolean {
  if (kindOf(a) !== kindOf(b)) return false;
  if (isObject(a)) {
    const y = b as JqObject;
    return Object.keys(y).every((key) => {
      const value = member(a, key);
      return value !== undefined && holds(value, y[key]!);
    });
  }
  if (Array.isArray(a)) return (b as JqValue[]).every((item) => a.some((x) => holds(x, item)));
  if (typeof a === "string") return a.includes(b as string);
  return equals(a, b);
}

/** `tonumber`: numbers as they are; strings read as jq 1.8.2 reads a literal (kept: `"100.00"` stays `100.00`). */
function toNumber(value: JqValue): JqValue {
  if (isNumber(value)) return value;
  if (typeof value !== "string") return fail(`${describe(value)} cannot be parsed as a number`);
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value))
    return numberFromLiteral(value.replace(/^\+/, "").replace(/^(-?)\./, "$10."));
  if (/^[+-]?(?:s?nan|inf(?:inity)?)$/i.test(value)) throw new JqUnsupported(`tonumber of ${value}`);
  return fail(`${describe(value)} cannot be parsed as a number`);
}

function sortArray(value: JqValue): JqValue[] {
  if (!Array.isArray(value)) return fail(`${describe(value)} cannot be sorted, as it is not an array`);
  refuseNaNPairs(value);
  return value.slice().sort(compare);
}

/**
 * Two sort keys holding NaN compare as less than each other both ways, so where they end up depends on the C
 * library's sort: jq-wasm's to say.
 */
function refuseNaNPairs(keys: readonly JqValue[]): void {
  if (keys.filter(holdsNaN).length > 1) throw new JqUnsupported("sorting more than one value holding NaN");
}

/**
 * The elements with their keys (`[f]`), in the array's order, for `sort_by`, `group_by`, `min_by`, … jq computes
 * the keys with `map([f])` first, so an object's values get keys before the object is refused.
 */
function withKeys(value: JqValue, arg: BoundArg, refusal: string): Array<{ key: JqValue[]; item: JqValue }> {
  const items: JqValue[] = [];
  iterate(value, (item) => items.push(item));
  const entries = items.map((item) => ({ key: all(arg, item), item }));
  if (!Array.isArray(value))
    return fail(`${describe(value)} and ${describe(entries.map((e) => e.key))} cannot be ${refusal}`);
  return entries;
}

/** The elements in the stable order of their keys. */
function keyed(value: JqValue, arg: BoundArg, refusal: string) {
  const entries = withKeys(value, arg, refusal);
  refuseNaNPairs(entries.map((entry) => entry.key));
  return entries.sort((a, b) => compare(a.key, b.key));
}

const SORT_REFUSAL = "sorted, as they are not both arrays";

function groups(value: JqValue, arg: BoundArg): JqValue[][] {
  const out: JqValue[][] = [];
  let previous: JqValue[] | undefined;
  for (const { key, item } of keyed(value, arg, SORT_REFUSAL)) {
    if (previous !== undefined && equals(previous, key)) out[out.length - 1]!.push(item);
    else out.push([item]);
    previous = key;
  }
  return out;
}

/** `min`, `max`, `min_by`, `max_by`: the first of the least keys, the last of the greatest. */
function extreme(value: JqValue, arg: BoundArg | undefined, pickMax: boolean): JqValue {
  let entries: Array<{ key: JqValue; item: JqValue }>;
  if (arg) entries = withKeys(value, arg, "iterated over");
  else if (Array.isArray(value)) entries = value.map((item) => ({ key: item, item }));
  else return fail(`${describe(value)} and ${describe(value)} cannot be iterated over`);
  if (entries.length === 0) return null;
  let best = entries[0]!;
  for (const entry of entries.slice(1)) {
    const order = compare(entry.key, best.key);
    if (pickMax ? order >= 0 : order < 0) best = entry;
  }
  return best.item;
}

/** `flatten(depth)`: the elements (an object's values), arrays among them spliced in down to `depth`. */
function flatten(value: JqValue, depth: number): JqValue[] {
  const out: JqValue[] = [];
  iterate(value, (item) => {
    if (Array.isArray(item) && depth !== 0) out.push(...flatten(item, depth - 1));
    else out.push(item);
  });
  return out;
}

function implode(value: JqValue): string {
  if (!Array.isArray(value)) return fail("implode input must be an array");
  let out = "";
  for (const point of value) {
    if (!isNumber(point) || Number.isNaN(numberValue(point)))
      return fail(`${describe(point)} can't be imploded, unicode codepoint needs to be numeric`);
    const n = Math.trunc(numberValue(point));
    // What is not a Unicode scalar value becomes U+FFFD, as jq writes it.
    out += n < 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff) ? "\ufffd" : String.fromCodePoint(n);
  }
  return out;
}

function explode(value: JqValue): JqValue {
  if (typeof value !== "string") return fail("explode input must be a string");
  return codePoints(value);
}

function trimmed(value: JqValue, start: boolean, end: boolean): JqValue {
  if (typeof value !== "string") return fail("trim input must be a string");
  // Unicode's White_Space characters (JavaScript's \s lacks U+0085 and has U+FEFF).
  let from = 0;
  let to = value.length;
  const space = (c: number): boolean =>
    (c >= 9 && c <= 13) ||
    c === 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000;
  if (start) while (from < to && space(value.charCodeAt(from))) from++;
  if (end) while (to > from && space(value.charCodeAt(to - 1))) to--;
  return value.slice(from, to);
}

function stringIndices(text: string, needle: string): JqValue[] {
  if (needle === "") return [];
  const out: JqValue[] = [];
  const ascii = text.length === codePointLength(text);
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1))
    out.push(ascii ? i : codePointLength(text.slice(0, i)));
  return out;
}

/** `indices($i)`: code point offsets in a string, positions of an element or a run in an array. */
function indicesOf(value: JqValue, needle: JqValue): JqValue {
  if (Array.isArray(value)) return Array.isArray(needle) ? indices(value, needle) : indices(value, [needle]);
  if (typeof needle === "string" && typeof value === "string") return stringIndices(value, needle);
  return index(value, needle);
}

/**
 * `tostream`'s events, children before their container: `[path, leaf]` for a scalar or an empty array or
 * object, and after the last child of any other container `[path of that child]`, which closes it.
 */
function streamEvents(value: JqValue, path: JqValue[], emit: Emit): void {
  let last: JqValue | undefined;
  if (Array.isArray(value) || isObject(value))
    iterate(value, (child, key) => {
      streamEvents(child, [...path, key], emit);
      last = key;
    });
  emit(last === undefined ? [path, value] : [[...path, last]]);
}

/**
 * `bsearch($target)`: the index of `target` in a sorted array, else -1 - where it would go. jq 1.8.2's own
 * search over `[start, end)`, so that an unsorted array or equal elements give jq's very answer.
 */
function binarySearch(value: JqValue, target: JqValue): JqValue {
  if (!Array.isArray(value)) return fail(`${describe(value)} cannot be searched from`);
  let start = 0;
  let end = value.length;
  while (start < end) {
    const middle = start + ((end - start) >> 1);
    const order = compare(target, value[middle]!);
    if (order === 0) return middle;
    if (order < 0) end = middle;
    else start = middle + 1;
  }
  return -1 - start;
}

function startsWith(value: JqValue, prefix: JqValue): boolean {
  if (typeof value !== "string" || typeof prefix !== "string")
    return fail("startswith() requires string inputs");
  return value.startsWith(prefix);
}

function endsWith(value: JqValue, suffix: JqValue): boolean {
  if (typeof value !== "string" || typeof suffix !== "string")
    return fail("endswith() requires string inputs");
  return value.endsWith(suffix);
}

/** `fromjson`: jq's JSON reader keeps number literals; text JSON.parse refuses is left to jq-wasm. */
function fromJson(value: JqValue): JqValue {
  if (typeof value !== "string") return fail(`${describe(value)} only strings can be parsed`);
  try {
    JSON.parse(value);
  } catch {
    throw new JqUnsupported("fromjson of text JSON.parse refuses");
  }
  // jq refuses a lone high surrogate escape and reads a lone low one as U+FFFD; JSON.parse keeps both.
  if (/\\u[dD][89a-fA-F]/.test(value) && holdsLoneSurrogate(JSON.parse(value) as JqValue))
    throw new JqUnsupported("fromjson of a lone surrogate escape");
  return readJson(value);
}

function holdsLoneSurrogate(value: JqValue): boolean {
  if (typeof value === "string") return LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  if (isObject(value))
    return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(item));
  return false;
}

const JSON_TOKEN =
  /\s*(?:([{}[\],:])|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null))/y;

/** Reads valid JSON text with the numbers as jq keeps them (`1.10`, `1E+2`); keys in document order. */
function readJson(text: string): JqValue {
  let pos = 0;
  const next = (): RegExpExecArray => {
    JSON_TOKEN.lastIndex = pos;
    const token = JSON_TOKEN.exec(text);
    if (!token) throw new JqUnsupported("fromjson token");
    pos = JSON_TOKEN.lastIndex;
    return token;
  };
  const value = (token: RegExpExecArray): JqValue => {
    if (token[2] !== undefined) return JSON.parse(token[2]) as string;
    if (token[3] !== undefined) return numberFromLiteral(token[3]);
    if (token[4] !== undefined) return token[4] === "null" ? null : token[4] === "true";
    if (token[1] === "[") {
      const items: JqValue[] = [];
      let t = next();
      if (t[1] === "]") return items;
      for (;;) {
        items.push(value(t));
        t = next();
        if (t[1] === "]") return items;
        t = next();
      }
    }
    if (token[1] === "{") {
      const object = newObject();
      let t = next();
      if (t[1] === "}") return object;
      for (;;) {
        const key = JSON.parse(t[2]!) as string;
        next();
        setMember(object, key, value(next()));
        t = next();
        if (t[1] === "}") return object;
        t = next();
      }
    }
    throw new JqUnsupported("fromjson structure");
  };
  const result = value(next());
  if (text.slice(pos).trim() !== "") throw new JqUnsupported("fromjson trailing text");
  return result;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Input as the own engine reads it: what jq-wasm would read from JSON.stringify text. Numbers whose text jq
 * would print differently from a computed double become literals; -0 is 0 (JSON.stringify writes "0").
 */
export function fromInput(value: JqValue): JqValue {
  if (typeof value === "number") {
    // Between these, JSON.stringify's text of a double is the text jq prints for it: no literal to keep.
    const magnitude = Math.abs(value);
    if (magnitude >= 1e-4 && magnitude < 1e16) return value;
    if (Object.is(value, -0)) value = 0;
    const text = JSON.stringify(value);
    if (text === undefined || text === "null") throw new JqUnsupported("a number JSON cannot hold");
    return numberFromLiteral(text, "input");
  }
  if (typeof value === "string") {
    if (LONE_SURROGATE.test(value)) throw new JqUnsupported("lone surrogate in input");
    return value;
  }
  if (Array.isArray(value)) return mapShared(value, fromInput);
  if (isObject(value)) {
    let copy: JqObject | undefined;
    for (const key of Object.keys(value)) {
      if (LONE_SURROGATE.test(key)) throw new JqUnsupported("lone surrogate in input");
      const item = fromInput(value[key]!);
      if (item !== value[key]) {
        copy ??= copyObject(value);
        setMember(copy, key, item);
      }
    }
    return copy ?? value;
  }
  return value;
}

function toBoolean(value: JqValue): JqValue {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return fail(`${describe(value)} cannot be parsed as a boolean`);
}

/** `range($from; $upto)`, jq's RANGE instruction: the first output is `from` itself (a kept literal as written). */
function range(from: JqValue, upto: JqValue, emit: Emit): void {
  if (!isNumber(from) || !isNumber(upto)) return fail("Range bounds must be numeric");
  const end = numberValue(upto);
  const start = numberValue(from);
  if (start >= end) return;
  step();
  emit(from);
  for (let x = start + 1; !(x >= end); x += 1) {
    step();
    emit(x);
  }
}

function toEntries(value: JqValue): JqValue {
  const out: JqValue[] = [];
  for (const key of keys(value, false) as JqValue[]) {
    const entry = newObject();
    entry["key"] = key;
    entry["value"] = index(value, key);
    out.push(entry);
  }
  return out;
}

function splitValue(input: JqValue, separator: JqValue): JqValue {
  if (typeof input !== "string" || typeof separator !== "string")
    return fail("split input and separator must be strings");
  return split(input, separator);
}

/** `limit($n; f)`: the first `n` outputs of `f` (stopping it with a signal of this call's own). */
function limited<E extends (...args: never[]) => void>(n: number, run: (emit: E) => void, emit: E): void {
  if (n <= 0) return;
  const stop = {};
  let count = 0;
  try {
    run(((...args: Parameters<E>) => {
      emit(...args);
      if (++count >= n) throw stop;
    }) as E);
  } catch (error) {
    if (error !== stop) throw error;
  }
}

const pathNative = (
  run: Native["run"],
  paths: (input: JqValue, path: Path | null, args: readonly BoundArg[], emit: EmitPath) => void,
): Native => ({ run, paths });

/**
 * jq 1.8.2's `sub($re; str; $flags)`: `. as $in | (reduce match($re; $flags) as $edit ({result: [], previous: 0};
 * $in[.previous:($edit | .offset)] as $gap | [$edit | _capture_object | str] as $inserts | reduce range(0;
 * $inserts | length) as $ix (.; .result[$ix] += $gap + $inserts[$ix]) | .previous = ($edit | .offset + .length))
 * | .result[] + $in[.previous:]) // $in`.
 */
function substitute(
  input: JqValue,
  pattern: JqValue,
  replacement: BoundArg,
  mode: JqValue,
  emit: Emit,
): void {
  const edits = matchValues(input, pattern, mode, false) as JqObject[];
  const result: JqValue[] = [];
  let previous: JqValue = 0;
  for (const edit of edits) {
    step();
    const gap = slice(input, previous, edit["offset"]!);
    const inserts = all(replacement, captureObject(edit));
    for (let ix = 0; ix < inserts.length; ix++)
      result[ix] = add(ix < result.length ? result[ix]! : null, add(gap, inserts[ix]!));
    previous = add(edit["offset"]!, edit["length"]!);
  }
  // `// $in` keeps the outputs that are not false or null: each is a string here (text added to a string).
  for (const text of result) emit(add(text, slice(input, previous, null)));
  if (result.length === 0) emit(input);
}

/** jq's `_capture_object`: the named captures of a match object, name → string (a later name wins). */
function captureObject(match: JqObject): JqObject {
  let object = newObject();
  for (const capture of match["captures"] as JqObject[]) {
    if (capture["name"] === null) continue;
    const added = newObject();
    setMember(added, capture["name"] as string, capture["string"]!);
    object = add(object, added) as JqObject;
  }
  return object;
}

const NATIVES: Record<string, Native> = {
  "empty/0": pathNative(
    () => undefined,
    () => undefined,
  ),
  "error/0": pathNative(
    (input) => {
      throw new JqError(input);
    },
    (input) => {
      throw new JqError(input);
    },
  ),
  "error/1": pathNative(
    (input, [message], _emit) =>
      message!.filter.run(input, message!.env, (m) => {
        throw new JqError(m);
      }),
    (input, _path, [message]) =>
      message!.filter.run(input, message!.env, (m) => {
        throw new JqError(m);
      }),
  ),
  "not/0": { run: (input, _args, emit) => emit(!truthy(input)) },
  "length/0": { run: (input, _args, emit) => emit(length(input)) },
  "utf8bytelength/0": {
    run: (input, _args, emit) => {
      if (typeof input !== "string") fail(`${describe(input)} only strings have UTF-8 byte length`);
      emit(new TextEncoder().encode(input as string).length);
    },
  },
  "type/0": { run: (input, _args, emit) => emit(typeOf(input)) },
  "keys/0": { run: (input, _args, emit) => emit(keys(input, true)) },
  "keys_unsorted/0": { run: (input, _args, emit) => emit(keys(input, false)) },
  "has/1": valued((input, key) => has(input, key!)),
  "contains/1": valued((input, b) => contains(input, b!)),
  "add/0": {
    run: (input, _args, emit) => {
      let acc: JqValue = null;
      iterate(input, (item) => (acc = add(acc, item)));
      emit(acc);
    },
  },
  "map/1": pathNative(
    (input, [f], emit) => {
      const out: JqValue[] = [];
      iterate(input, (item) => f!.filter.run(item, f!.env, (v) => out.push(v)));
      emit(out);
    },
    // As jq's `[.[] | f]` in a path expression: paths tracked through, the array not a path.
    (input, path, [f], emit) => {
      if (path === null)
        throw new JqError(`Invalid path expression near attempt to iterate through ${errorText(input)}`);
      const out: JqValue[] = [];
      iterate(input, (item, key) => f!.filter.paths(item, [...path, key], f!.env, (v) => out.push(v)));
      emit(collectedInPath(out, input, path), null);
    },
  ),
  "select/1": pathNative(
    (input, [f], emit) => f!.filter.run(input, f!.env, (c) => truthy(c) && emit(input)),
    (input, path, [f], emit) => f!.filter.run(input, f!.env, (c) => truthy(c) && emit(input, path)),
  ),
  "recurse/1": pathNative(
    (input, [f], emit) => {
      const walk = (value: JqValue): void => {
        step();
        emit(value);
        f!.filter.run(value, f!.env, walk);
      };
      walk(input);
    },
    (input, path, [f], emit) => {
      const walk = (value: JqValue, at: Path | null): void => {
        step();
        emit(value, at);
        f!.filter.paths(value, at, f!.env, walk);
      };
      walk(input, path);
    },
  ),
  "to_entries/0": { run: (input, _args, emit) => emit(toEntries(input)) },
  "tostream/0": { run: (input, _args, emit) => streamEvents(input, [], emit) },
  "tostring/0": { run: (input, _args, emit) => emit(toText(input)) },
  "tonumber/0": { run: (input, _args, emit) => emit(toNumber(input)) },
  "tojson/0": { run: (input, _args, emit) => emit(toJsonText(input)) },
  "fromjson/0": { run: (input, _args, emit) => emit(fromJson(input)) },
  "toboolean/0": { run: (input, _args, emit) => emit(toBoolean(input)) },
  "ascii_downcase/0": {
    run: (input, _args, emit) => {
      if (typeof input !== "string") fail("explode input must be a string");
      emit((input as string).replace(/[A-Z]/g, (c) => c.toLowerCase()));
    },
  },
  "ascii_upcase/0": {
    run: (input, _args, emit) => {
      if (typeof input !== "string") fail("explode input must be a string");
      emit((input as string).replace(/[a-z]/g, (c) => c.toUpperCase()));
    },
  },
  "startswith/1": valued((input, prefix) => startsWith(input, prefix!)),
  "endswith/1": valued((input, suffix) => endsWith(input, suffix!)),
  "ltrimstr/1": valued((input, prefix) =>
    startsWith(input, prefix!) ? (input as string).slice((prefix as string).length) : input,
  ),
  "rtrimstr/1": valued((input, suffix) =>
    endsWith(input, suffix!) && (suffix as string).length > 0
      ? (input as string).slice(0, -(suffix as string).length)
      : input,
  ),
  "trim/0": { run: (input, _args, emit) => emit(trimmed(input, true, true)) },
  "ltrim/0": { run: (input, _args, emit) => emit(trimmed(input, true, false)) },
  "rtrim/0": { run: (input, _args, emit) => emit(trimmed(input, false, true)) },
  "split/1": valued((input, separator) => splitValue(input, separator!)),
  "explode/0": { run: (input, _args, emit) => emit(explode(input)) },
  "implode/0": { run: (input, _args, emit) => emit(implode(input)) },
  "sort/0": { run: (input, _args, emit) => emit(sortArray(input)) },
  "sort_by/1": { run: (input, [f], emit) => emit(keyed(input, f!, SORT_REFUSAL).map((e) => e.item)) },
  "group_by/1": { run: (input, [f], emit) => emit(groups(input, f!)) },
  "unique/0": {
    run: (input, _args, emit) =>
      emit(sortArray(input).filter((item, i, sorted) => i === 0 || compare(sorted[i - 1]!, item) !== 0)),
  },
  "unique_by/1": { run: (input, [f], emit) => emit(groups(input, f!).map((group) => group[0]!)) },
  "min/0": { run: (input, _args, emit) => emit(extreme(input, undefined, false)) },
  "max/0": { run: (input, _args, emit) => emit(extreme(input, undefined, true)) },
  "min_by/1": { run: (input, [f], emit) => emit(extreme(input, f, false)) },
  "max_by/1": { run: (input, [f], emit) => emit(extreme(input, f, true)) },
  "flatten/0": { run: (input, _args, emit) => emit(flatten(input, -1)) },
  "flatten/1": valued((input, depth) => {
    if (!isNumber(depth!)) throw new JqUnsupported("flatten with a depth that is not a number");
    const n = numberValue(depth);
    if (n < 0) return fail("flatten depth must not be negative");
    return flatten(input, n);
  }),
  "range/1": {
    run: (input, [upto], emit) => upto!.filter.run(input, upto!.env, (n) => range(0, n, emit)),
  },
  "range/2": {
    // jq defines range/2 with `$` parameters: the first is the outer loop.
    run: (input, [from, upto], emit) =>
      from!.filter.run(input, from!.env, (f) => upto!.filter.run(input, upto!.env, (u) => range(f, u, emit))),
  },
  "floor/0": math(Math.floor),
  "ceil/0": math(Math.ceil),
  "round/0": math((x) => (x < 0 ? -Math.round(-x) : Math.round(x))),
  "trunc/0": math(Math.trunc),
  "fabs/0": math(Math.abs),
  "sqrt/0": math(Math.sqrt),
  "pow/2": math2(exactPower),
  "log/0": math((x) => (x === 1 ? 0 : inexact("log"))),
  "log10/0": math((x) => exactLog(x, 10)),
  "log2/0": math((x) => exactLog(x, 2)),
  "exp/0": math((x) => (x === 0 ? 1 : inexact("exp"))),
  "exp2/0": math((x) => exactPower(2, x)),
  "exp10/0": math((x) => exactPower(10, x)),
  "infinite/0": { run: (_input, _args, emit) => emit(Infinity) },
  "nan/0": { run: (_input, _args, emit) => emit(NaN) },
  "isnormal/0": {
    run: (input, _args, emit) => {
      // jq 1.8.2 answers false for what is not a number.
      if (!isNumber(input)) return emit(false);
      const x = Math.abs(numberValue(input));
      emit(Number.isFinite(x) && x >= 2.2250738585072014e-308);
    },
  },
  "isnan/0": {
    run: (input, _args, emit) => {
      // jq 1.8.2 answers false for what is not a number.
      emit(isNumber(input) && Number.isNaN(numberValue(input)));
    },
  },
  "getpath/1": pathNative(
    (input, [p], emit) => p!.filter.run(input, p!.env, (path) => emit(getPath(input, path))),
    (input, path, [p], emit) =>
      p!.filter.run(input, p!.env, (extra) => {
        if (path === null) throw new JqUnsupported("getpath from a value that is not a path");
        if (!Array.isArray(extra)) fail("Path must be specified as an array");
        emit(getPath(input, extra), [...path, ...(extra as JqValue[])]);
      }),
  ),
  "setpath/2": valued((input, path, value) => setPath(input, path!, value!)),
  "delpaths/1": valued((input, paths) => deletePaths(input, paths!)),
  "path/1": {
    run: (input, [f], emit) =>
      f!.filter.paths(input, [], f!.env, (value, path) => {
        if (path === null) fail(`Invalid path expression with result ${errorText(value)}`);
        emit(path as JqValue[]);
      }),
  },
  "last/1": {
    run: (input, [f], emit) => {
      let last: { value: JqValue } | undefined;
      f!.filter.run(input, f!.env, (value) => (last = { value }));
      if (last) emit(last.value);
    },
  },
  "first/1": pathNative(
    (input, [f], emit) => limited(1, (e: Emit) => f!.filter.run(input, f!.env, e), emit),
    (input, path, [f], emit) => limited(1, (e: EmitPath) => f!.filter.paths(input, path, f!.env, e), emit),
  ),
  "limit/2": pathNative(
    (input, [n, f], emit) =>
      n!.filter.run(input, n!.env, (count) =>
        limited(limitCount(count), (e: Emit) => f!.filter.run(input, f!.env, e), emit),
      ),
    (input, path, [n, f], emit) =>
      n!.filter.run(input, n!.env, (count) =>
        limited(limitCount(count), (e: EmitPath) => f!.filter.paths(input, path, f!.env, e), emit),
      ),
  ),
  "isempty/1": {
    run: (input, [f], emit) => {
      let empty = true;
      limited(
        1,
        (e: Emit) => f!.filter.run(input, f!.env, e),
        () => (empty = false),
      );
      emit(empty);
    },
  },
  "indices/1": valued((input, needle) => indicesOf(input, needle!)),
  "bsearch/1": valued((input, target) => binarySearch(input, target!)),
  "_match_impl/3": valued((input, re, flags, test) => {
    const result = matchValues(input, re!, flags!, truthy(test!));
    return result as JqValue;
  }),
  // jq 1.8.2 defines sub in jq (builtin.jq); the corpus's slowest programs spend their time in it. This is that
  // definition step by step, with the same operations in the same order, so outputs and errors are the same.
  "sub/3": {
    run: (input, [re, replacement, flags], emit) =>
      re!.filter.run(input, re!.env, (pattern) =>
        flags!.filter.run(input, flags!.env, (mode) => substitute(input, pattern, replacement!, mode, emit)),
      ),
  },
  "format/1": valued((input, name) => {
    if (typeof name !== "string") return fail(`${describe(name!)} is not a valid format`);
    return applyFormat(name, input);
  }),
  "gmtime/0": { run: (input, _args, emit) => emit(gmtime(input)) },
  "mktime/0": { run: (input, _args, emit) => emit(mktime(input)) },
  "strftime/1": valued((input, format) => strftime(input, format!)),
  "strptime/1": valued((input, format) => strptime(input, format!)),
  "now/0": { run: (_input, _args, emit) => emit(nowSeconds(now())) },
  "have_literal_numbers/0": { run: (_input, _args, emit) => emit(true) },
  "have_decnum/0": { run: (_input, _args, emit) => emit(true) },
};

/** jq's `now` at `ms` since the epoch: gettimeofday's seconds plus its microseconds, added as jq adds them. */
function nowSeconds(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  return seconds + Math.floor((ms - seconds * 1000) * 1000) / 1000000;
}

function limitCount(count: JqValue): number {
  if (!isNumber(count)) throw new JqUnsupported("limit with a count that is not a number");
  const n = numberValue(count);
  if (!(n >= 0)) return fail("limit doesn't support negative count");
  return n;
}

/**
 * The builtins jq writes in jq, as the own engine writes them (the same meaning, checked against jq 1.8.2 by
 * the tests): later definitions may use earlier ones and the natives.
 */
export const PRELUDE = `
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type|. == "array" or . == "object");
def scalars: select(type|. != "array" and . != "object");
def recurse: recurse(.[]?);
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def add(f): reduce f as $x (null; . + $x);
def any(g; cond): isempty(first(g | cond or empty)) | not;
def all(g; cond): isempty(first(g | cond and empty));
def any(f): any(.[]; f);
def all(f): all(.[]; f);
def any: any(.);
def all: all(.);
def map_values(f): .[] |= f;
def from_entries: reduce .[] as $x ({}; . + { ($x | .key // .Key // .name // .Name): ($x | if has("value") then .value else .Value end) });
def with_entries(f): to_entries | map(f) | from_entries;
def join($x): reduce .[] as $i (null; (if . == null then "" else . + $x end) + ($i | if type == "boolean" or type == "number" then tojson elif . == null then "" else . end)) // "";
def in(xs): . as $x | xs | has($x);
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def inside(xs): . as $x | xs | contains($x);
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def skip($n; f): if $n > 0 then foreach f as $item ($n; . - 1; if . < 0 then $item else empty end) elif $n == 0 then f else error("skip doesn't support negative count") end;
def nth($n; f): if $n < 0 then error("nth doesn't support negative indices") else first(skip($n; f)) end;
def until(cond; update): def _until: if cond then . else (update | _until) end; _until;
def while(cond; update): def _while: if cond then ., (update | _while) else empty end; _while;
def range($from; $upto; $by): if $by > 0 then $from | while(. < $upto; . + $by) elif $by < 0 then $from | while(. > $upto; . + $by) else empty end;
def repeat(f): def _repeat: f, _repeat; _repeat;
def index($i): indices($i) | .[0];
def rindex($i): indices($i) | .[-1:][0];
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): path(.. | select(node_filter)) | select(length > 0);
def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
def transpose: [range(0; map(length) | max // 0) as $i | [.[][$i]]];
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $w | [$x] + $w end;
def combinations(n): . as $dot | [range(n)] | map($dot) | combinations;
def reverse: [.[length - 1 - range(0; length)]];
def trimstr($x): ltrimstr($x) | rtrimstr($x);
def isinfinite: . == infinite or . == -infinite;
def abs: if . < 0 then - . else . end;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def isfinite: type == "number" and (isinfinite | not);
def finites: select(isfinite);
def normals: select(isnormal);
def match(re; mode): _match_impl(re; mode; false) | .[];
def match($val): ($val | type) as $vt | if $vt == "string" then match($val; null) elif $vt == "array" and ($val | length) > 1 then match($val[0]; $val[1]) elif $vt == "array" and ($val | length) > 0 then match($val[0]; null) else error($vt + " not a string or array") end;
def test(re; mode): _match_impl(re; mode; true);
def test($val): ($val | type) as $vt | if $vt == "string" then test($val; null) elif $vt == "array" and ($val | length) > 1 then test($val[0]; $val[1]) elif $vt == "array" and ($val | length) > 0 then test($val[0]; null) else error($vt + " not a string or array") end;
def _capture_object: reduce (.captures | .[] | select(.name != null)) as $c ({}; . + {($c.name): $c.string});
def capture(re; mods): match(re; mods) | _capture_object;
def capture($val): ($val | type) as $vt | if $vt == "string" then capture($val; null) elif $vt == "array" and ($val | length) > 1 then capture($val[0]; $val[1]) elif $vt == "array" and ($val | length) > 0 then capture($val[0]; null) else error($vt + " not a string or array") end;
def scan($re; $flags): match($re; "g" + $flags) | if (.captures | length > 0) then [.captures | .[] | .string] else .string end;
def scan($re): scan($re; null);
def split($re; flags): . as $s | [match($re; "g" + flags) | (.offset, .offset + .length)] as $ms | [0] + $ms + [$s | length] | [range(0; length; 2) as $i | .[$i:$i + 2]] | map($s[.[0]:.[1]]);
def splits($re; flags): split($re; flags) | .[];
def splits($re): splits($re; null);
def fromstream(events): {x: null, e: false} as $init | foreach events as $event ($init; if .e then $init end | if ($event | length) == 2 then .e = ($event[0] | length == 0) | setpath(["x"] + $event[0]; $event[1]) else .e = ($event[0] | length == 1) end; if .e then .x else empty end);
def truncate_stream(events): . as $depth | null | events | . as $event | if (.[0] | length) > $depth then setpath([0]; $event[0][$depth:]) else empty end;
def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
def todate: todateiso8601;
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def fromdate: fromdateiso8601;
def sub($re; str): sub($re; str; "");
def gsub($re; str; $flags): sub($re; str; $flags + "g");
def gsub($re; str): sub($re; str; "g");
`;

/** The natives and formats, as the compiler takes them. */
export const LIBRARY: Library = {
  natives: new Map(Object.entries(NATIVES)),
  formats: new Set(["text", "json", "html", "uri", "urid", "csv", "tsv", "sh", "base64", "base64d"]),
  format: applyFormat,
};
