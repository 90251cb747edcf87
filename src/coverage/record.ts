import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { observeRuns } from "../interpreter/observers.js";
import type { RunResult } from "../interpreter/run.js";
import type { TraceStep } from "../graph/overlay.js";

/**
 * The recording directory holds `bundles/<sha256>.json` (each bundle run, once) and `runs/*.jsonl` (one line per
 * run). Each process appends to its own runs file, so parallel test workers never interleave lines.
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

// One recorder per directory and process, whoever asks (a vitest setup file runs once per test file).
const RECORDERS = Symbol.for("zisflow.coverageRecorders");

/**
 * Records every run the interpreter makes in this process into `dir` (created if needed). Returns a function
 * that stops recording; asking again for a directory already recorded into changes nothing (and the function
 * returned then does nothing: the first caller owns the recorder).
 */
export function recordRuns(dir: string): () => void {
  const absolute = path.resolve(dir);
  const holder = globalThis as { [RECORDERS]?: Map<string, () => void> };
  const recorders = (holder[RECORDERS] ??= new Map());
  if (recorders.has(absolute)) return () => {};

  mkdirSync(path.join(absolute, "bundles"), { recursive: true });
  mkdirSync(path.join(absolute, "runs"), { recursive: true });
  const runsFile = path.join(absolute, "runs", `${process.pid}-${Date.now().toString(36)}.jsonl`);
  const hashes = new WeakMap<object, string>();
  const written = new Set<string>();

  const hashOf = (bundle: unknown): string => {
    const cached = typeof bundle === "object" && bundle !== null ? hashes.get(bundle) : undefined;
    if (cached) return cached;
    const text = JSON.stringify(bundle);
    const hash = hashText(text);
    if (typeof bundle === "object" && bundle !== null) hashes.set(bundle, hash);
    if (!written.has(hash)) {
      const file = path.join(absolute, "bundles", `${hash}.json`);
      if (!existsSync(file)) writeFileSync(file, text);
      written.add(hash);
    }
    return hash;
  };

  const stopObserving = observeRuns(({ bundle, result }) => {
    const record: RunRecord = {
      bundle: hashOf(bundle),
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
    appendFileSync(runsFile, JSON.stringify(record) + "\n");
  });
  const stop = () => {
    stopObserving();
    recorders.delete(absolute);
  };
  recorders.set(absolute, stop);
  return stop;
}
