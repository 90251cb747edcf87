export { computeCoverage, percent, type FlowCoverage, type Tally } from "./compute.js";
export { flowIdentity } from "./identity.js";
export { CoverageError, readRecordings, type Recordings } from "./read.js";
export {
  bundleHash,
  COVERAGE_DIR_ENV,
  CoverageRecorder,
  DEFAULT_COVERAGE_DIR,
  type RunRecord,
} from "./record.js";
export { belowThreshold, coverageJson, formatCoverage, formatPercent } from "./report.js";
