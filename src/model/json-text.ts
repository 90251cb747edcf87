/**
 * Reads JSON text with positions: a syntax error comes back with line and column, and duplicate object
 * keys (which JSON.parse silently resolves to the last one — a lost state, say) are reported by pointer path.
 */

export type JsonTextResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly duplicateKeys: readonly (readonly (string | number)[])[];
    }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

/**
 * How deeply arrays and objects may nest. No bundle, event or mocks file comes near it, and every reader of the
 * value (validator, interpreter, JSON.stringify) walks it recursively: much deeper text is refused here, with its
 * position, instead of overflowing their stack.
 */
export const MAX_JSON_DEPTH = 512;

export function parseJsonText(source: string): JsonTextResult {
  // Editors on Windows often save a byte-order mark; it is not part of the JSON.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const scan = scanJson(text);
  if (!scan.ok) return scan;
  // V8's JSON.parse does not recurse, and the scan has bounded the depth for whoever walks the value next.
  return { ok: true, value: JSON.parse(text), duplicateKeys: scan.duplicateKeys };
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** An open object or array: the keys it has so far (objects), or the index of its current element (arrays). */
type Frame = { readonly close: "}"; readonly keys: Set<string> } | { readonly close: "]"; index: number };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Checks the text in one pass without recursion (any depth of nesting is reported, never a stack overflow). */
function scanJson(text: string): JsonTextResult {
  const duplicateKeys: (string | number)[][] = [];
  let i = 0;
  /** The open objects and arrays, outermost first; `path` holds the key or index of each one's current value. */
  const frames: Frame[] = [];
  const path: (string | number)[] = [];
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t"))
      i++;
  };
  const fail = (message: string): never => {
    throw new ScanError(i, message);
  };
  // A control character, or half of a surrogate pair, is shown by its code: printed raw it garbles the line.
  const describe = () => {
    if (i >= text.length) return "end of input";
    const code = text.codePointAt(i)!;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)
      ? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`
      : `'${String.fromCodePoint(code)}'`;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail("control character inside a string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("invalid \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail("invalid escape sequence");
      }
      i++;
    }
    if (i >= text.length) {
      i = start;
      fail("unterminated string");
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** A property name and its colon, recorded in the object's keys. */
  const key = (keys: Set<string>): string => {
    ws();
    if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
    const name = string();
    if (keys.has(name)) duplicateKeys.push([...path, name]);
    keys.add(name);
    ws();
    if (text[i] !== ":") fail(`expected ':' after property name, found ${describe()}`);
    i++;
    return name;
  };
  /** Opens an object or array at text[i]; false when it is empty (and already closed). */
  const open = (close: "}" | "]"): boolean => {
    if (frames.length >= MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return false;
    }
    if (close === "}") {
      const keys = new Set<string>();
      frames.push({ close, keys });
      path.push(key(keys));
    } else {
      frames.push({ close, index: 0 });
      path.push(0);
    }
    return true;
  };
  /** Reads one value; an object or array is only opened (its first member comes next). */
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{" || ch === "[") {
      if (open(ch === "{" ? "}" : "]")) return;
    } else if (ch === '"') {
      string();
    } else if (ch === "t" || ch === "f" || ch === "n") {
      const word = ch === "t" ? "true" : ch === "f" ? "false" : "null";
      if (text.slice(i, i + word.length) !== word) fail(`unexpected ${describe()}`);
      i += word.length;
    } else {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) fail(`unexpected ${describe()}`);
      i = NUMBER.lastIndex;
    }
    closeValue();
  };
  /** After a complete value: closes what ends there, and moves to the next member, if any. */
  const closeValue = (): void => {
    for (;;) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) return;
      ws();
      if (text[i] === ",") {
        i++;
        // The previous member's key leaves the path first: a repeated key is reported at its object.
        path.pop();
        path.push(frame.close === "}" ? key(frame.keys) : ++frame.index);
        return;
      }
      if (text[i] !== frame.close) fail(`expected ',' or '${frame.close}', found ${describe()}`);
      i++;
      frames.pop();
      path.pop();
    }
  };
  try {
    do value();
    while (frames.length > 0);
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the JSON value`);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split("\n").length;
    // Columns count characters (code points), so an emoji earlier on the line counts once.
    const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
    return { ok: false, line, column, message: error.message };
  }
  return { ok: true, value: undefined, duplicateKeys };
}
