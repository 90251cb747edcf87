import { statSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { ModuleLoader } from "../project/index.js";
import { EXIT, type CliIo } from "./io.js";

/** What `build --watch` takes besides the build's own arguments. */
export interface WatchControl {
  /** Stops the watch. @default SIGINT or SIGTERM */
  readonly signal?: AbortSignal;
  /** Quiet period after the last change before rebuilding, in ms: one rebuild per burst of editor writes. */
  readonly quietMs?: number;
  /**
   * What runs the builds. @default freshLoaderBuilds, a new module loader (worker thread) per build, which the CLI
   * needs (see there); a test of the watch can build with the shared loader instead.
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
 * SIGINT/SIGTERM (or `control.signal`). `buildArgs` are the build's arguments without `--watch`, which `runner`
 * runs (see freshLoaderBuilds). Returns the exit code: 0 when stopped, 2 when the folder cannot be watched.
 */
export async function watchCommand(
  buildArgs: readonly string[],
  dirs: { readonly flowsDir: string; readonly outDir: string },
  io: CliIo,
  control: WatchControl,
  runner: BuildRunner,
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
  const builds = runner(buildArgs, io);
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

/** Runs `zisflow build ...args` once, its modules loaded by `loader`; returns its exit code. */
export type BuildWithLoader = (args: readonly string[], io: CliIo, loader: ModuleLoader) => Promise<number>;

/**
 * Runs each build with a new module loader, so a new worker thread loads the modules: every build sees the files
 * as they are now. ES modules can never be unloaded, so one thread would keep a copy of every module per rebuild
 * (the flows, their helpers, the DSL and its dependencies: megabytes each time), and tsx loads a CommonJS
 * project's helper modules only once. A closed loader's worker takes all of it with it. The build itself, and its
 * output, are a normal build's.
 *
 * Starting a worker takes longer than a build, so the next loader's worker is started while the watch waits for
 * changes. It loads nothing of the project until its build starts.
 */
export function freshLoaderBuilds(buildWithLoader: BuildWithLoader): BuildRunner {
  return (args, io) => {
    const spare = (): ModuleLoader => {
      const loader = new ModuleLoader();
      loader.warm();
      return loader;
    };
    let next = spare();
    let closed = false;
    return {
      async build(signal) {
        if (signal.aborted) return;
        const loader = next;
        // Stopping the watch mid-build ends the loads at once, and what the stopped build would print is dropped.
        const onAbort = (): void => loader.close();
        signal.addEventListener("abort", onAbort, { once: true });
        const quiet = (print: (text: string) => void) => (text: string) => {
          if (!signal.aborted) print(text);
        };
        try {
          await buildWithLoader(
            args,
            { cwd: io.cwd, stdout: quiet(io.stdout), stderr: quiet(io.stderr) },
            loader,
          );
        } finally {
          signal.removeEventListener("abort", onAbort);
          loader.close();
          if (!closed) next = spare();
        }
      },
      close() {
        closed = true;
        next.close();
      },
    };
  };
}
