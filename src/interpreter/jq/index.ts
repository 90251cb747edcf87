import { DEFAULT_RUN_BUDGET } from "../budget.js";
import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import { BoundedCache } from "../bounded-cache.js";
import type { Filter } from "./compile.js";
import { JqForbidden, JqSyntaxError, JqUnsupported } from "./errors.js";
import { compileProgram, errorMessage, runCompiled } from "./own.js";
import { parse } from "./parser.js";
import { checkSandbox, FORBIDDEN_NAMES } from "./sandbox.js";
import { errorLines, runWasmJq, type JqOutcome } from "./wasm.js";

export { runWasmJq, WASM_MAX_INPUT_DEPTH } from "./wasm.js";
export { JqBudgetExceeded } from "./errors.js";

/** What a jq program may spend, and the time it reads. */
export interface JqOptions {
  /** Evaluation steps in the own engine; more throw JqBudgetExceeded. @default DEFAULT_RUN_BUDGET.jqSteps */
  readonly steps?: number | undefined;
  /** Wall time of a jq-wasm call; longer throws JqBudgetExceeded. @default DEFAULT_RUN_BUDGET.jqMilliseconds */
  readonly milliseconds?: number | undefined;
  /** What `now` reads, in milliseconds since the epoch (a run passes its clock's). @default the real time */
  readonly now?: number | undefined;
}

/** How a program runs: compiled by the own engine, or left to jq-wasm; or refused by the sandbox. */
type Prepared =
  | { readonly kind: "own"; readonly filter: Filter }
  | { readonly kind: "wasm" }
  | { readonly kind: "forbidden"; readonly message: string };

/** Programs prepared so far. */
const prepared = new BoundedCache<string, Prepared>(1000);

const FORBIDDEN_WORD = new RegExp(
  `(?:^|[^A-Za-z0-9_$])(${FORBIDDEN_NAMES.map((n) => n.replace("$", "\\$")).join("|")})(?![A-Za-z0-9_])`,
);

function prepare(program: string): Prepared {
  let ast;
  try {
    ast = parse(program);
    checkSandbox(ast);
  } catch (error) {
    if (error instanceof JqForbidden) return { kind: "forbidden", message: error.message };
    // A RangeError is nesting deeper than the parser's or the sandbox's stack.
    if (!(error instanceof JqSyntaxError || error instanceof JqUnsupported || error instanceof RangeError))
      throw error;
    // Not read by the own parser (a syntax error, most likely): jq-wasm reports it, unless the text names a
    // forbidden builtin anywhere at all.
    const word = FORBIDDEN_WORD.exec(program);
    return word ? { kind: "forbidden", message: new JqForbidden(word[1]!).message } : { kind: "wasm" };
  }
  try {
    return { kind: "own", filter: compileProgram(ast) };
  } catch (error) {
    if (error instanceof JqUnsupported || error instanceof RangeError) return { kind: "wasm" };
    throw error;
  }
}

/**
 * The own engine alone: all outputs of `program` on `input` or jq's error message, or "unsupported" where
 * runJqProgram would run jq-wasm.
 */
export function runOwnJq(
  program: string,
  input: unknown,
  options: JqOptions = {},
): JqOutcome | "unsupported" {
  const entry = prepared.get(program, prepare);
  if (entry.kind === "forbidden") return { ok: false, message: entry.message };
  if (entry.kind === "wasm") return "unsupported";
  try {
    const outcome = runCompiled(entry.filter, input, {
      steps: options.steps ?? DEFAULT_RUN_BUDGET.jqSteps,
      now: options.now ?? Date.now(),
    });
    return outcome.ok ? outcome : { ok: false, message: errorLines(errorMessage(outcome.error)) };
  } catch (error) {
    if (error instanceof JqUnsupported) return "unsupported";
    throw error;
  }
}

/**
 * All outputs of `program` on `input`, or jq's error message: the own engine where it can, else jq-wasm. A
 * program over its budget throws JqBudgetExceeded.
 */
export async function runJqProgram(
  program: string,
  input: unknown,
  options: JqOptions = {},
): Promise<JqOutcome> {
  // Both engines read the same time.
  const now = options.now ?? Date.now();
  const own = runOwnJq(program, input, { steps: options.steps, now });
  if (own !== "unsupported") return own;
  return runWasmJq(program, input, {
    milliseconds: options.milliseconds ?? DEFAULT_RUN_BUDGET.jqMilliseconds,
    now,
  });
}

/**
 * `zis:common:transform:Jq`: the program's single output. No output is `null`; several outputs, a jq
 * error or a forbidden builtin are runtime errors of the state, with jq's own message as the Cause. A program
 * over its budget throws JqBudgetExceeded.
 */
export async function runJq(program: string, input: unknown, options: JqOptions = {}): Promise<unknown> {
  const outcome = await runJqProgram(program, input, options);
  if (!outcome.ok) throw new StateError(STATE_ERROR_NAMES.taskFailed, outcome.message);
  if (outcome.outputs.length > 1)
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `jq program produced ${outcome.outputs.length} outputs; a Jq action must produce one (wrap it in [...] to collect them)`,
    );
  return outcome.outputs.length === 0 ? null : outcome.outputs[0];
}

/** What jq-wasm is given to compile a program without running any of it. */
const compileOnly = (program: string): string => `if false then (${program}\n) else empty end`;

/** A jq message about the program's text (compiling it), not about an input: it names a place in the text. */
const COMPILE_ERROR = / at <top-level>, line \d+, column \d+:?$/;

/**
 * Why every run of `program` fails before it reads its input: a builtin the sandbox refuses, or jq 1.8.2's
 * message for a program it does not compile (its location in the text left out); undefined when it compiles.
 */
export async function jqProgramProblem(program: string): Promise<string | undefined> {
  const entry = prepared.get(program, prepare);
  if (entry.kind === "forbidden") return entry.message;
  if (entry.kind === "own") return undefined;
  const limits = { milliseconds: DEFAULT_RUN_BUDGET.jqMilliseconds, now: 0 };
  // Under `if false`, jq compiles the whole program (syntax, variables, functions) and runs none of it.
  const wrapped = await runWasmJq(compileOnly(program), null, limits);
  if (wrapped.ok || !COMPILE_ERROR.test(wrapped.message)) return undefined;
  // The program alone, which does not compile either, for the message a run shows (the wrapping changes what
  // jq's lexer says of an unclosed bracket).
  const alone = await runWasmJq(program, null, limits);
  return alone.ok || !COMPILE_ERROR.test(alone.message)
    ? undefined
    : alone.message.replace(COMPILE_ERROR, "");
}
