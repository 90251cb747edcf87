/**
 * jq's regular expressions (Oniguruma, Perl syntax) on JavaScript's RegExp, for the patterns where the two
 * certainly agree; any other pattern, flag or input is left to jq-wasm (JqUnsupported).
 */
import { BoundedCache } from "../bounded-cache.js";
import { JqError, JqUnsupported } from "./errors.js";
import { step } from "./evaluation.js";
import { codePointLength, describe, newObject, type JqObject, type JqValue } from "./value.js";

interface Translated {
  readonly source: string;
  /** Uses `\w`, `\d`, `\s`, `\b` (or their negations): Unicode-aware in Oniguruma, ASCII-only in JavaScript. */
  readonly classes: boolean;
  /** Uses `$`, which Oniguruma also matches before a final newline. */
  readonly dollar: boolean;
}

interface Group {
  readonly start: number;
  readonly kind: "capture" | "plain" | "lookaround";
  /** Whether a capturing group is nested in this one. */
  capturesInside: boolean;
}

const translations = new BoundedCache<string, Translated>(1000);

const unsupported = (what: string): never => {
  throw new JqUnsupported(`regular expression ${what}`);
};

/**
 * The `x` flag: unescaped whitespace and `#` comments outside classes are not part of the pattern. Whitespace
 * is Oniguruma's: space, tab, newline, return and form feed, no other.
 */
function stripExtended(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "\\") {
      out += char + (pattern[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (char === "]") inClass = false;
      out += char;
    } else if (char === "[") {
      inClass = true;
      out += char;
    } else if (char === "#") {
      while (i < pattern.length && pattern[i] !== "\n") i++;
    } else if (!" \t\n\r\f".includes(char)) out += char;
  }
  return out;
}

