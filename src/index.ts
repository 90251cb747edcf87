/** zisflow: typed DSL, compiler and validator for Zendesk Integration Services bundles. */
export * from "./dsl/index.js";
export { compileBundle, type CompileOptions, type CompileResult } from "./compiler/compile.js";
export { validateBundle, type ValidateOptions } from "./compiler/validate.js";
export {
  DIAGNOSTICS,
  findingMessage,
  hasErrors,
  type DiagnosticCode,
  type DiagnosticData,
  type DiagnosticSpec,
  type Finding,
  type FindingOf,
  type Severity,
} from "./model/diagnostics.js";
export type { Bundle } from "./model/bundle.js";
export {
  DEFAULT_RUN_BUDGET,
  HarnessError,
  MAX_DATA_DEPTH,
  parseMocksJson,
  runFlow,
  StateError,
  VirtualClock,
  ZisStore,
  type Clock,
  type Connection,
  type HttpMock,
  type HttpRequest,
  type HttpResponse,
  type Mocks,
  type ObservedRun,
  type RunObserver,
  type HarnessErrorDetails,
  type RunBudget,
  type RunOptions,
  type RunResult,
  type TraceEntry,
} from "./interpreter/index.js";
