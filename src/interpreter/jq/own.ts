/**
 * The own jq engine: programs parsed and compiled once (cached, bounded), run on the input as closures. It
 * answers only where it is sure to answer as jq 1.8.2 does; anywhere else it throws JqUnsupported and the
 * caller runs jq-wasm.
 */
import type { Node } from "./ast.js";
import { fromInput, LIBRARY, PRELUDE } from "./builtins.js";
import { Compiler, type Env, type Filter, type Scope } from "./compile.js";
import { JqBreak, JqError } from "./errors.js";
import { parse } from "./parser.js";
import { isObject, JqUnsupported, LiteralNumber, toJsonText, type JqValue } from "./value.js";

const compiler = new Compiler(LIBRARY);

let prelude: { scope: Scope | null; env: Env } | undefined;

/** The prelude's definitions, compiled on first use. */
function preludeScope(): { scope: Scope | null; env: Env } {
  if (!prelude) {
    const defs = [];
    let node: Node = parse(`${PRELUDE} .`);
    while (node.kind === "def") {
      defs.push(node.def);
      node = node.rest;
    }
    prelude = compiler.definePrelude(defs);
  }
  return prelude;
}

/** Compiles a parsed program; JqUnsupported where it uses something the own engine does not implement. */
export function compileProgram(program: Node): Filter {
  return compiler.compile(program, preludeScope().scope);
}

/** The outcome of a run: its outputs, or the error jq would stop with (its value). */
export type OwnOutcome =
  { readonly ok: true; readonly outputs: unknown[] } | { readonly ok: false; readonly error: JqValue };

/** Runs a compiled program on an input (a JSON value); JqUnsupported where the answer is not certain. */
export function runCompiled(filter: Filter, input: unknown): OwnOutcome {
  const outputs: unknown[] = [];
  try {
    filter.run(fromInput(input as JqValue), preludeScope().env, (value) => outputs.push(toPlain(value)));
  } catch (error) {
    if (error instanceof JqError) return { ok: false, error: error.value };
    if (error instanceof RangeError) throw new JqUnsupported(`the own engine ran out of stack`);
    if (error instanceof JqBreak) throw new JqUnsupported("break outside its label");
    throw error;
  }
  return { ok: true, outputs };
}

/** jq's error message for an uncaught error value, as jq 1.8.2 prints it reading its input from stdin. */
export function errorMessage(value: JqValue): string {
  return typeof value === "string"
    ? `jq: error (at /dev/stdin:0): ${value}`
    : `jq: error (at /dev/stdin:0) (not a string): ${toJsonText(value)}`;
}

/**
 * An output as the flow data holds it: what JSON.parse gives for the text jq prints (NaN is null, infinities
 * the largest double, kept literals their double).
 */
function toPlain(value: JqValue): unknown {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return null;
    if (value === Infinity) return Number.MAX_VALUE;
    if (value === -Infinity) return -Number.MAX_VALUE;
    return value;
  }
  if (value instanceof LiteralNumber) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = toPlain(value[key]!);
      if (key === "__proto__")
        Object.defineProperty(out, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = item;
    }
    return out;
  }
  return value;
}