/** Translates an Oniguruma pattern to JavaScript (with the `u` flag), or refuses. */
function translate(pattern: string): Translated {
  let out = "";
  let classes = false;
  let dollar = false;
  let inClass = false;
  const groups: Group[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) unsupported("ending in \\");
      i++;
      if ("dDwWsS".includes(next!)) {
        classes = true;
        out += `\\${next}`;
      } else if ("bB".includes(next!)) {
        if (inClass) unsupported("\\b in a class");
        classes = true;
        out += `\\${next}`;
      } else if ("ntrf".includes(next!)) out += `\\${next}`;
      else if ("\\.*+?()[]{}|^$/".includes(next!)) out += `\\${next}`;
      else if (next === "-") out += inClass ? "\\-" : "-";
      // A backreference to a group that did not take part fails in Oniguruma and matches empty in JavaScript.
      else if (/[1-9]/.test(next!) && !inClass) unsupported("backreference");
      else unsupported(`escape \\${next}`);
      continue;
    }
    if (inClass) {
      if (char === "[") unsupported("nested or POSIX class");
      if (char === "&" && pattern[i + 1] === "&") unsupported("class intersection");
      if (char === "]") inClass = false;
      out += char;
      continue;
    }
    switch (char) {
      case "[":
        inClass = true;
        out += char;
        if (pattern[i + 1] === "^") {
          out += "^";
          i++;
        }
        if (pattern[i + 1] === "]") unsupported("class starting with ]");
        break;
      case "(": {
        const rest = pattern.slice(i + 1);
        const kind = /^\?[=!]/.test(rest)
          ? "lookaround"
          : /^\?:/.test(rest)
            ? "plain"
            : /^\?<[A-Za-z_][A-Za-z0-9_]*>/.test(rest) || !rest.startsWith("?")
              ? "capture"
              : unsupported("group kind (?…");
        // Oniguruma reports a capture made inside a lookahead as empty; JavaScript gives its text.
        if (kind === "capture" && groups.some((g) => g.kind === "lookaround"))
          unsupported("a capture in a lookaround");
        groups.push({ start: i, kind, capturesInside: false });
        if (rest.startsWith("?")) {
          out += "(?";
          i++;
        } else out += "(";
        break;
      }
      case ".":
        // Oniguruma's `.` takes any character but a newline; JavaScript's also refuses \r, U+2028 and U+2029.
        out += "[^\\n]";
        break;
      case "$":
        dollar = true;
        out += "$";
        break;
      case "{": {
        const quantifier = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!quantifier) unsupported("{ that is not a quantifier");
        out += quantifier![0];
        i += quantifier![0].length - 1;
        if (pattern[i + 1] === "+") unsupported("possessive quantifier");
        break;
      }
      case "*":
      case "+":
      case "?":
        out += char;
        if (pattern[i + 1] === "+") unsupported("possessive quantifier");
        break;
      case ")": {
        const group = groups.pop();
        if (!group) return unsupported("unbalanced )");
        const body = pattern.slice(group.start + 1, i).replace(/^\?(?::|<\w+>)/, "");
        const quantified = /^[?*+{]/.test(pattern.slice(i + 1));
        // Repeated, Oniguruma keeps a capture inside from an earlier round; JavaScript forgets it each round.
        if (quantified && group.capturesInside) unsupported("a capture in a repeated group");
        // A repeated capture that can match empty: Oniguruma goes one more round and captures the empty text.
        if (quantified && group.kind === "capture" && (body === "" || MAY_MATCH_EMPTY.test(body)))
          unsupported("a repeated capture that can match empty");
        // A group that can match empty, repeated zero or more times: Oniguruma captures the empty match,
        // JavaScript leaves the group unmatched.
        if (/^[?*]|^\{0/.test(pattern.slice(i + 1)) && (/[?*]|\{0/.test(body) || body === ""))
          unsupported("an optional group that can match empty");
        // `(a+)+`, `(a|a)*`: JavaScript backtracks through them in exponential time, and a RegExp cannot be
        // stopped; jq-wasm can (jqMilliseconds).
        if (/^[*+{]/.test(pattern.slice(i + 1)) && UNBOUNDED_OR_ALTERNATIVES.test(body))
          unsupported("a repeated group holding a repetition or alternatives");
        const parent = groups[groups.length - 1];
        if (parent) parent.capturesInside ||= group.capturesInside || group.kind === "capture";
        out += char;
        break;
      }
      default:
        out += char;
    }
  }
  if (inClass) unsupported("unclosed class");
  return { source: out, classes, dollar };
}

const NON_ASCII = /[^\x00-\x7f]/;

/** A repetition without bound, or alternatives (an escaped `\*` counts too: it only sends more to jq-wasm). */
const UNBOUNDED_OR_ALTERNATIVES = /[*+|]|\{\d+,\}/;

/**
 * Texts longer than this are left to jq-wasm under a pattern that repeats without bound: backtracking through
 * `\s+$` or `a*a*b` takes time growing as a power of the text's length, which only jq-wasm's deadline can stop.
 */
const LONG_TEXT = 4096;

/** What in a group's body might let it match empty: optional parts, alternatives, anchors, lookarounds. */
const MAY_MATCH_EMPTY = /[?*|{^$]|\\[bB]|\(\?[=!]/;

/** A RegExp for `pattern` under jq's `flags`, checked to behave as Oniguruma would on `input`. */
function regexFor(
  pattern: string,
  flags: string,
  input: string,
): { regex: RegExp; global: boolean; nonEmptyOnly: boolean } {
  let global = false;
  let ignoreCase = false;
  let nonEmptyOnly = false;
  let extended = false;
  for (const flag of flags) {
    if (flag === "g") global = true;
    else if (flag === "i") ignoreCase = true;
    else if (flag === "n") nonEmptyOnly = true;
    else if (flag === "x") extended = true;
    else unsupported(`flag ${flag}`);
  }
  const translated = translations.get(extended ? stripExtended(pattern) : pattern, translate);
  if (translated.classes && NON_ASCII.test(input)) unsupported("classes on non-ASCII text");
  if (translated.dollar && input.includes("\n")) unsupported("$ on text with newlines");
  if (ignoreCase && (NON_ASCII.test(input) || NON_ASCII.test(pattern)))
    unsupported("case folding beyond ASCII");
  if (input.length > LONG_TEXT && /[*+]|\{\d+,\}/.test(translated.source))
    unsupported("a long text under a repetition without bound");
  let regex: RegExp;
  try {
    regex = new RegExp(translated.source, `dgu${ignoreCase ? "i" : ""}`);
  } catch {
    return unsupported("that JavaScript does not compile");
  }
  return { regex, global, nonEmptyOnly };
}

/** Code point offset of a UTF-16 index. */
const offsetOf = (text: string, index: number): number => codePointLength(text.slice(0, index));

/**
 * jq's `_match_impl`: the match objects of `re` in the input (all of them with the `g` flag), or, for `test`,
 * whether there is one.
 */
export function matchValues(
  input: JqValue,
  re: JqValue,
  flags: JqValue,
  testOnly: boolean,
): JqValue[] | boolean {
  if (typeof input !== "string")
    throw new JqError(`${describe(input)} cannot be matched, as it is not a string`);
  if (typeof re !== "string") throw new JqError(`${describe(re)} is not a string`);
  if (flags !== null && typeof flags !== "string") throw new JqError(`${describe(flags)} is not a string`);
  const { regex, global, nonEmptyOnly } = regexFor(re, flags ?? "", input);
  const names = groupNames(regex);
  const results: JqValue[] = [];
  for (const match of input.matchAll(regex)) {
    step();
    if (match[0] === "") {
      // Oniguruma's `n` looks on for a longer match where JavaScript's has stopped at an empty one, and jq
      // steps one byte (not one character) past an empty match.
      if (nonEmptyOnly) unsupported("flag n where the pattern matches empty");
      if (global && NON_ASCII.test(input)) unsupported("an empty match in non-ASCII text");
    }
    if (testOnly) return true;
    results.push(matchObject(input, match, names));
    if (!global) break;
  }
  return testOnly ? false : results;
}

/** The name of each capture group, in order (null for unnamed ones). */
function groupNames(regex: RegExp): (string | null)[] {
  const names: (string | null)[] = [];
  const source = regex.source;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") inClass = true;
    else if (char === "(") {
      if (source[i + 1] !== "?") names.push(null);
      else {
        const named = /^\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(source.slice(i + 1));
        if (named) names.push(named[1]!);
      }
    }
  }
  return names;
}

function matchObject(input: string, match: RegExpMatchArray, names: (string | null)[]): JqObject {
  const start = match.index!;
  const object = newObject();
  object["offset"] = offsetOf(input, start);
  object["length"] = codePointLength(match[0]);
  object["string"] = match[0];
  const indices = match.indices!;
  object["captures"] = names.map((name, i) => {
    const text = match[i + 1];
    const capture = newObject();
    if (text === undefined) {
      capture["offset"] = -1;
      capture["string"] = null;
      capture["length"] = 0;
      capture["name"] = name;
      return capture;
    }
    capture["offset"] = offsetOf(input, indices[i + 1]![0]);
    // jq 1.8.2 builds an empty capture in another key order.
    if (text === "") {
      capture["string"] = text;
      capture["length"] = 0;
    } else {
      capture["length"] = codePointLength(text);
      capture["string"] = text;
    }
    capture["name"] = name;
    return capture;
  });
  return object;
}
