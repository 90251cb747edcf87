import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { computeCoverage, type FlowCoverage } from "../coverage/compute.js";
import { CoverageError, readRecordings } from "../coverage/read.js";
import { bundleHash, COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR } from "../coverage/record.js";
import { belowThreshold, formatCoverage } from "../coverage/report.js";

export interface CoverageReporterOptions {
  /** Where runs are recorded. @default $ZISFLOW_COVERAGE_DIR, else coverage/zisflow */
  readonly dir?: string | undefined;
  /** Bundle JSON files to report, e.g. your dist-bundles. @default every bundle the tests ran */
  readonly bundles?: readonly string[] | undefined;
  /** Fail the test run when a reported flow's states, branches or catches fall below this percentage. @default none */
  readonly threshold?: number | undefined;
}

/**
 * A vitest reporter printing flow coverage after the tests (pair it with the setup file
 * `zisflow/testing/record-coverage`). It empties the recording directory when the run starts, so the report
 * is of this run only, and tells the test workers where to record.
 */
export class ZisflowCoverageReporter {
  readonly #dir: string;
  #failures: string[] = [];
  constructor(readonly options: CoverageReporterOptions = {}) {
    this.#dir = path.resolve(options.dir ?? process.env[COVERAGE_DIR_ENV] ?? DEFAULT_COVERAGE_DIR);
  }

  /** The last run's shortfalls against the threshold, one line each (empty when none or no threshold). */
  get failures(): readonly string[] {
    return this.#failures;
  }

  onInit(): void {
    for (const part of ["runs", "bundles"])
      rmSync(path.join(this.#dir, part), { recursive: true, force: true });
    process.env[COVERAGE_DIR_ENV] = this.#dir;
  }

  // Synchronous on purpose: vitest does not wait for one reporter before the next, and the summary line CI
  // reads must come after this report.
  onTestRunEnd(): void {
    this.#failures = [];
    let flows: FlowCoverage[];
    try {
      const recordings = readRecordings(this.#dir);
      if (this.options.bundles) {
        flows = [];
        for (const file of this.options.bundles) {
          const bundle = readBundle(file);
          flows.push(...computeCoverage(bundle, bundleHash(bundle), recordings.runs));
        }
      } else {
        flows = [...recordings.bundles].flatMap(([hash, bundle]) =>
          computeCoverage(bundle, hash, recordings.runs),
        );
      }
    } catch (error) {
      if (!(error instanceof CoverageError)) throw error;
      process.stdout.write(`\nzisflow coverage: ${error.message}\n`);
      return;
    }
    process.stdout.write(`\nzisflow coverage\n${formatCoverage(flows)}`);
    this.#failures =
      this.options.threshold === undefined ? [] : belowThreshold(flows, this.options.threshold);
    if (this.#failures.length > 0) {
      process.stdout.write(this.#failures.map((line) => `zisflow coverage FAILED: ${line}\n`).join(""));
      process.exitCode = 1;
    }
  }
}

/** A listed bundle file, or a CoverageError naming it. */
function readBundle(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new CoverageError("unreadable_recording", `${file}: ${(error as Error).message}`);
  }
}
