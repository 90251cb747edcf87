import { Worker } from "node:worker_threads";
import type { CompileOptions } from "../compiler/compile.js";
import type { JsonObject } from "../model/json.js";
import type { Finding } from "../model/diagnostics.js";
import { ProjectError } from "./modules.js";
import type { CompiledModuleJson, LoadRequest, LoaderMessage } from "./module-worker.js";

/** How long one module may take to load and compile, unless told otherwise. */
export const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

/** A bundle module, loaded and compiled in the loader's worker. */
export interface CompiledModule {
  /** The definition's `fileName`, unchecked: any value the module gave. */
  readonly fileName: unknown;
  readonly bundle: JsonObject;
  readonly findings: readonly Finding[];
  readonly params: ReadonlySet<string>;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

/**
 * Loads and compiles bundle modules in a worker thread, each under a deadline. A module is the user's code: a
 * synchronous endless loop in it cannot be interrupted on the thread that runs it, but its worker can be
 * terminated. The DSL's objects cannot leave their thread, so the worker compiles too, and sends the bundle JSON,
 * findings and parameters back.
 *
 * One worker serves all the loads (one at a time): starting one costs more than loading a module. A worker past
 * its deadline, or that ended, is replaced for the next load. Modules are loaded afresh each time in an ES module
 * project; a CommonJS project's helpers only once per worker (tsx's require cache), so a watch uses a new loader
 * per build.
 */
export class ModuleLoader {
  #worker: LoaderWorker | undefined;
  /** The load in progress, which the next waits for. */
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** Starts the worker now, so that its start-up overlaps with whatever comes before the first load. */
  warm(): void {
    this.#current();
  }

  /**
   * The module's bundle, findings and parameters. Throws ProjectError (one line, not naming the file) when the
   * module cannot be loaded, has no bundle, throws while compiling, or does not finish within `timeoutMs`.
   */
  compile(file: string, options: CompileOptions, timeoutMs: number): Promise<CompiledModule> {
    const load = this.#queue.then(() => this.#compileNow(file, options, timeoutMs));
    this.#queue = load.catch(() => {});
    return load;
  }

  /** Ends the worker; loads not yet answered fail. */
  close(): void {
    this.#closed = true;
    this.#worker?.terminate("the loader was closed");
    this.#worker = undefined;
  }

  #current(): LoaderWorker {
    if (this.#worker === undefined || this.#worker.stopped) this.#worker = new LoaderWorker();
    return this.#worker;
  }

  async #compileNow(file: string, options: CompileOptions, timeoutMs: number): Promise<CompiledModule> {
    if (this.#closed) throw new ProjectError("module_load_failed", "failed to load: the loader was closed");
    const worker = this.#current();
    const message = await worker.request({ file, options }, timeoutMs);
    if (message.leftRunning) worker.terminate("the module before left timers running");
    if (message.kind === "failed") throw new ProjectError(message.code, message.message);
    const compiled = JSON.parse(message.json) as CompiledModuleJson;
    return {
      fileName: compiled.fileName,
      bundle: compiled.bundle as JsonObject,
      findings: compiled.findings,
      params: new Set(compiled.params),
    };
  }
}

type Answer = Extract<LoaderMessage, { kind: "compiled" | "failed" }>;

/** One worker thread of a loader, with its start-up and its end as promises. */
class LoaderWorker {
  readonly #worker: Worker;
  /** Resolves when the worker can take requests; rejects if it ended before. */
  readonly #ready: Promise<void>;
  /** Resolves with why the worker ended. */
  readonly exited: Promise<string>;
  #onMessage: (message: LoaderMessage) => void = () => {};
  /** Why the worker was terminated, when it was. */
  #terminated: string | undefined;
  #exited = false;

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: workerEntry() });
    // Idle, it never keeps the process alive; a request refs it.
    this.#worker.unref();
    let error: Error | undefined;
    this.#worker.on("error", (e) => (error = e));
    this.exited = new Promise((resolve) =>
      this.#worker.once("exit", (code) => {
        this.#exited = true;
        resolve(
          this.#terminated ??
            (error
              ? `the thread loading it failed: ${firstLine(error)}`
              : `the thread loading it ended (exit code ${code})`),
        );
      }),
    );
    this.#ready = new Promise((resolve, reject) => {
      this.#onMessage = (message) => {
        if (message.kind === "ready") resolve();
      };
      void this.exited.then((why) =>
        reject(new ProjectError("module_load_failed", `failed to load: ${why}`)),
      );
    });
    // A worker started ahead (warm) may end before any request waits for it.
    this.#ready.catch(() => {});
    this.#worker.on("message", (message: LoaderMessage) => this.#onMessage(message));
  }

  /** Whether the worker ended, or is ending: it takes no more requests. */
  get stopped(): boolean {
    return this.#exited || this.#terminated !== undefined;
  }

  terminate(why: string): void {
    this.#terminated ??= why;
    void this.#worker.terminate();
  }

  /**
   * Sends one request and waits for its answer; the deadline counts from when the worker is ready. Past it, the
   * worker is terminated.
   */
  async request(request: LoadRequest, timeoutMs: number): Promise<Answer> {
    this.#worker.ref();
    try {
      await this.#ready;
      let step: "waiting" | "loading" | "compiling" = "waiting";
      let timer: NodeJS.Timeout | undefined;
      const answer = new Promise<Answer>((resolve) => {
        this.#onMessage = (message) => {
          if (message.kind === "loading" || message.kind === "compiling") step = message.kind;
          else if (message.kind !== "ready") resolve(message);
        };
      });
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Still waiting: the thread never took the request, busy with code an earlier module left running.
          const why =
            step === "waiting"
              ? `did not start loading in ${seconds(timeoutMs)}: code an earlier module left running kept the loader busy`
              : `did not finish ${step} in ${seconds(timeoutMs)}`;
          this.terminate(why);
          reject(new ProjectError("module_load_timeout", why));
        }, timeoutMs);
      });
      const ended = this.exited.then((why): never => {
        throw new ProjectError("module_load_failed", `failed to load: ${why}`);
      });
      this.#worker.postMessage(request);
      try {
        return await Promise.race([answer, deadline, ended]);
      } finally {
        clearTimeout(timer);
      }
    } finally {
      this.#onMessage = () => {};
      this.#worker.unref();
    }
  }
}

const firstLine = (error: Error): string => error.message.split("\n")[0] ?? "";

/**
 * What the worker imports: module-worker.js beside this file when zisflow runs compiled (dist/project), else
 * module-worker.ts through tsx (zisflow's own tests run the sources).
 */
function workerEntry(): { readonly entry: string; readonly tsx: string | undefined } {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith(".ts"))
    return { entry: new URL("./module-worker.js", self).href, tsx: undefined };
  return { entry: new URL("./module-worker.ts", self).href, tsx: import.meta.resolve("tsx/esm/api") };
}

// Plain JavaScript (the worker starts without a TypeScript loader), with only dynamic import(), which works
// whether Node evaluates it as a script or as a module.
const WORKER_SOURCE = `
const run = async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const { serveModuleLoads } = await import(workerData.entry);
  serveModuleLoads(parentPort);
};
run();
`;

let shared: ModuleLoader | undefined;

/**
 * The loader of one-off commands (`zisflow build` without --watch, `run`, `graph`, `deploy`, `coverage`): a CLI
 * process runs one command, and in-process callers (tests) share its worker instead of starting one per command.
 */
export function sharedModuleLoader(): ModuleLoader {
  return (shared ??= new ModuleLoader());
}
