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

export function parseJsonText(source: string): JsonTextResult {
  // Editors on Windows often save a byte-order mark; it is not part of the JSON.
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const scan = scanJson(text);
  if (!scan.ok) return scan;
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

function scanJson(text: string): JsonTextResult {
  const duplicateKeys: (string | number)[][] = [];
  let i = 0;
  const path: (string | number)[] = [];
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t"))
      i++;
  };
  const fail = (message: string): never => {
    throw new ScanError(i, message);
  };
  const describe = () => (i >= text.length ? "end of input" : `'${text[i]}'`);
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
  /** The members of an object or array after its opening bracket: `head` reads what precedes each value. */
  const members = (close: "}" | "]", head: () => string | number): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      ws();
      path.push(head());
      value();
      path.pop();
      ws();
      if (text[i] === ",") i++;
      else if (text[i] === close) {
        i++;
        return;
      } else fail(`expected ',' or '${close}', found ${describe()}`);
    }
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      const keys = new Set<string>();
      members("}", () => {
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = string();
        if (keys.has(key)) duplicateKeys.push([...path, key]);
        keys.add(key);
        ws();
        if (text[i] !== ":") fail(`expected ':' after property name, found ${describe()}`);
        i++;
        return key;
      });
    } else if (ch === "[") {
      let index = 0;
      members("]", () => index++);
    } else if (ch === '"') {
      string();
    } else if (ch === "t" || ch === "f" || ch === "n") {
      const word = ch === "t" ? "true" : ch === "f" ? "false" : "null";
      if (text.slice(i, i + word.length) !== word) fail(`unexpected ${describe()}`);
      i += word.length;
    } else {
      const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!number) fail(`unexpected ${describe()}`);
      i += number![0].length;
    }
  };
  try {
    value();
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
