import type { Jq } from "jq-wasm";

/**
 * The real jq (jq 1.8.2 compiled to WebAssembly), loaded once and shared: the fallback for programs the own
 * engine leaves alone, and the tests' oracle. A WebAssembly trap poisons the instance, so after one the next
 * call loads a fresh instance.
 */
let handle: Promise<Jq> | undefined;

async function engine(): Promise<Jq> {
  handle ??= import("jq-wasm").then((module) => module.loadJq());
  return handle;
}

/** Input nested deeper than this crashes jq-wasm (its stack runs out near 770 levels); it is refused instead. */
export const WASM_MAX_INPUT_DEPTH = 500;

export type JqOutcome =
  { readonly ok: true; readonly outputs: unknown[] } | { readonly ok: false; readonly message: string };

/** jq's error lines on stderr, as one line: `jq: error (at /dev/stdin:0): …`. */
export function errorLines(stderr: string): string {
  return stderr
    .trim()
    .split("\n")
    .filter((line) => line.startsWith("jq: ") && line !== "jq: 1 compile error")
    .join("; ");
}

function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      stack.push([child, depth + 1]);
  }
  return false;
}

/** Runs `program` on `input` with jq-wasm: all outputs, or jq's own error message. */
export async function runWasmJq(program: string, input: unknown): Promise<JqOutcome> {
  if (depthExceeds(input, WASM_MAX_INPUT_DEPTH))
    return { ok: false, message: `jq: input nested deeper than ${WASM_MAX_INPUT_DEPTH} levels` };
  const jq = await engine();
  let result;
  try {
    // JSON text always (a JavaScript string given as is would be read as JSON text), and `--` so that a
    // program starting with "-" is not read as options.
    result = jq.raw(JSON.stringify(input) ?? "null", program, ["-c", "--"]);
  } catch (error) {
    // A trap (a stack overflow in jq's C, say) leaves the instance unusable: the next call makes a new one.
    handle = undefined;
    return { ok: false, message: `jq crashed: ${(error as Error).message}` };
  }
  if (result.exitCode !== 0)
    return { ok: false, message: errorLines(result.stderr) || `jq exited with status ${result.exitCode}` };
  const outputs =
    result.stdout === ""
      ? []
      : result.stdout
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line) as unknown);
  return { ok: true, outputs };
}
