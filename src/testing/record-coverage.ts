/**
 * A vitest setup file (`setupFiles: ["zisflow/testing/record-coverage"]`): records every flow run the tests make
 * for `zisflow coverage` and `ZisflowCoverageReporter`, into $ZISFLOW_COVERAGE_DIR (default coverage/zisflow).
 */
import { COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR, recordRuns } from "../coverage/record.js";

recordRuns(process.env[COVERAGE_DIR_ENV] ?? DEFAULT_COVERAGE_DIR);
