export { computeCoverage, percent, type FlowCoverage, type Tally } from "./compute.js";
export { CoverageError, readRecordings, type Recordings } from "./read.js";
export { bundleHash, COVERAGE_DIR_ENV, DEFAULT_COVERAGE_DIR, recordRuns, type RunRecord } from "./record.js";
export { belowThreshold, coverageJson, formatCoverage, formatPercent } from "./report.js";
