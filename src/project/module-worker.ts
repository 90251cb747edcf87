// The module loader's worker thread (see loader.ts): loads and compiles one bundle module per request.
import { AsyncLocalStorage } from "node:async_hooks";
import type { MessagePort } from "node:worker_threads";
import { compileBundle, type CompileOptions } from "../compiler/compile.js";
import type { Finding } from "../model/diagnostics.js";
import { describeError, loadBundleModule, ProjectError, type ProjectErrorCode } from "./modules.js";

export interface LoadRequest {
  readonly file: string;
  readonly options: CompileOptions;
}

/** What crosses back from the worker: plain JSON, whatever the module's objects held. */
export interface CompiledModuleJson {
  /** The definition's `fileName` as the module wrote it (checked by whoever writes the bundle). */
  readonly fileName: unknown;
  readonly bundle: Record<string, unknown>;
  readonly findings: readonly Finding[];
  readonly params: readonly string[];
}

/** The worker's messages: started, then per request its steps (loading, compiling), then its result. */
export type LoaderMessage =
  | { readonly kind: "ready" }
  | { readonly kind: "loading" }
  | { readonly kind: "compiling" }
  | { readonly kind: "compiled"; readonly json: string; readonly leftRunning: boolean }
  | {
      readonly kind: "failed";
      readonly code: ProjectErrorCode;
      readonly message: string;
      readonly leftRunning: boolean;
    };

type Answer = Extract<LoaderMessage, { kind: "compiled" | "failed" }>;
/** An answer as the worker's code writes it: whether the module left timers is added when it is sent. */
type AnswerOf<T> = T extends unknown ? Omit<T, "leftRunning"> : never;

/** Timers and immediates waiting on this thread. */
const pendingTimers = (): number =>
  process.getActiveResourcesInfo().filter((kind) => kind === "Timeout" || kind === "Immediate").length;

/** Answers the requests posted to `port`, one at a time (the loader sends the next after each answer). */
export function serveModuleLoads(port: MessagePort): void {
  // An error a module throws from a timer, or a promise it leaves rejected, would end the thread, and fail whatever
  // request came next. It fails its own module's request, found by the async context it runs in, while that is
  // unanswered; later, it is dropped.
  const requests = new AsyncLocalStorage<{
    readonly file: string;
    readonly reply: (message: AnswerOf<Answer>) => void;
  }>();
  const strayError = (error: unknown): void => {
    const request = requests.getStore();
    request?.reply({
      kind: "failed",
      code: "module_load_failed",
      message: `failed to load: ${describeError(error, request.file)}`,
    });
  };
  process.on("uncaughtException", strayError);
  process.on("unhandledRejection", strayError);

  port.on("message", ({ file, options }: LoadRequest) => {
    port.postMessage({ kind: "loading" } satisfies LoaderMessage);
    let answered = false;
    const timersBefore = pendingTimers();
    const reply = (message: AnswerOf<Answer>): void => {
      if (answered) return;
      answered = true;
      // Timers the module left would run on this thread during the next module's load (a busy one would make
      // that load time out): the loader then gives the next load a fresh thread.
      port.postMessage({ ...message, leftRunning: pendingTimers() > timersBefore } as Answer);
    };
    void requests.run({ file, reply }, async () => {
      let definition;
      try {
        definition = await loadBundleModule(file);
      } catch (error) {
        return reply(
          error instanceof ProjectError
            ? { kind: "failed", code: error.code, message: error.message }
            : {
                kind: "failed",
                code: "module_load_failed",
                message: `failed to load: ${describeError(error, file)}`,
              },
        );
      }
      if (answered) return;
      port.postMessage({ kind: "compiling" } satisfies LoaderMessage);
      try {
        const result = compileBundle(definition, options);
        const compiled: CompiledModuleJson = {
          fileName: definition.fileName,
          bundle: result.bundle,
          findings: result.findings,
          params: [...result.params],
        };
        // JSON text, not the objects: a value JSON cannot hold (a BigInt, a cycle) fails here, naming the module,
        // and the bundle arrives as the JSON its file will hold.
        reply({ kind: "compiled", json: JSON.stringify(compiled) });
      } catch (error) {
        reply({ kind: "failed", code: "module_compile_failed", message: describeError(error, file) });
      }
    });
  });
  port.postMessage({ kind: "ready" } satisfies LoaderMessage);
}
