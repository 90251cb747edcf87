import { statSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { EXIT, type CliIo } from "./io.js";

/** What `build --watch` takes besides the build's own arguments. */
export interface WatchControl {
  /** Stops the watch. @default SIGINT or SIGTERM */
  readonly signal?: AbortSignal;
  /** Quiet period after the last change before rebuilding, in ms: one rebuild per burst of editor writes. */
  readonly quietMs?: number;
  /**
   * What runs the builds. @default workerBuilds, a fresh worker thread per build, which the CLI needs (see there);
   * a test of the watch can build in its own thread instead.
   */
  readonly builds?: BuildRunner;
}

/** The builds of one watch, one at a time: each runs `zisflow build ...args` and prints its output. */
export interface Builds {
  build(signal: AbortSignal): Promise<void>;
  /** Called once, when the watch ends. */
  close(): void;
}

export type BuildRunner = (args: readonly string[], io: CliIo) => Builds;

export interface WatchOptions {
  /** The folder to watch, recursively (absolute). */
  readonly flowsDir: string;
  /**
   * Changes under this folder are ignored, so output written inside flowsDir does not trigger rebuilds.
   * @default none: every change under flowsDir counts
   */
  readonly outDir?: string;
  /** Runs one build and prints its output. Should not reject; a rejection is printed and the watch goes on. */
  readonly build: (signal: AbortSignal) => Promise<void>;
  readonly io: CliIo;
  readonly signal: AbortSignal;
  /** @default 100 */
  readonly quietMs?: number;
}

const DEFAULT_QUIET_MS = 100;
/** How many changed files the rebuild header names before it says "and N more". */
const HEADER_FILES = 3;

/**
 * `zisflow build --watch`: builds, then rebuilds whenever a file under the flows folder changes, until
 * SIGINT/SIGTERM (or `control.signal`). `buildArgs` are the build's arguments without `--watch`; each build runs
 * them in a fresh worker (see workerBuilds). Returns the exit code: 0 when stopped, 2 when the folder cannot be
 * watched.
 */
export async function watchCommand(
  buildArgs: readonly string[],
  dirs: { readonly flowsDir: string; readonly outDir: string },
  io: CliIo,
  control: WatchControl = {},
): Promise<number> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  const external = control.signal;
  external?.addEventListener("abort", stop, { once: true });
  if (external?.aborted) stop();
  // Only the CLI itself listens to the process signals: a caller with its own signal decides when to stop.
  if (!external) {
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }
  const builds = (control.builds ?? workerBuilds)(buildArgs, io);
  try {
    return await watchBuilds({
      ...dirs,
      io,
      signal: controller.signal,
      build: (signal) => builds.build(signal),
      ...(control.quietMs !== undefined ? { quietMs: control.quietMs } : {}),
    });
  } finally {
    builds.close();
    external?.removeEventListener("abort", stop);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}

/**
 * The watch loop: one build at start, then one per burst of changes (after `quietMs` without events), never two
 * at once; changes made during a build trigger one more build after it. Resolves when `signal` aborts.
 */
export async function watchBuilds(options: WatchOptions): Promise<number> {
  const { io, signal, flowsDir } = options;
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  const shown = (file: string): string => path.relative(io.cwd, file) || ".";
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let ready = false;
  let failure: Error | undefined;
  let wake = (): void => {};

  const ignored = (file: string): boolean => {
    if (options.outDir === undefined) return false;
    const relative = path.relative(options.outDir, file);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  const onEvent = (_event: string, filename: string | null): void => {
    // Without a name (the platform did not say which file), report the folder itself.
    const file = filename ? path.join(flowsDir, filename) : flowsDir;
    if (ignored(file)) return;
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      ready = true;
      wake();
    }, quietMs);
  };
  const open = (): FSWatcher => {
    const watcher = watch(flowsDir, { recursive: true }, onEvent);
    watcher.on("error", (error) => {
      failure = error;
      wake();
    });
    return watcher;
  };

  let watcher: FSWatcher;
  try {
    // fs.watch takes a file too; a flows "folder" that is a file can only mean a mistyped --flows.
    if (!statSync(flowsDir).isDirectory()) {
      io.stderr(`zisflow build: ${flowsDir} is not a folder (bundle modules go in a folder)\n`);
      return EXIT.usage;
    }
    watcher = open();
  } catch (error) {
    io.stderr(`zisflow build: ${describeWatchError(error, flowsDir)}\n`);
    return EXIT.usage;
  }
  const onAbort = (): void => wake();
  signal.addEventListener("abort", onAbort);
  try {
    if (signal.aborted) return EXIT.ok;
    await runBuild(options);
    if (!signal.aborted) io.stdout(`— watching ${shown(flowsDir)}/ for changes (Ctrl-C to stop)\n`);
    for (;;) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (ready || failure !== undefined || signal.aborted) resolve();
      });
      if (signal.aborted) return EXIT.ok;
      if (failure !== undefined) {
        io.stderr(`zisflow build: stopped watching: ${describeWatchError(failure, flowsDir)}\n`);
        return EXIT.usage;
      }
      ready = false;
      const files = [...changed].sort();
      changed.clear();
      // Node 20's recursive watcher on Linux watches each file's inode: after an editor's atomic save (write a
      // temporary file, rename it over the original) it would miss every later change to that file. A fresh
      // watcher watches the files as they are now; it is opened before the old one closes, so no change is lost.
      try {
        const fresh = open();
        watcher.close();
        watcher = fresh;
      } catch (error) {
        io.stderr(`zisflow build: stopped watching: ${describeWatchError(error, flowsDir)}\n`);
        return EXIT.usage;
      }
      const names = files.slice(0, HEADER_FILES).map(shown).join(", ");
      const more = files.length > HEADER_FILES ? ` and ${files.length - HEADER_FILES} more` : "";
      io.stdout(`— change in ${names}${more}: rebuilding\n`);
      await runBuild(options);
    }
  } finally {
    clearTimeout(timer);
    watcher.close();
    signal.removeEventListener("abort", onAbort);
  }
}

