/**
 * jq's tokens. String literals come as a sequence (start, text and interpolation parts, end) so that the
 * parser reads `\( … )` as an expression; the lexer keeps a stack of open strings and parentheses for it.
 */
import { JqSyntaxError } from "./errors.js";

export type Token =
  | { readonly type: "ident"; readonly value: string; readonly pos: number }
  | { readonly type: "keyword"; readonly value: Keyword; readonly pos: number }
  | { readonly type: "field"; readonly value: string; readonly pos: number }
  | { readonly type: "var"; readonly value: string; readonly pos: number }
  | { readonly type: "format"; readonly value: string; readonly pos: number }
  | { readonly type: "number"; readonly value: string; readonly pos: number }
  | { readonly type: "op"; readonly value: string; readonly pos: number }
  | { readonly type: "str_start"; readonly pos: number }
  | { readonly type: "str_text"; readonly value: string; readonly pos: number }
  | { readonly type: "interp_start"; readonly pos: number }
  | { readonly type: "interp_end"; readonly pos: number }
  | { readonly type: "str_end"; readonly pos: number }
  | { readonly type: "eof"; readonly pos: number };

const KEYWORDS = [
  "def",
  "if",
  "then",
  "elif",
  "else",
  "end",
  "as",
  "reduce",
  "foreach",
  "try",
  "catch",
  "label",
  "import",
  "include",
  "and",
  "or",
  "__loc__",
] as const;
type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_SET = new Set<string>(KEYWORDS);

const OPERATORS = [
  "?//",
  "//=",
  "|=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "==",
  "!=",
  "<=",
  ">=",
  "//",
  "..",
  ".",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  "|",
  ",",
  ":",
  ";",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "?",
];

const IDENT = /[a-zA-Z_][a-zA-Z_0-9]*(?:::[a-zA-Z_][a-zA-Z_0-9]*)*/y;
const FIELD = /\.[a-zA-Z_][a-zA-Z_0-9]*/y;
const NUMBER = /(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y;
const SPACE = /(?:[ \t\r\n]+|#(?:[^\\\n]|\\(?:\r\n|[^]))*)+/y;

/** The whole program as tokens. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // What is open: a string (lexing its text) or, inside an interpolation, the parentheses opened since.
  const stack: Array<{ readonly kind: "string" } | { kind: "interp"; depth: number }> = [];
  let pos = 0;
  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = pos;
    const found = pattern.exec(source);
    return found ? found[0] : undefined;
  };

  while (true) {
    const top = stack[stack.length - 1];
    if (top?.kind === "string") {
      pos = lexStringText(source, pos, tokens, stack);
      continue;
    }
    const space = match(SPACE);
    if (space) pos += space.length;
    if (pos >= source.length) {
      if (stack.length > 0) throw new JqSyntaxError("unterminated string");
      tokens.push({ type: "eof", pos });
      return tokens;
    }
    const start = pos;
    const char = source[pos]!;
    if (char === '"') {
      tokens.push({ type: "str_start", pos });
      stack.push({ kind: "string" });
      pos++;
      continue;
    }
    if (char === "$") {
      pos++;
      const name = match(IDENT);
      if (!name) throw new JqSyntaxError(`$ without a name at ${start}`);
      pos += name.length;
      tokens.push({ type: "var", value: name, pos: start });
      continue;
    }
    if (char === "@") {
      pos++;
      const name = match(/[a-zA-Z0-9_]+/y);
      if (!name) throw new JqSyntaxError(`@ without a format name at ${start}`);
      pos += name.length;
      tokens.push({ type: "format", value: name, pos: start });
      continue;
    }
    const number = match(NUMBER);
    if (number) {
      pos += number.length;
      tokens.push({ type: "number", value: number, pos: start });
      continue;
    }
    const field = match(FIELD);
    if (field) {
      pos += field.length;
      tokens.push({ type: "field", value: field.slice(1), pos: start });
      continue;
    }
    const ident = match(IDENT);
    if (ident) {
      pos += ident.length;
      tokens.push(
        KEYWORD_SET.has(ident)
          ? { type: "keyword", value: ident as Keyword, pos: start }
          : { type: "ident", value: ident, pos: start },
      );
      continue;
    }
    const operator = OPERATORS.find((op) => source.startsWith(op, pos));
    if (!operator) throw new JqSyntaxError(`unexpected character ${JSON.stringify(char)} at ${pos}`);
    pos += operator.length;
    if (top?.kind === "interp") {
      if (operator === "(") top.depth++;
      else if (operator === ")") {
        if (top.depth === 0) {
          stack.pop();
          tokens.push({ type: "interp_end", pos: start });
          continue;
        }
        top.depth--;
      }
    }
    tokens.push({ type: "op", value: operator, pos: start });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** Lexes string text from `pos` up to the closing quote or an interpolation; returns the new position. */
function lexStringText(
  source: string,
  pos: number,
  tokens: Token[],
  stack: Array<{ readonly kind: "string" } | { kind: "interp"; depth: number }>,
): number {
  const start = pos;
  let text = "";
  while (pos < source.length) {
    const char = source[pos]!;
    if (char === '"') {
      if (text !== "" || tokens[tokens.length - 1]?.type === "str_start")
        tokens.push({ type: "str_text", value: text, pos: start });
      tokens.push({ type: "str_end", pos });
      stack.pop();
      return pos + 1;
    }
    if (char !== "\\") {
      text += char;
      pos++;
      continue;
    }
    const next = source[pos + 1];
    if (next === "(") {
      tokens.push({ type: "str_text", value: text, pos: start });
      tokens.push({ type: "interp_start", pos });
      stack.push({ kind: "interp", depth: 0 });
      return pos + 2;
    }
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      text += SIMPLE_ESCAPES[next];
      pos += 2;
      continue;
    }
    if (next === "u") {
      const code = unicodeEscape(source, pos);
      if (code >= 0xd800 && code <= 0xdbff) {
        const low = source.startsWith("\\u", pos + 6) ? unicodeEscape(source, pos + 6) : -1;
        if (low < 0xdc00 || low > 0xdfff) throw new JqSyntaxError("lone surrogate escape");
        text += String.fromCharCode(code, low);
        pos += 12;
        continue;
      }
      if (code >= 0xdc00 && code <= 0xdfff) throw new JqSyntaxError("lone surrogate escape");
      text += String.fromCharCode(code);
      pos += 6;
      continue;
    }
    throw new JqSyntaxError(`invalid escape at ${pos}`);
  }
  throw new JqSyntaxError("unterminated string");
}

function unicodeEscape(source: string, pos: number): number {
  const hex = source.slice(pos + 2, pos + 6);
  if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JqSyntaxError(`invalid \\u escape at ${pos}`);
  return parseInt(hex, 16);
}
