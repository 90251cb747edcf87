import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunObserver } from "../interpreter/observers.js";
import type { RunResult } from "../interpreter/run.js";
import type { TraceStep } from "../graph/overlay.js";

/**
 * The recording directory holds `bundles/<sha256>.json` (each bundle run, once) and `runs/*.jsonl` (one line per
 * run).
 */
export interface RunRecord {
  /** SHA-256 of the bundle's JSON text (`JSON.stringify`), naming its file under `bundles/`. */
  readonly bundle: string;
  readonly flow: string;
  readonly status: RunResult["status"];
  readonly steps: readonly TraceStep[];
}

/** Where recordings go when nothing else is said: beside the project's other coverage output. */
export const DEFAULT_COVERAGE_DIR = path.join("coverage", "zisflow");

/** The environment variable that switches recording on for `zisflow run` and test workers. */
export const COVERAGE_DIR_ENV = "ZISFLOW_COVERAGE_DIR";

/** The hash recordings file a bundle under: SHA-256 of `JSON.stringify(bundle)`. */
export function bundleHash(bundle: unknown): string {
  return hashText(JSON.stringify(bundle));
}

const hashText = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * Records runs into `dir` (created if needed): pass `recorder.record` in `RunOptions.observers`, or register it
 * with `testRuns` of `zisflow/testing`. Each recorder appends to a runs file of its own, so recorders of
 * parallel test workers, or several in one process, never interleave lines.
 */
export class CoverageRecorder {
  /** The recording directory, absolute. */
  readonly dir: string;
  readonly #runsFile: string;
  readonly #hashes = new WeakMap<object, string>();
  readonly #written = new Set<string>();

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    mkdirSync(path.join(this.dir, "bundles"), { recursive: true });
    mkdirSync(path.join(this.dir, "runs"), { recursive: true });
    this.#runsFile = path.join(this.dir, "runs", `${process.pid}-${randomUUID()}.jsonl`);
  }

  /** Records one finished run; a run observer (bound: pass it as it is). */
  readonly record: RunObserver = ({ bundle, result }) => {
    const record: RunRecord = {
      bundle: this.#bundleFile(bundle),
      flow: result.flow,
      status: result.status,
      steps: result.trace.map(({ state, scope, next, choice, caughtBy }) => ({
        state,
        ...(scope.length > 0 ? { scope } : {}),
        ...(next !== undefined ? { next } : {}),
        ...(choice !== undefined ? { choice } : {}),
        ...(caughtBy !== undefined ? { caughtBy } : {}),
      })),
    };
    appendFileSync(this.#runsFile, JSON.stringify(record) + "\n");
  };

  /** The bundle's hash, its file under `bundles/` written the first time (the same object hashed once). */
  #bundleFile(bundle: unknown): string {
    const cached = typeof bundle === "object" && bundle !== null ? this.#hashes.get(bundle) : undefined;
    if (cached) return cached;
    const text = JSON.stringify(bundle);
    const hash = hashText(text);
    if (typeof bundle === "object" && bundle !== null) this.#hashes.set(bundle, hash);
    if (!this.#written.has(hash)) {
      const file = path.join(this.dir, "bundles", `${hash}.json`);
      if (!existsSync(file)) writeFileSync(file, text);
      this.#written.add(hash);
    }
    return hash;
  }
}
