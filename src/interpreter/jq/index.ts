import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import type { Filter } from "./compile.js";
import { JqForbidden } from "./errors.js";
import { compileProgram, errorMessage, runCompiled } from "./own.js";
import { JqSyntaxError, parse } from "./parser.js";
import { checkSandbox, FORBIDDEN_NAMES } from "./sandbox.js";
import { JqUnsupported } from "./value.js";
import { errorLines, runWasmJq } from "./wasm.js";

export { runWasmJq, wasmJqVersion, WASM_MAX_INPUT_DEPTH } from "./wasm.js";

/** How a program runs: compiled by the own engine, or left to jq-wasm; or refused by the sandbox. */
type Prepared =
  | { readonly kind: "own"; readonly filter: Filter }
  | { readonly kind: "wasm" }
  | { readonly kind: "forbidden"; readonly message: string };

/** Programs prepared so far; bounded, since `zisflow dev` runs for days. */
const prepared = new Map<string, Prepared>();
const MAX_PREPARED = 1000;

const FORBIDDEN_WORD = new RegExp(
  `(?:^|[^A-Za-z0-9_$])(${FORBIDDEN_NAMES.map((n) => n.replace("$", "\\$")).join("|")})(?![A-Za-z0-9_])`,
);

function prepare(program: string): Prepared {
  let ast;
  try {
    ast = parse(program);
  } catch (error) {
    if (!(error instanceof JqSyntaxError || error instanceof JqUnsupported)) throw error;
    // Not read by the own parser (a syntax error, most likely): jq-wasm reports it, unless the text names a
    // forbidden builtin anywhere at all.
    const word = FORBIDDEN_WORD.exec(program);
    return word ? { kind: "forbidden", message: new JqForbidden(word[1]!).message } : { kind: "wasm" };
  }
  try {
    checkSandbox(ast);
  } catch (error) {
    if (error instanceof JqForbidden) return { kind: "forbidden", message: error.message };
    throw error;
  }
  try {
    return { kind: "own", filter: compileProgram(ast) };
  } catch (error) {
    if (error instanceof JqUnsupported) return { kind: "wasm" };
    throw error;
  }
}

function preparedProgram(program: string): Prepared {
  let entry = prepared.get(program);
  if (entry === undefined) {
    entry = prepare(program);
    if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value!);
    prepared.set(program, entry);
  }
  return entry;
}

/**
 * The own engine alone: all outputs of `program` on `input` or jq's error message, or "unsupported" where
 * runJqProgram would run jq-wasm.
 */
export function runOwnJq(
  program: string,
  input: unknown,
):
  | { readonly ok: true; readonly outputs: unknown[] }
  | { readonly ok: false; readonly message: string }
  | "unsupported" {
  const entry = preparedProgram(program);
  if (entry.kind === "forbidden") return { ok: false, message: entry.message };
  if (entry.kind === "wasm") return "unsupported";
  try {
    const outcome = runCompiled(entry.filter, input);
    return outcome.ok ? outcome : { ok: false, message: errorLines(errorMessage(outcome.error)) };
  } catch (error) {
    if (error instanceof JqUnsupported) return "unsupported";
    throw error;
  }
}

/** All outputs of `program` on `input`, or jq's error message: the own engine where it can, else jq-wasm. */
export async function runJqProgram(
  program: string,
  input: unknown,
): Promise<
  { readonly ok: true; readonly outputs: unknown[] } | { readonly ok: false; readonly message: string }
> {
  const own = runOwnJq(program, input);
  return own === "unsupported" ? runWasmJq(program, input) : own;
}

/**
 * `zis:common:transform:Jq`: the program's single output. No output is `null`; several outputs, a jq
 * error or a forbidden builtin are runtime errors of the state, with jq's own message as the Cause.
 */
export async function runJq(program: string, input: unknown): Promise<unknown> {
  const outcome = await runJqProgram(program, input);
  if (!outcome.ok) throw new StateError(STATE_ERROR_NAMES.taskFailed, outcome.message);
  if (outcome.outputs.length > 1)
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `jq program produced ${outcome.outputs.length} outputs; a Jq action must produce one (wrap it in [...] to collect them)`,
    );
  return outcome.outputs.length === 0 ? null : outcome.outputs[0];
}
