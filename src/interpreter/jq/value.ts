/**
 * jq's values as the own engine holds them: JSON values as JavaScript holds them, plus `LiteralNumber` for a
 * number jq 1.8.2 keeps the literal of (a program literal, `tonumber`, `fromjson`, an input number) whose
 * canonical text differs from how jq prints a computed double (`100.00`, `1E+2`, `-0`).
 */
import { JqUnsupported } from "./errors.js";
import { step } from "./evaluation.js";

/** A number with the literal jq 1.8.2 prints for it: decNumber's canonical text of the literal it came from. */
export class LiteralNumber {
  constructor(
    readonly value: number,
    readonly literal: string,
  ) {}
}

export type JqObject = { [key: string]: JqValue };
export type JqValue = null | boolean | number | LiteralNumber | string | JqValue[] | JqObject;

type JqType = "null" | "boolean" | "number" | "string" | "array" | "object";

export function typeOf(value: JqValue): JqType {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return "number";
    case "string":
      return "string";
    default:
      if (Array.isArray(value)) return "array";
      return value instanceof LiteralNumber ? "number" : "object";
  }
}

export const isNumber = (value: JqValue): value is number | LiteralNumber =>
  typeof value === "number" || value instanceof LiteralNumber;

export const isObject = (value: JqValue): value is JqObject =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof LiteralNumber);

/** The double a number stands for. */
export const numberValue = (value: number | LiteralNumber): number =>
  typeof value === "number" ? value : value.value;

/** jq's truthiness: everything but `false` and `null`. */
export const truthy = (value: JqValue): boolean => value !== null && value !== false;

/** An own member of an object (input objects have a prototype; its members are not the object's). */
export function member(object: JqObject, key: string): JqValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A new object (no prototype, so `__proto__` is an ordinary key). */
export function newObject(): JqObject {
  return Object.create(null) as JqObject;
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]{0,9})$/;

/**
 * Sets `key` on an object being built, in jq's insertion order. JavaScript puts keys that look like array
 * indexes first; where that would change the order jq keeps, the engine cannot answer.
 */
export function setMember(object: JqObject, key: string, value: JqValue): void {
  if (!Object.hasOwn(object, key) && ARRAY_INDEX.test(key) && Number(key) < 4294967295) {
    for (const existing of Object.keys(object))
      if (!ARRAY_INDEX.test(existing) || Number(existing) > Number(key))
        throw new JqUnsupported("object key order with index-like keys");
  }
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** `items` with `f` applied to each, or `items` itself when `f` changed none: converting shares what it can. */
export function mapShared<T>(items: T[], f: (item: T) => T): T[] {
  let copy: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = f(items[i]!);
    if (item !== items[i]) {
      copy ??= items.slice();
      copy[i] = item;
    }
  }
  return copy ?? items;
}

/** A copy of an object (own members, in order) that may then be changed. */
export function copyObject(object: JqObject): JqObject {
  const copy = newObject();
  for (const key of Object.keys(object)) setMember(copy, key, object[key]!);
  return copy;
}

// ---- numbers ----------------------------------------------------------------------------------------------

const PLAIN_INTEGER = /^-?[1-9]\d{0,14}$/;

const NUMBER_TEXT = /^(-?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * decNumber's canonical ("to-scientific-string") text of a number literal, as jq 1.8.2 prints a literal it
 * kept: `100.00` stays `100.00`, `1e2` is `1E+2`, `0.00001` stays, `1e-7` is `1E-7`. Undefined for text that is
 * not a number literal.
 */
function canonicalLiteral(text: string): string | undefined {
  const match = NUMBER_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign, integer = "", fraction = "", onlyFraction, exponentText] = match;
  const fractionDigits = onlyFraction ?? fraction;
  let digits = (integer + fractionDigits).replace(/^0+(?=.)/, "");
  if (digits === "") digits = "0";
  const exponentValue = exponentText === undefined ? 0 : Number(exponentText);
  if (!Number.isSafeInteger(exponentValue)) return undefined;
  const exponent = exponentValue - fractionDigits.length;
  const adjusted = exponent + digits.length - 1;
  let body: string;
  if (exponent <= 0 && adjusted >= -6) {
    if (exponent === 0) body = digits;
    else if (digits.length > -exponent)
      body = `${digits.slice(0, digits.length + exponent)}.${digits.slice(digits.length + exponent)}`;
    else body = `0.${"0".repeat(-exponent - digits.length)}${digits}`;
  } else {
    body = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}E${adjusted >= 0 ? "+" : "-"}${Math.abs(adjusted)}`;
  }
  return `${sign}${body}`;
}

/** How jq 1.8.2 prints a double: shortest round-trip digits, `%g`-like, exponent from 17 integer digits on. */
function formatDouble(value: number): string {
  if (Number.isNaN(value)) return "null";
  if (!Number.isFinite(value)) return value > 0 ? "1.7976931348623157e+308" : "-1.7976931348623157e+308";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  // Whole numbers below 1e16 print as their digits in both (JavaScript turns to exponents only at 1e21).
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const decimalPoint = Number(exponentText) + 1;
  const sign = value < 0 ? "-" : "";
  if (decimalPoint <= -4 || decimalPoint > digits.length + 15) {
    const exponent = decimalPoint - 1;
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  if (decimalPoint <= 0) return `${sign}0.${"0".repeat(-decimalPoint)}${digits}`;
  if (decimalPoint >= digits.length) return `${sign}${digits}${"0".repeat(decimalPoint - digits.length)}`;
  return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
}

/**
 * The number a literal text stands for, as jq 1.8.2 keeps it: a plain double where jq would print it the same,
 * else a LiteralNumber. Literals beyond a double's range are left to jq-wasm, and so are literals with more
 * than 15 significant digits (two of them can be one double, which jq's decimal comparison tells apart) unless
 * the text is a double's own (`input`: the shortest text of a double, as JSON.stringify writes it).
 */
export function numberFromLiteral(
  text: string,
  source: "program" | "input" = "program",
): number | LiteralNumber {
  // The common case: an integer jq prints as it is written.
  if (PLAIN_INTEGER.test(text)) return Number(text);
  const literal = canonicalLiteral(text);
  if (literal === undefined) throw new JqUnsupported(`number literal ${text}`);
  const value = Number(text.startsWith(".") || text.startsWith("-.") ? text.replace(".", "0.") : text);
  if (!Number.isFinite(value) || (value === 0 && /[1-9]/.test(literal.split("E")[0]!)))
    throw new JqUnsupported(`number literal ${text} beyond a double`);
  if (source === "program" && significantDigits(literal) > 15)
    throw new JqUnsupported(`number literal ${text} beyond a double's precision`);
  // A zero stays a literal even when it prints like a double: jq negates a literal 0 to 0, a computed one to -0.
  return literal === formatDouble(value) && value !== 0 ? value : new LiteralNumber(value, literal);
}

