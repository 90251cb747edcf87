/**
 * A fast path for the jq programs most flows use: paths (`.a.b`, `.[0]`, `."k"`, `.["k"]`) piped into
 * `tonumber`, `tostring`, `length`, `ascii_downcase`, `ascii_upcase`. The real engine costs ~1.6 ms a call
 * because it recompiles jq's builtins each time; these run in microseconds.
 *
 * The fast path only ever answers when it is sure to give what jq 1.8.2 gives; any other input (an error, an
 * odd number, a type it does not handle) returns NOT_HANDLED and the real engine runs. Differential tests
 * (test/interpreter/jq-fast.test.ts) compare both on many programs and random inputs.
 */

export const NOT_HANDLED = Symbol("not handled");

type Step =
  | { readonly kind: "key"; readonly key: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "builtin"; readonly name: Builtin };
type Builtin = "tonumber" | "tostring" | "length" | "ascii_downcase" | "ascii_upcase";
const BUILTINS = new Set<string>(["tonumber", "tostring", "length", "ascii_downcase", "ascii_upcase"]);

export type FastProgram = (input: unknown) => unknown;

const cache = new Map<string, FastProgram | null>();

/** Compiles `program` if the fast path supports it; null otherwise. Cached per program text. */
export function compileFast(program: string): FastProgram | null {
  let compiled = cache.get(program);
  if (compiled === undefined) {
    const steps = parse(program);
    compiled = steps ? (input) => evaluate(steps, input) : null;
    cache.set(program, compiled);
  }
  return compiled;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

function parse(program: string): Step[] | null {
  const steps: Step[] = [];
  const stages = program.split("|").map((s) => s.trim());
  for (const stage of stages) {
    if (BUILTINS.has(stage)) {
      steps.push({ kind: "builtin", name: stage as Builtin });
      continue;
    }
    if (!stage.startsWith(".")) return null;
    if (stage === ".") continue;
    let i = 0;
    while (i < stage.length) {
      if (stage[i] === "." && stage[i + 1] !== "[") {
        const rest = stage.slice(i + 1);
        const ident = IDENT.exec(rest);
        if (ident) {
          steps.push({ kind: "key", key: ident[0] });
          i += 1 + ident[0].length;
          continue;
        }
        const quoted = /^"([A-Za-z0-9_ .:-]*)"/.exec(rest);
        if (!quoted) return null;
        steps.push({ kind: "key", key: quoted[1]! });
        i += 1 + quoted[0].length;
        continue;
      }
      const bracket = /^\.?\[(?:(\d+)|"([A-Za-z0-9_ .:-]*)")\]/.exec(stage.slice(i));
      if (!bracket) return null;
      steps.push(
        bracket[1] !== undefined
          ? { kind: "index", index: Number(bracket[1]) }
          : { kind: "key", key: bracket[2]! },
      );
      i += bracket[0].length;
    }
  }
  return steps;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function evaluate(steps: readonly Step[], input: unknown): unknown {
  let value = input;
  for (const step of steps) {
    switch (step.kind) {
      case "key":
        if (value === null) break;
        if (typeof value !== "object" || Array.isArray(value)) return NOT_HANDLED;
        value = Object.prototype.hasOwnProperty.call(value, step.key)
          ? (value as Record<string, unknown>)[step.key]
          : null;
        break;
      case "index":
        if (value === null) break;
        if (!Array.isArray(value)) return NOT_HANDLED;
        value = step.index < value.length ? value[step.index] : null;
        break;
      case "builtin":
        value = builtin(step.name, value);
        if (value === NOT_HANDLED) return NOT_HANDLED;
        break;
    }
  }
  return value;
}

function builtin(name: Builtin, value: unknown): unknown {
  switch (name) {
    case "tonumber":
      if (typeof value === "number") return value;
      if (typeof value === "string" && JSON_NUMBER.test(value)) {
        const number = Number(value);
        return Number.isFinite(number) && Math.abs(number) < 1e15 ? number : NOT_HANDLED;
      }
      return NOT_HANDLED;
    case "tostring":
      if (typeof value === "string") return value;
      if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : NOT_HANDLED;
      if (typeof value === "boolean" || value === null) return String(value);
      return NOT_HANDLED;
    case "length":
      if (typeof value === "string") return [...value].length;
      if (Array.isArray(value)) return value.length;
      if (value === null) return 0;
      if (typeof value === "object") return Object.keys(value).length;
      if (typeof value === "number") return Math.abs(value);
      return NOT_HANDLED;
    case "ascii_downcase":
    case "ascii_upcase":
      if (typeof value !== "string") return NOT_HANDLED;
      return name === "ascii_downcase"
        ? value.replace(/[A-Z]/g, (c) => c.toLowerCase())
        : value.replace(/[a-z]/g, (c) => c.toUpperCase());
  }
}
