/** jq's `@format`s: `@text`, `@json`, `@html`, `@uri`, `@urid`, `@csv`, `@tsv`, `@sh`, `@base64`, `@base64d`. */
import { JqError, JqUnsupported } from "./errors.js";
import {
  decodeUtf8AsJq,
  describe,
  formatNumber,
  isNumber,
  numberValue,
  toJsonText,
  toText,
  typeOf,
  type JqValue,
  type LiteralNumber,
} from "./value.js";

const encoder = new TextEncoder();

/** How jq's escaping for `@csv`, `@tsv`, `@sh` and `@html` writes a NUL character: backslash, zero. */
const NUL = "\\0";

/** A number in a csv or tsv row: jq writes NaN as an empty field. */
const rowNumber = (value: number | LiteralNumber): string =>
  Number.isNaN(numberValue(value)) ? "" : formatNumber(value);

function csvField(value: JqValue): string {
  if (isNumber(value)) return rowNumber(value);
  if (typeof value === "string") return `"${value.replace(/["\0]/g, (c) => (c === '"' ? '""' : NUL))}"`;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) return "";
  throw new JqError(`${describe(value)} is not valid in a csv row`);
}

function tsvField(value: JqValue): string {
  if (isNumber(value)) return rowNumber(value);
  if (typeof value === "string")
    return value.replace(
      /[\\\t\r\n\0]/g,
      (c) => ({ "\\": "\\\\", "\t": "\\t", "\r": "\\r", "\n": "\\n", "\0": NUL })[c]!,
    );
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === null) return "";
  // jq 1.8.2 names the csv row here too.
  throw new JqError(`${describe(value)} is not valid in a csv row`);
}

function shWord(value: JqValue): string {
  if (typeof value === "string") return `'${value.replace(/['\0]/g, (c) => (c === "'" ? "'\\''" : NUL))}'`;
  if (Array.isArray(value) || (typeof value === "object" && value !== null && typeOf(value) === "object"))
    throw new JqError(`${describe(value)} can not be escaped for shell`);
  return toJsonText(value);
}

const URI_UNRESERVED = /[A-Za-z0-9\-_.~]/;

function uri(text: string): string {
  let out = "";
  for (const char of text) {
    if (URI_UNRESERVED.test(char)) out += char;
    else
      for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `@urid`: %XX sequences decoded as UTF-8; anything else stays as it is. */
function uriDecode(text: string): string {
  const bytes: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new JqError(`${describe(text)} is not a valid uri encoding`);
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      bytes.push(...encoder.encode(char));
      i += char.length;
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    throw new JqError(`${describe(text)} is not a valid uri encoding`);
  }
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64(text: string): string {
  const bytes = encoder.encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(chunk >> 18) & 63]! + BASE64[(chunk >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(chunk >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? BASE64[chunk & 63]! : "=";
  }
  return out;
}

/** Decodes base64 the way jq does for well-formed input; anything else is left to jq-wasm. */
function base64Decode(text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, "").length % 4 === 1)
    throw new JqUnsupported("@base64d of text that is not plain base64");
  const clean = text.replace(/=+$/, "");
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | BASE64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return decodeUtf8AsJq(new Uint8Array(bytes));
}

const ENTITIES: Record<string, string> = {
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "'": "&apos;",
  '"': "&quot;",
};

/** Applies `@name` to a value. Throws JqUnsupported for formats the own engine does not implement. */
export function applyFormat(name: string, value: JqValue): string {
  switch (name) {
    case "text":
      return toText(value);
    case "json":
      return toJsonText(value);
    case "html":
      return toText(value).replace(/[<>&'"\0]/g, (c) => ENTITIES[c] ?? NUL);
    case "uri":
      return uri(toText(value));
    case "urid":
      return uriDecode(toText(value));
    case "csv":
      if (!Array.isArray(value)) throw new JqError(`${describe(value)} cannot be csv-formatted, only array`);
      return value.map(csvField).join(",");
    case "tsv":
      if (!Array.isArray(value)) throw new JqError(`${describe(value)} cannot be tsv-formatted, only array`);
      return value.map(tsvField).join("\t");
    case "sh":
      return Array.isArray(value) ? value.map(shWord).join(" ") : shWord(value);
    case "base64":
      return base64(toText(value));
    case "base64d":
      return base64Decode(toText(value));
    default:
      throw new JqUnsupported(`@${name}`);
  }
}