function significantDigits(literal: string): number {
  const coefficient = literal.split("E")[0]!.replace(/[-.]/g, "").replace(/^0+/, "");
  return coefficient.length;
}

/** A number as jq prints it. */
export const formatNumber = (value: number | LiteralNumber): string =>
  typeof value === "number" ? formatDouble(value) : value.literal;

/** `-x` as jq 1.8.2 computes it: a kept literal stays a literal with the other sign. */
export function negate(value: number | LiteralNumber): number | LiteralNumber {
  if (typeof value === "number") return -value;
  // decNumber's minus of a zero is that zero, positive: `-0.0` is `0.0`, and so is `-(-0.0)`.
  if (value.value === 0) return new LiteralNumber(0, value.literal.replace(/^-/, ""));
  const literal = value.literal.startsWith("-") ? value.literal.slice(1) : `-${value.literal}`;
  return new LiteralNumber(-value.value, literal);
}

/** `length` of a number as jq 1.8.2 computes it: a kept literal loses its sign. */
export function absolute(value: number | LiteralNumber): number | LiteralNumber {
  if (typeof value === "number") return Math.abs(value);
  return value.value < 0 || Object.is(value.value, -0) ? negate(value) : value;
}

// ---- text -------------------------------------------------------------------------------------------------

/** A string as jq writes it in JSON: `"`, `\` and control characters escaped, DEL as `\u007f`, the rest as is. */
function quoteString(text: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let escape: string | undefined;
    if (code < 0x20 || code === 0x22 || code === 0x5c || code === 0x7f) {
      switch (code) {
        case 0x22:
          escape = '\\"';
          break;
        case 0x5c:
          escape = "\\\\";
          break;
        case 0x08:
          escape = "\\b";
          break;
        case 0x0c:
          escape = "\\f";
          break;
        case 0x0a:
          escape = "\\n";
          break;
        case 0x0d:
          escape = "\\r";
          break;
        case 0x09:
          escape = "\\t";
          break;
        default:
          escape = `\\u${code.toString(16).padStart(4, "0")}`;
      }
    }
    if (escape !== undefined) {
      out += text.slice(start, i) + escape;
      start = i + 1;
    }
  }
  return `${out}${text.slice(start)}"`;
}

/** Compact JSON text of a value, as jq's `tojson` writes it (keys in the object's order). */
export function toJsonText(value: JqValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return formatDouble(value);
    case "string":
      return quoteString(value);
  }
  if (value instanceof LiteralNumber) return value.literal;
  // A value that shares its parts (`[., .]` again and again) is far larger as text than in memory.
  step();
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(",")}]`;
  return `{${Object.keys(value)
    .map((key) => `${quoteString(key)}:${toJsonText(value[key]!)}`)
    .join(",")}}`;
}

/** `tostring`: a string as is, anything else as JSON text. */
export const toText = (value: JqValue): string => (typeof value === "string" ? value : toJsonText(value));

const encoder = new TextEncoder();

/**
 * A value as jq 1.8.2 shows it inside an error message: its JSON text, cut to 29 bytes (the first 25, whole
 * characters only, then `...` and the text's last character).
 */
export function errorText(value: JqValue): string {
  const text = toJsonText(value);
  const bytes = encoder.encode(text);
  if (bytes.length <= 29) return text;
  let end = 25;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${new TextDecoder().decode(bytes.subarray(0, end))}...${text.slice(-1)}`;
}

