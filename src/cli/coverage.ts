import path from "node:path";
import { parseArgs } from "node:util";
import { computeCoverage } from "../coverage/compute.js";
import { CoverageError, readRecordings } from "../coverage/read.js";
import { COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR } from "../coverage/record.js";
import { belowThreshold, coverageJson, formatCoverage, NO_RUNS_NOTE } from "../coverage/report.js";
import { isPlainObject } from "../model/json.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { BundleInputError, loadBundleInput } from "./load-bundle.js";

export const COVERAGE_USAGE = `Usage: zisflow coverage [BUNDLE.json|MODULE.ts ...] [--dir DIR] [--threshold PERCENT] [--json]

Prints, per flow, the states visited, the Choice branches taken (each rule and the Default) and the Catch
paths taken by the recorded runs, then everything never reached. Runs are recorded by zisflow run --record DIR,
by any run while ${COVERAGE_DIR_ENV} is set, and in vitest by the setup file zisflow/testing/record-coverage.
A run counts toward a flow of the same states and transitions, whatever integration key and parameter
values its bundle was built with. With bundles given, reports exactly those (a flow no run reached shows 0);
otherwise every flow recorded, once however many builds of those states and transitions ran.
--dir: the recordings (default: $${COVERAGE_DIR_ENV} or ${DEFAULT_COVERAGE_DIR}).
--threshold: exit 1 when any flow's states, branches or catches are below PERCENT.
Exit 0: coverage printed (and at or above the threshold); 1: below it; 2: usage error or unreadable input.`;

/** `zisflow coverage`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: COVERAGE_USAGE, run: coverageCommand };

export async function coverageCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      threshold: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const threshold =
    values.threshold === undefined || !/^\d+(\.\d+)?$/.test(values.threshold)
      ? undefined
      : Number(values.threshold);
  if (values.threshold !== undefined && !(threshold !== undefined && threshold <= 100))
    throw new UsageError(`--threshold takes a percentage from 0 to 100, not "${values.threshold}"`);
  const dir = path.resolve(io.cwd, values.dir ?? process.env[COVERAGE_DIR_ENV] ?? DEFAULT_COVERAGE_DIR);
  try {
    const recordings = readRecordings(dir);
    let bundles: unknown[] | undefined;
    if (positionals.length > 0) {
      bundles = [];
      for (const file of positionals) {
        const bundle = await loadBundleInput(file, io);
        if (!isPlainObject(bundle) || !isPlainObject(bundle.resources))
          throw new BundleInputError(
            `${file}: not a ZIS bundle (expected an object with a "resources" object)`,
          );
        bundles.push(bundle);
      }
    }
    const flows = computeCoverage(recordings, bundles);
    if (recordings.runs.length === 0) io.stderr(`zisflow coverage: ${NO_RUNS_NOTE}\n`);
    const below = threshold === undefined ? [] : belowThreshold(flows, threshold);
    io.stdout(
      values.json ? JSON.stringify(coverageJson(flows, threshold), null, 2) + "\n" : formatCoverage(flows),
    );
    if (below.length > 0) {
      io.stderr(below.map((line) => `zisflow coverage: ${line}\n`).join(""));
      return EXIT.findings;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CoverageError || error instanceof BundleInputError) {
      io.stderr(`zisflow coverage: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
