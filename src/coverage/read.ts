import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isPlainObject } from "../model/json.js";
import { COVERAGE_DIR_ENV, type RunRecord } from "./record.js";

/** A recording directory that cannot be read, naming the file (and line) at fault. */
export class CoverageError extends Error {
  constructor(
    readonly code: "no_recordings" | "unreadable_recording",
    message: string,
  ) {
    super(message);
    this.name = "CoverageError";
  }
}

/** What a recording directory holds: each bundle version run, and every run (what `computeCoverage` reads). */
export interface Recordings {
  /** Bundle JSON by the SHA-256 of its text. */
  readonly bundles: ReadonlyMap<string, unknown>;
  readonly runs: readonly RunRecord[];
}

/** Reads what `CoverageRecorder`s wrote into `dir`. */
export function readRecordings(dir: string): Recordings {
  const runsDir = path.join(dir, "runs");
  const bundlesDir = path.join(dir, "bundles");
  if (!existsSync(runsDir) || !existsSync(bundlesDir))
    throw new CoverageError(
      "no_recordings",
      `${dir}: no recorded runs (record them with ${COVERAGE_DIR_ENV}=${dir}, zisflow run --record ${dir}, or the vitest setup file zisflow/testing/record-coverage)`,
    );
  const bundles = new Map<string, unknown>();
  for (const file of list(bundlesDir, ".json")) {
    const full = path.join(bundlesDir, file);
    bundles.set(file.slice(0, -".json".length), parse(read(full), full));
  }
  const runs: RunRecord[] = [];
  for (const file of list(runsDir, ".jsonl")) {
    const full = path.join(runsDir, file);
    read(full)
      .split("\n")
      .forEach((line, i) => {
        if (line.trim() === "") return;
        const record = parse(line, `${full}:${i + 1}`);
        if (!isRunRecord(record))
          throw new CoverageError("unreadable_recording", `${full}:${i + 1}: not a run record`);
        if (!bundles.has(record.bundle))
          throw new CoverageError(
            "unreadable_recording",
            `${full}:${i + 1}: the bundle it ran (bundles/${record.bundle}.json) is missing`,
          );
        runs.push(record);
      });
  }
  return { bundles, runs };
}

function parse(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message may quote the text, newlines included: keep the report to one line.
    throw new CoverageError("unreadable_recording", `${where}: invalid JSON (${firstLine(error)})`);
  }
}

function read(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CoverageError("unreadable_recording", `${file}: cannot read: ${firstLine(error)}`);
  }
}

function list(dir: string, extension: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(extension))
      .sort();
  } catch (error) {
    throw new CoverageError("unreadable_recording", `${dir}: cannot list: ${firstLine(error)}`);
  }
}

const firstLine = (error: unknown): string => ((error as Error).message ?? String(error)).split("\n")[0]!;

function isRunRecord(value: unknown): value is RunRecord {
  return (
    isPlainObject(value) &&
    typeof value.bundle === "string" &&
    typeof value.flow === "string" &&
    Array.isArray(value.steps) &&
    value.steps.every(
      (s) =>
        isPlainObject(s) &&
        typeof s.state === "string" &&
        (s.scope === undefined || (Array.isArray(s.scope) && s.scope.every((n) => typeof n === "string"))) &&
        (s.next === undefined || typeof s.next === "string") &&
        (s.choice === undefined || s.choice === "default" || Number.isInteger(s.choice)) &&
        (s.caughtBy === undefined || Number.isInteger(s.caughtBy)),
    )
  );
}