async function runBuild(options: WatchOptions): Promise<void> {
  try {
    await options.build(options.signal);
  } catch (error) {
    options.io.stderr(`zisflow build: ${firstLine(error)}\n`);
  }
}

function describeWatchError(error: unknown, flowsDir: string): string {
  return (error as NodeJS.ErrnoException).code === "ENOENT"
    ? `no folder ${flowsDir} (bundle modules go there)`
    : `cannot watch ${flowsDir}: ${firstLine(error)}`;
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

/** Messages from the build worker: a chunk of output, or the build's exit code. */
type WorkerMessage =
  { readonly stream: "stdout" | "stderr"; readonly text: string } | { readonly exitCode: number };

/**
 * Runs each build as `zisflow build ...args` in a new worker thread and relays its output. A worker per build is
 * what makes every build see the files as they are now: ES modules can never be unloaded, so in one process each
 * rebuild would keep its copy of every module (the flows, their helpers, the DSL and its dependencies: megabytes
 * per rebuild), and tsx loads a CommonJS project's helper modules only once. A terminated worker takes all of it
 * with it. It runs the CLI's own `main`, so the output is exactly a normal build's.
 *
 * Starting a worker (tsx, the CLI, prettier) takes longer than a build, so the next worker is started, and
 * loads all that, while the watch waits for changes. It loads nothing of the project until its build starts.
 */
export function workerBuilds(args: readonly string[], io: CliIo): Builds {
  const { entry, tsx } = cliEntry();
  const workerData = { entry, tsx, preload: [import.meta.resolve("prettier")] };
  // Listens from the start: a spare worker can fail, or end, before any build uses it.
  const spawn = (): BuildWorker => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    let error: Error | undefined;
    worker.on("error", (e) => (error = e));
    const exited = new Promise<Exit>((resolve) => worker.once("exit", (code) => resolve({ code, error })));
    // A spare never keeps the process alive on its own.
    worker.unref();
    return { worker, exited };
  };
  let spare: BuildWorker | undefined;
  let closed = false;
  return {
    async build(signal) {
      if (signal.aborted) return;
      const { worker, exited } = spare ?? spawn();
      spare = undefined;
      worker.ref();
      let exitCode: number | undefined;
      worker.on("message", (message: WorkerMessage) => {
        if ("exitCode" in message) {
          exitCode = message.exitCode;
          // A flow module may leave a timer or socket open; the build is done, so end the worker anyway.
          void worker.terminate();
        } else if (message.stream === "stdout") io.stdout(message.text);
        else io.stderr(message.text);
      });
      const onAbort = (): void => void worker.terminate();
      signal.addEventListener("abort", onAbort, { once: true });
      worker.postMessage({ argv: ["build", ...args], cwd: io.cwd });
      const { code, error } = await exited;
      signal.removeEventListener("abort", onAbort);
      if (!closed) spare = spawn();
      if (exitCode === undefined && !signal.aborted)
        throw error ?? new Error(`the build stopped before it finished (worker exit code ${code})`);
    },
    close() {
      closed = true;
      void spare?.worker.terminate();
      spare = undefined;
    },
  };
}

interface Exit {
  readonly code: number;
  readonly error: Error | undefined;
}

interface BuildWorker {
  readonly worker: Worker;
  readonly exited: Promise<Exit>;
}

/**
 * The module that exports the CLI's `main`, as the worker must import it: main.js beside this file when the CLI
 * runs compiled (dist/cli), else main.ts through tsx (zisflow's own tests run the sources).
 */
function cliEntry(): { readonly entry: string; readonly tsx: string | undefined } {
  const self = new URL(import.meta.url);
  if (!self.pathname.endsWith(".ts")) return { entry: new URL("./main.js", self).href, tsx: undefined };
  return { entry: new URL("./main.ts", self).href, tsx: import.meta.resolve("tsx/esm/api") };
}

// Plain JavaScript for the worker (it starts without a TypeScript loader). Only dynamic import(), which works
// whether Node evaluates it as a script or as a module. Messages posted before the listener is added wait.
const WORKER_SOURCE = `
const run = async () => {
  const { parentPort, workerData } = await import("node:worker_threads");
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const { main } = await import(workerData.entry);
  for (const url of workerData.preload) await import(url);
  parentPort.once("message", async ({ argv, cwd }) => {
    const exitCode = await main(argv, {
      cwd,
      stdout: (text) => parentPort.postMessage({ stream: "stdout", text }),
      stderr: (text) => parentPort.postMessage({ stream: "stderr", text }),
    });
    parentPort.postMessage({ exitCode });
  });
};
run();
`;
