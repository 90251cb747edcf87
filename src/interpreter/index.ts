export { createStore, runFlow, type RunOptions, type RunResult } from "./run.js";
export { DEFAULT_RUN_BUDGET, type RunBudget } from "./budget.js";
export { MAX_DATA_DEPTH } from "./data.js";
export { VirtualClock, type Clock } from "./clock.js";
export { parseConnectionsJson, type Connection } from "./context.js";
export {
  HarnessError,
  StateError,
  STATE_ERROR_NAMES,
  type HarnessErrorCode,
  type HarnessErrorDetails,
} from "./errors.js";
export type { HttpHandler, HttpMock, HttpRequest, HttpResponse, Mocks } from "./mocks.js";
export { MocksJsonSchema, parseMocksJson } from "./mocks.js";
export type { ObservedRun, RunObserver } from "./observers.js";
export { ConfigStore, LinkStore, ZisStore, type StoredLink } from "./stores.js";
export type { TraceEntry } from "./trace.js";
