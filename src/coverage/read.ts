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

export interface Recordings {
  /** Bundle JSON by the SHA-256 of its text. */
  readonly bundles: ReadonlyMap<string, unknown>;
  readonly runs: readonly RunRecord[];
}

/** Reads what `recordRuns` wrote into `dir`. */
export function readRecordings(dir: string): Recordings {
  const runsDir = path.join(dir, "runs");
  const bundlesDir = path.join(dir, "bundles");
  if (!existsSync(runsDir) || !existsSync(bundlesDir))
    throw new CoverageError(
      "no_recordings",
      `${dir}: no recorded runs (record them with ${COVERAGE_DIR_ENV}=${dir}, zisflow run --record ${dir}, or the vitest setup file zisflow/testing/record-coverage)`,
    );
  const bundles = new Map<string, unknown>();
  for (const file of readdirSync(bundlesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const full = path.join(bundlesDir, file);
    bundles.set(file.slice(0, -".json".length), parse(readFileSync(full, "utf8"), full));
  }
  const runs: RunRecord[] = [];
  for (const file of readdirSync(runsDir)
    .filter((f) => f.endsWith(".jsonl"))
    .sort()) {
    const full = path.join(runsDir, file);
    readFileSync(full, "utf8")
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
    throw new CoverageError("unreadable_recording", `${where}: ${(error as Error).message}`);
  }
}

function isRunRecord(value: unknown): value is RunRecord {
  return (
    isPlainObject(value) &&
    typeof value.bundle === "string" &&
    typeof value.flow === "string" &&
    Array.isArray(value.steps) &&
    value.steps.every((s) => isPlainObject(s) && typeof s.state === "string")
  );
}
