import { Worker } from "node:worker_threads";
import { DEFAULT_RUN_BUDGET } from "../budget.js";
import { JqBudgetExceeded } from "./errors.js";

/**
 * The real jq (jq 1.8.2 compiled to WebAssembly): the fallback for programs the own engine leaves alone, and the
 * tests' oracle. It runs in a worker thread, so that a program that never ends can be stopped: past its deadline
 * the worker is terminated and the next call starts a fresh one. The worker is the module's one piece of state:
 * made on first use, unref'd so it never keeps the process alive, and replaced after a termination or a crash.
 */

/** Input nested deeper than this crashes jq-wasm (its stack runs out near 770 levels); it is refused instead. */
export const WASM_MAX_INPUT_DEPTH = 500;

export type JqOutcome =
  { readonly ok: true; readonly outputs: unknown[] } | { readonly ok: false; readonly message: string };

/** What one jq-wasm call may take, and the time jq's `now` reads. */
export interface WasmLimits {
  /** Wall time from the call reaching the worker to its answer. */
  readonly milliseconds: number;
  /** Milliseconds since the epoch that `now` (Date.now in the worker) reads. */
  readonly now: number;
}

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

/**
 * Runs `program` on `input` with jq-wasm: all outputs, or jq's own error message. Throws JqBudgetExceeded when
 * it takes longer than `limits.milliseconds`.
 */
export async function runWasmJq(
  program: string,
  input: unknown,
  limits: WasmLimits = { milliseconds: DEFAULT_RUN_BUDGET.jqMilliseconds, now: Date.now() },
): Promise<JqOutcome> {
  if (depthExceeds(input, WASM_MAX_INPUT_DEPTH))
    return { ok: false, message: `jq: input nested deeper than ${WASM_MAX_INPUT_DEPTH} levels` };
  // JSON text always (a JavaScript string given as is would be read as JSON text).
  const answer = await calls.run(
    { input: JSON.stringify(input) ?? "null", program, now: limits.now },
    limits,
  );
  if ("crash" in answer) return { ok: false, message: `jq crashed: ${answer.crash}` };
  if (answer.exitCode !== 0)
    return { ok: false, message: errorLines(answer.stderr) || `jq exited with status ${answer.exitCode}` };
  const outputs =
    answer.stdout === ""
      ? []
      : answer.stdout
          .trimEnd()
          .split("\n")
          .map((line) => JSON.parse(line) as unknown);
  return { ok: true, outputs };
}

/** A call as the worker takes it. */
interface WorkerCall {
  readonly input: string;
  readonly program: string;
  readonly now: number;
}

/** jq's result, or the message of a trap (a stack overflow in jq's C, memory running out). */
type WorkerAnswer =
  | { readonly stdout: string; readonly stderr: string; readonly exitCode: number }
  | { readonly crash: string };

type WorkerMessage = { readonly ready: true } | WorkerAnswer;

/**
 * One worker thread holding a jq-wasm instance. It answers one call at a time; `JqWorkers` queues the rest, so
 * a call's deadline runs only while the worker is on it.
 */
class JqWorker {
  readonly #worker: Worker;
  /** Resolves once jq-wasm is loaded: deadlines start from there, not from the worker's start-up. */
  readonly ready: Promise<void>;
  #answer: ((message: WorkerAnswer) => void) | undefined;
  #failure: Error | undefined;

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { jqWasm: import.meta.resolve("jq-wasm") },
      // The worker's console is silenced (jq-wasm prints "Aborted()" when a trap ends a call; the answer says it
      // instead), and its stdout and stderr go to streams of their own that no one reads, not the process's:
      // reading them would keep the process alive.
      stdout: true,
      stderr: true,
    });
    this.#worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.#worker.on("message", (message: WorkerMessage) => {
        if ("ready" in message) resolve();
        else this.#answer?.(message);
      });
      // A worker that dies (it cannot load jq-wasm, or runs out of heap) fails the call it was on, if any.
      const died = (error: Error): void => {
        this.#failure ??= error;
        reject(error);
        this.#answer?.({ crash: error.message });
      };
      this.#worker.on("error", died);
      this.#worker.on("exit", (code) => died(new Error(`the jq-wasm worker exited (code ${code})`)));
    });
    // Its failure is reported to the call that waits for it; a worker that dies unused concerns no one.
    this.ready.catch(() => undefined);
  }

  /** The worker's answer, or "timeout" after `milliseconds` (the worker is then terminated). */
  async run(call: WorkerCall, milliseconds: number): Promise<WorkerAnswer | "timeout"> {
    await this.ready;
    if (this.#failure) return { crash: this.#failure.message };
    // Referenced while a call is on, so that the process waits for the answer.
    this.#worker.ref();
    try {
      return await new Promise<WorkerAnswer | "timeout">((resolve) => {
        const timer = Number.isFinite(milliseconds)
          ? setTimeout(() => {
              this.terminate();
              resolve("timeout");
            }, milliseconds)
          : undefined;
        this.#answer = (answer) => {
          clearTimeout(timer);
          resolve(answer);
        };
        this.#worker.postMessage(call);
      });
    } finally {
      this.#answer = undefined;
      this.#worker.unref();
    }
  }

  get usable(): boolean {
    return this.#failure === undefined;
  }

  terminate(): void {
    this.#failure ??= new Error("the jq-wasm worker was terminated");
    void this.#worker.terminate();
  }
}

/** The calls to jq-wasm, one after another, on a worker made when needed. */
class JqWorkers {
  #worker: JqWorker | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  run(call: WorkerCall, limits: WasmLimits): Promise<WorkerAnswer> {
    const answer = this.#queue.then(() => this.#run(call, limits));
    this.#queue = answer.catch(() => undefined);
    return answer;
  }

  async #run(call: WorkerCall, limits: WasmLimits): Promise<WorkerAnswer> {
    if (!this.#worker?.usable) this.#worker = new JqWorker();
    const worker = this.#worker;
    const answer = await worker.run(call, limits.milliseconds);
    if (answer === "timeout") throw new JqBudgetExceeded("jqMilliseconds", limits.milliseconds);
    // A trap leaves the instance unusable, and memory that ran out stays taken: the next call gets a new worker.
    if ("crash" in answer) worker.terminate();
    return answer;
  }
}

const calls = new JqWorkers();

// Plain JavaScript for the worker (it starts without a TypeScript loader). Only dynamic import(), which works
// whether Node evaluates it as a script or as a module. `--` so that a program starting with "-" is not read as
// options. Date.now is what jq-wasm's clock reads: during a call it is the run's time.
const WORKER_SOURCE = `
const run = async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  const { loadJq } = await import(workerData.jqWasm);
  console.log = console.warn = console.error = () => {};
  const jq = await loadJq();
  const realNow = Date.now;
  parentPort.on("message", ({ input, program, now }) => {
    Date.now = () => now;
    try {
      const { stdout, stderr, exitCode } = jq.raw(input, program, ["-c", "--"]);
      parentPort.postMessage({ stdout, stderr, exitCode });
    } catch (error) {
      parentPort.postMessage({ crash: error instanceof Error ? error.message : String(error) });
    } finally {
      Date.now = realNow;
    }
  });
  parentPort.postMessage({ ready: true });
};
run();
`;
