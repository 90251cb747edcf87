import type { Jq } from "jq-wasm";

/**
 * The real jq (jq 1.8.2 compiled to WebAssembly), loaded once and shared. A wasm trap poisons the instance,
 * so after any error that is not a jq error the next call loads a fresh one.
 */
let handle: Promise<Jq> | undefined;

async function engine(): Promise<Jq> {
  handle ??= import("jq-wasm").then((module) => module.loadJq());
  return handle;
}

export type JqOutcome =
  { readonly ok: true; readonly outputs: unknown[] } | { readonly ok: false; readonly message: string };

/** Runs `program` on `input` with the real engine: all outputs, or jq's own error message. */
export async function runRealJq(program: string, input: unknown): Promise<JqOutcome> {
  const jq = await engine();
  let result;
  try {
    result = jq.raw(input as object, program, ["-c"]);
  } catch (error) {
    handle = undefined;
    return { ok: false, message: `jq failed: ${(error as Error).message}` };
  }
  if (result.exitCode !== 0) {
    const message = result.stderr
      .trim()
      .split("\n")
      .filter((line) => line.startsWith("jq: ") && line !== "jq: 1 compile error")
      .join("; ");
    return { ok: false, message: message || `jq exited with status ${result.exitCode}` };
  }
  const outputs =
    result.stdout === ""
      ? []
      : result.stdout
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line) as unknown);
  return { ok: true, outputs };
}

/** The engine's version, e.g. `jq-1.8.2`. */
export async function realJqVersion(): Promise<string> {
  return (await engine()).version;
}
