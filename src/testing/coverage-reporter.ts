import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { computeCoverage } from "../coverage/compute.js";
import { CoverageError, readRecordings, type Recordings } from "../coverage/read.js";
import { COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR } from "../coverage/record.js";
import { belowThreshold, formatCoverage, NO_RUNS_NOTE } from "../coverage/report.js";

export interface CoverageReporterOptions {
  /** Where runs are recorded. @default $ZISFLOW_COVERAGE_DIR, else coverage/zisflow */
  readonly dir?: string | undefined;
  /**
   * Bundle JSON files to report, e.g. your dist-bundles: runs of the same flows built with another integration
   * key or other parameter values count toward them. @default every flow the tests ran
   */
  readonly bundles?: readonly string[] | undefined;
  /** Fail the test run when a reported flow's states, branches or catches fall below this percentage. @default none */
  readonly threshold?: number | undefined;
}

/**
 * What the reporter reads of vitest's `Vitest` object, structurally (declaring vitest/node's types would make
 * every user of `zisflow/testing` need Node's types).
 */
export interface VitestRun {
  readonly config: { readonly testNamePattern?: RegExp | undefined };
  globTestSpecifications(): Promise<ReadonlyArray<{ readonly moduleId: string }>>;
}

/**
 * A vitest reporter printing flow coverage after the tests (pair it with the setup file
 * `zisflow/testing/record-coverage`). It empties the recording directory when the run starts, so the report
 * is of this run only, and tells the test workers where to record. The threshold applies to whole runs: a run
 * filtered by test name or file (`vitest run -t …`, `vitest run some.test.ts`, a watch rerun) still gets the
 * report, but does not fail for flows the other tests cover.
 */
export class ZisflowCoverageReporter {
  readonly #dir: string;
  #failures: string[] = [];
  #filteredByName = false;
  #testFiles: number | undefined;
  #runFiles: number | undefined;
  constructor(readonly options: CoverageReporterOptions = {}) {
    this.#dir = path.resolve(options.dir ?? process.env[COVERAGE_DIR_ENV] ?? DEFAULT_COVERAGE_DIR);
  }

  /**
   * Why the last run failed, one line each: listed bundle files that cannot be read, then the shortfalls
   * against the threshold (empty when none).
   */
  get failures(): readonly string[] {
    return this.#failures;
  }

  onInit(vitest?: VitestRun): void {
    for (const part of ["runs", "bundles"])
      rmSync(path.join(this.#dir, part), { recursive: true, force: true });
    process.env[COVERAGE_DIR_ENV] = this.#dir;
    this.#filteredByName = vitest?.config.testNamePattern !== undefined;
    // Every test file of the project, to tell a whole run from one given file filters; known long before the
    // run ends. Unknown (as when it cannot be listed) counts as a whole run.
    void vitest?.globTestSpecifications().then(
      (all) => (this.#testFiles = all.length),
      () => undefined,
    );
  }

  onTestRunStart(specifications: ReadonlyArray<{ readonly moduleId: string }>): void {
    this.#runFiles = specifications.length;
  }

  /** A run of only some of the tests: their coverage says nothing about the flows' as a whole. */
  get #partial(): boolean {
    return (
      this.#filteredByName ||
      (this.#testFiles !== undefined && this.#runFiles !== undefined && this.#runFiles < this.#testFiles)
    );
  }

  // Synchronous on purpose: vitest does not wait for one reporter before the next, and the summary line CI
  // reads must come after this report.
  onTestRunEnd(): void {
    this.#failures = [];
    let recordings: Recordings;
    // Whether the report already said there are no recordings.
    let said = false;
    try {
      recordings = readRecordings(this.#dir);
    } catch (error) {
      if (!(error instanceof CoverageError)) throw error;
      process.stdout.write(`\nzisflow coverage: ${error.message}\n`);
      // Without bundles to report there is nothing to measure; with them, their flows are at 0.
      if (error.code !== "no_recordings" || this.options.bundles === undefined) return;
      recordings = { bundles: new Map(), runs: [] };
      said = true;
    }
    const bundles: unknown[] = [];
    for (const file of this.options.bundles ?? []) {
      try {
        bundles.push(readBundle(file));
      } catch (error) {
        if (!(error instanceof CoverageError)) throw error;
        // A listed bundle that cannot be read would otherwise leave its flows out of the report, and the
        // threshold unchecked for them.
        this.#failures.push(error.message);
      }
    }
    if (this.#failures.length > 0) {
      process.stdout.write(
        this.#failures.map((line) => `\nzisflow coverage FAILED: ${line}`).join("") + "\n",
      );
      process.exitCode = 1;
      return;
    }
    const flows = computeCoverage(recordings, this.options.bundles ? bundles : undefined);
    if (recordings.runs.length === 0 && !said) process.stdout.write(`\nzisflow coverage: ${NO_RUNS_NOTE}\n`);
    process.stdout.write(`\nzisflow coverage\n${formatCoverage(flows)}`);
    if (this.options.threshold === undefined) return;
    if (this.#partial) {
      process.stdout.write(
        `(only some tests ran: the ${this.options.threshold}% threshold applies to whole runs)\n`,
      );
      return;
    }
    this.#failures = belowThreshold(flows, this.options.threshold);
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
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file (build it first: zisflow build)"
        : (error as Error).message.split("\n")[0];
    throw new CoverageError("unreadable_recording", `${file}: ${reason}`);
  }
}
