/**
 * The own jq engine: programs parsed and compiled once (cached, bounded), run on the input as closures. It
 * answers only where it is sure to answer as jq 1.8.2 does; anywhere else it throws JqUnsupported and the
 * caller runs jq-wasm.
 */
import type { Node } from "./ast.js";
import { fromInput, LIBRARY, PRELUDE } from "./builtins.js";
import { Compiler, type Env, type Filter, type Scope } from "./compile.js";
import { JqBreak, JqError, JqUnsupported } from "./errors.js";
import { evaluate, step, type EvaluationLimits } from "./evaluation.js";
import { parse } from "./parser.js";
import { isObject, LiteralNumber, mapShared, toJsonText, type JqValue } from "./value.js";

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

/**
 * Runs a compiled program on an input (a JSON value) within `limits`; JqUnsupported where the answer is not
 * certain, JqBudgetExceeded past the steps allowed.
 */
export function runCompiled(filter: Filter, input: unknown, limits: EvaluationLimits): OwnOutcome {
  const outputs: unknown[] = [];
  try {
    evaluate(limits, () =>
      filter.run(engineInput(input), preludeScope().env, (value) => outputs.push(toPlain(value))),
    );
  } catch (error) {
    if (error instanceof JqError) return { ok: false, error: error.value };
    // Recursion deeper than the stack, or a string or array longer than JavaScript's: jq-wasm's to try.
    if (error instanceof RangeError) throw new JqUnsupported(`a JavaScript limit (${error.message})`);
    if (error instanceof JqBreak) throw new JqUnsupported("break outside its label");
    throw error;
  }
  return { ok: true, outputs };
}

/** jq's error message for an uncaught error value, as jq 1.8.2 prints it reading its input from stdin. */
export function errorMessage(value: JqValue): string {
  // jq prints the message as a C string: it ends at a NUL.
  return typeof value === "string"
    ? `jq: error (at /dev/stdin:0): ${value.split("\0")[0]}`
    : `jq: error (at /dev/stdin:0) (not a string): ${toJsonText(value)}`;
}

/** Inputs as the engine reads them, by object: flow data is never changed in place, so each reads the same. */
const readInputs = new WeakMap<object, JqValue>();

function engineInput(input: unknown): JqValue {
  if (typeof input !== "object" || input === null) return fromInput(input as JqValue);
  let read = readInputs.get(input);
  if (read === undefined) {
    read = fromInput(input as JqValue);
    readInputs.set(input, read);
  }
  return read;
}

/**
 * An output as the flow data holds it: what JSON.parse gives for the text jq prints (NaN is null, infinities
 * the largest double, kept literals their double, objects ordinary objects). Parts that are already so (input
 * the program passed through) are kept, not copied.
 */
function toPlain(value: JqValue): unknown {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return null;
    if (value === Infinity) return Number.MAX_VALUE;
    if (value === -Infinity) return -Number.MAX_VALUE;
    return value;
  }
  if (value instanceof LiteralNumber) return value.value;
  // An output that shares its parts can be far larger than the steps that built it.
  step();
  if (Array.isArray(value)) return mapShared<unknown>(value, (item) => toPlain(item as JqValue));
  if (isObject(value)) {
    // The engine's own objects have no prototype; input objects (ordinary ones) whose members are plain stay.
    const own = Object.getPrototypeOf(value) === null;
    let copy: Record<string, unknown> | undefined;
    const keys = Object.keys(value);
    for (const key of keys) {
      const item = toPlain(value[key]!);
      if (copy === undefined && (own || item !== value[key])) {
        copy = {};
        for (const earlier of keys) {
          if (earlier === key) break;
          define(copy, earlier, value[earlier]);
        }
      }
      if (copy !== undefined) define(copy, key, item);
    }
    return copy ?? (own ? {} : value);
  }
  return value;
}

function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
