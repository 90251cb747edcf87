/**
 * A vitest setup file (`setupFiles: ["zisflow/testing/record-coverage"]`): records every run that `runFlow` and
 * `runScenario` of `zisflow/testing` make, for `zisflow coverage` and `ZisflowCoverageReporter`, into
 * $ZISFLOW_COVERAGE_DIR (default coverage/zisflow).
 */
import { COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR } from "../coverage/record.js";
import { testRuns } from "./test-runs.js";

testRuns.recordCoverage(process.env[COVERAGE_DIR_ENV] ?? DEFAULT_COVERAGE_DIR);