/** The sequence length a UTF-8 lead byte announces; 0 for a byte that cannot lead, -1 for a continuation byte. */
function utf8Length(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte < 0xc0) return -1;
  if (byte < 0xc2) return 0;
  if (byte < 0xe0) return 2;
  if (byte < 0xf0) return 3;
  return byte < 0xf5 ? 4 : 0;
}

const FIRST_CODEPOINT = [0, 0, 0x80, 0x800, 0x10000];

/**
 * Bytes as text the way jq 1.8.2 reads them (jvp_utf8_next): each bad sequence becomes one U+FFFD, where a
 * sequence cut short by the end swallows the rest and one broken by a non-continuation byte ends before it.
 * Where the two differ this is not the WHATWG decoding TextDecoder does.
 */
export function decodeUtf8AsJq(bytes: Uint8Array): string {
  const codepoints: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i]!;
    let length = utf8Length(first);
    let codepoint = -1;
    if (length === 1) codepoint = first;
    else if (length <= 0) length = 1;
    else if (i + length > bytes.length) length = bytes.length - i;
    else {
      codepoint = first & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) {
        const next = bytes[i + k]!;
        if (utf8Length(next) !== -1) {
          codepoint = -1;
          length = k;
          break;
        }
        codepoint = (codepoint << 6) | (next & 0x3f);
      }
      const invalid =
        codepoint < FIRST_CODEPOINT[length]! ||
        (codepoint >= 0xd800 && codepoint <= 0xdfff) ||
        codepoint > 0x10ffff;
      if (invalid) codepoint = -1;
    }
    codepoints.push(codepoint === -1 ? 0xfffd : codepoint);
    i += length;
  }
  let text = "";
  for (let k = 0; k < codepoints.length; k += 4096)
    text += String.fromCodePoint(...codepoints.slice(k, k + 4096));
  return text;
}

/** `type (value)`, the way jq names a value in its messages. */
export const describe = (value: JqValue): string => `${typeOf(value)} (${errorText(value)})`;

// ---- order ------------------------------------------------------------------------------------------------

const TYPE_ORDER: Record<JqType, number> = { null: 0, boolean: 1, number: 2, string: 3, array: 4, object: 5 };

/** Compares strings by code point (as jq compares UTF-8 bytes), not by UTF-16 unit. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates stand for code points above every other unit: move them past 0xE000–0xFFFF.
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function compareNumbers(a: number | LiteralNumber, b: number | LiteralNumber): number {
  const x = numberValue(a);
  const y = numberValue(b);
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // jq 1.8.2 puts NaN below every number, itself included: `nan < nan` is true and `nan == nan` false.
  return Number.isNaN(x) ? -1 : 1;
}

/** Whether NaN occurs anywhere in `value`. */
export function holdsNaN(value: JqValue): boolean {
  if (isNumber(value)) return Number.isNaN(numberValue(value));
  step();
  if (Array.isArray(value)) return value.some(holdsNaN);
  if (isObject(value)) return Object.values(value).some(holdsNaN);
  return false;
}

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compare(a: JqValue, b: JqValue): number {
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) return TYPE_ORDER[ta] < TYPE_ORDER[tb] ? -1 : 1;
  switch (ta) {
    case "null":
      return 0;
    case "boolean":
      return a === b ? 0 : a === false ? -1 : 1;
    case "number":
      return compareNumbers(a as number | LiteralNumber, b as number | LiteralNumber);
    case "string":
      return compareStrings(a as string, b as string);
    case "array": {
      step();
      const x = a as JqValue[];
      const y = b as JqValue[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const order = compare(x[i]!, y[i]!);
        if (order !== 0) return order;
      }
      return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
    }
    case "object": {
      step();
      const x = a as JqObject;
      const y = b as JqObject;
      const keysX = sortedKeys(x);
      const keysY = sortedKeys(y);
      const byKeys = compare(keysX, keysY);
      if (byKeys !== 0) return byKeys;
      for (const key of keysX) {
        const order = compare(x[key]!, y[key]!);
        if (order !== 0) return order;
      }
      return 0;
    }
  }
}

/** An object's keys in jq's order (`keys`): by code point. */
export const sortedKeys = (object: JqObject): string[] => Object.keys(object).sort(compareStrings);

/** Equality as jq's `==`: numbers by value, containers member by member. */
export function equals(a: JqValue, b: JqValue): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (isNumber(a) && isNumber(b)) return numberValue(a) === numberValue(b);
  const type = typeOf(a);
  if (type !== typeOf(b) || (type !== "array" && type !== "object")) return false;
  return compare(a, b) === 0;
}

// ---- strings by code point -------------------------------------------------------------------------------

/** The number of code points (jq's `length` of a string). */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** The code points of a string. */
export const codePoints = (text: string): number[] => Array.from(text, (char) => char.codePointAt(0)!);
