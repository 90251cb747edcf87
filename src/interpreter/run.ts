import { parseFlowReference } from "../model/names.js";
import { budgetExceeded, checkFlowTime, countTransition, resolveBudget, type RunBudget } from "./budget.js";
import { VirtualClock, type Clock } from "./clock.js";
import { checkConnections, type Connection, type RunContext } from "./context.js";
import { MAX_DATA_DEPTH, measure, readJsonPayload, setMember } from "./data.js";
import type { DynamicOptions } from "./dynamic.js";
import { HarnessError, StateError } from "./errors.js";
import { checkMocks, HttpMockServer, type HttpRequest, type Mocks } from "./mocks.js";
import { prepareBundle } from "./prepare.js";
import { runState, type PreparedMachine, type StateOutcome } from "./states/index.js";
import { ZisStore } from "./stores.js";
import type { RunObserver } from "./observers.js";
import type { TraceEntry } from "./trace.js";

export interface RunOptions {
  /** The flow's `properties.name` (or zis:<integration>:flow:<name>). @default the bundle's only flow */
  readonly flow?: string | undefined;
  /** The event payload; becomes `$.input`. */
  readonly input: unknown;
  /** `$.account_id`. @default the store's account when a store is given, else 12345678 */
  readonly accountId?: number | undefined;
  /** @default "example" (requests with `path` go to https://example.zendesk.com) */
  readonly subdomain?: string | undefined;
  /**
   * `$.integration_key`.
   * @default the store's integration when a store is given, else the key the bundle's own references use
   * (INTEGRATION in the tutorial)
   */
  readonly integration?: string | undefined;
  /** HTTP answers, and configs and links present before the run. @default none: any request is an error */
  readonly mocks?: Mocks | undefined;
  /** Credentials of the connections actions name. @default none: requests carry no credentials */
  readonly connections?: Readonly<Record<string, Connection>> | undefined;
  /** @default a new VirtualClock (Wait and Retry take no real time) */
  readonly clock?: Clock | undefined;
  /** Configs and links shared with other runs. @default a new store for this run */
  readonly store?: ZisStore | undefined;
  /**
   * What the run may spend (transitions, virtual time, retries, data, payloads, jq); a limit not given keeps its
   * default. Spending more ends the run with a HarnessError `budget_exceeded`.
   * @default DEFAULT_RUN_BUDGET
   */
  readonly budget?: Partial<RunBudget> | undefined;
  /** Interpolate `{{…}}` in strings without a `.$` key (see the README's Semantics section). @default true */
  readonly interpolatePlainStrings?: boolean | undefined;
  /** A `{{…}}` placeholder whose path is missing: a runtime error, or empty text. @default "error" */
  readonly missingPlaceholder?: "error" | "empty" | undefined;
  /** Base URL for actions with `path`; `{subdomain}` is replaced. @default "https://{subdomain}.zendesk.com" */
  readonly zendeskBaseUrl?: string | undefined;
  /** Called in order with the bundle and the result when the run ends (a coverage recorder is one). @default none */
  readonly observers?: readonly RunObserver[] | undefined;
}

export interface RunResult {
  readonly status: "succeeded" | "failed";
  readonly flow: string;
  /** Names of the states that ran, in order (Map iterations included). */
  readonly states: string[];
  /** The flow data when the flow ended. */
  readonly output: unknown;
  readonly error: { readonly Error: string; readonly Cause: string } | null;
  readonly requests: HttpRequest[];
  readonly trace: TraceEntry[];
  /** What ZIS would log: the Succeed Message ("Execution Successful" by default) or the Fail Cause. */
  readonly log: string;
}

/**
 * Runs one flow of bundle JSON as ZIS would, against mocks. Resolves with the result whether the flow
 * succeeded or failed; rejects only with a HarnessError (a problem of the test set-up, not of the flow).
 */
export async function runFlow(bundle: unknown, options: RunOptions): Promise<RunResult> {
  const dynamicOptions = dynamicOptionsOf(options);
  const prepared = prepareBundle(bundle, dynamicOptions);
  const flowName = resolveFlowName(options.flow, prepared.flowNames);
  const machine = prepared.flow(flowName);
  const accountId = options.accountId ?? options.store?.accountId ?? 12345678;
  const integration = options.integration ?? options.store?.integration ?? prepared.integration;
  const subdomain = options.subdomain ?? "example";
  const budget = resolveBudget(options.budget);
  // Checked before anything reads them: a malformed value from JavaScript is a HarnessError, never a TypeError.
  const mocks = checkMocks(options.mocks);
  const connections = checkConnections(options.connections);
  const input = checkedInput(options.input, budget.payloadBytes);

  const store = options.store ?? new ZisStore(accountId, integration);
  seedStore(store, mocks);
  const clock = options.clock ?? new VirtualClock();
  const context: RunContext = {
    actions: prepared.actions,
    subdomain,
    zendeskBaseUrl: options.zendeskBaseUrl ?? "https://{subdomain}.zendesk.com",
    connections: connections ?? {},
    clock,
    store,
    http: new HttpMockServer(mocks?.http),
    dynamicOptions,
    budget,
    startedAt: clock.now(),
    sizes: {
      memo: new Map(),
      limits: { bytes: budget.dataBytes, depth: MAX_DATA_DEPTH },
      copied: { members: 0 },
    },
    requests: [],
    trace: [],
    visited: [],
    transitions: 0,
  };
  const data: Record<string, unknown> = {
    account_id: accountId,
    integration_key: integration,
    subdomain,
    input,
  };
  if (connections) data.connections = accessTokens(connections);

  let outcome;
  try {
    outcome = await runMachine(machine, data, context, [], []);
  } catch (error) {
    // What ran until the harness stopped the run: where a missing mock or a spent budget struck.
    if (error instanceof HarnessError && error.trace === undefined && context.trace.length > 0)
      throw error.withTrace(context.trace);
    throw error;
  }
  const last = context.trace[context.trace.length - 1];
  const result: RunResult = {
    status: outcome.kind === "fail" ? "failed" : "succeeded",
    flow: flowName,
    states: context.visited,
    output: outcome.data,
    error: outcome.kind === "fail" ? { Error: outcome.error, Cause: outcome.cause } : null,
    requests: context.requests,
    trace: context.trace,
    log:
      outcome.kind === "fail"
        ? outcome.cause
        : (last?.type === "Succeed" && last.log) || "Execution Successful",
  };
  for (const observer of options.observers ?? []) observer({ bundle, result });
  return result;
}

function dynamicOptionsOf(
  options: Pick<RunOptions, "interpolatePlainStrings" | "missingPlaceholder">,
): DynamicOptions {
  return {
    interpolatePlainStrings: options.interpolatePlainStrings ?? true,
    missingPlaceholder: options.missingPlaceholder ?? "error",
  };
}

/**
 * The store a run of `bundle` would create: the given account, and the integration the bundle's own references
 * use unless one is given. For tests that send several events through one store.
 */
export function createStore(
  bundle: unknown,
  options: Pick<
    RunOptions,
    "accountId" | "integration" | "interpolatePlainStrings" | "missingPlaceholder"
  > = {},
): ZisStore {
  const integration = options.integration ?? prepareBundle(bundle, dynamicOptionsOf(options)).integration;
  return new ZisStore(options.accountId ?? 12345678, integration);
}

/** Runs a state machine until it ends; an uncaught runtime error ends it as a failure. */
async function runMachine(
  machine: PreparedMachine,
  data: unknown,
  context: RunContext,
  iteration: readonly number[],
  scope: readonly string[],
): Promise<StateOutcome> {
  let name = machine.startAt;
  for (;;) {
    const state = machine.states.get(name);
    if (!state)
      throw new HarnessError(
        "invalid_bundle",
        `transition to "${name}", which is not a state of this state machine`,
      );
    countTransition(context, name);
    checkFlowTime(context, name);
    context.visited.push(name);
    const entry: TraceEntry = {
      state: name,
      type: state.type,
      iteration,
      scope,
      at: context.clock.now(),
      input: data,
      requests: [],
      statuses: [],
      retries: [],
    };
    context.trace.push(entry);
    let outcome: StateOutcome;
    try {
      outcome = await runState(state, { data, context, entry, runMachine });
    } catch (error) {
      if (!(error instanceof StateError)) throw error;
      entry.error = { Error: error.error, Cause: error.cause };
      entry.output = data;
      return { kind: "fail", data, error: error.error, cause: error.cause };
    }
    entry.output = outcome.data;
    if (outcome.data !== data) checkData(outcome.data, context, name);
    if (outcome.kind !== "next") return outcome;
    entry.next = outcome.next;
    data = outcome.data;
    name = outcome.next;
  }
}

function resolveFlowName(requested: string | undefined, names: readonly string[]): string {
  if (requested === undefined) {
    if (names.length === 1) return names[0]!;
    throw new HarnessError(
      "unknown_flow",
      names.length === 0
        ? "the bundle has no flow"
        : `the bundle has ${names.length} flows; choose one with flow: ${names.join(", ")}`,
    );
  }
  // From plain JavaScript, anything may come.
  if (typeof requested !== "string")
    throw new HarnessError("unknown_flow", `flow must be a flow's name (a string), not ${typeof requested}`);
  const parsed = parseFlowReference(requested);
  const name = parsed.ok ? parsed.name : requested;
  if (!names.includes(name))
    throw new HarnessError(
      "unknown_flow",
      `the bundle has no flow named "${name}" (flows: ${names.join(", ") || "none"})`,
    );
  return name;
}

/**
 * The flow data a state wrote, measured against dataBytes and MAX_DATA_DEPTH: the objects it shares are known,
 * and those `write` made were worked out as it made them.
 */
function checkData(data: unknown, context: RunContext, state: string): void {
  const { dataBytes, copiedMembers } = context.budget;
  if (context.sizes.copied.members > copiedMembers)
    throw budgetExceeded(
      "copiedMembers",
      copiedMembers,
      state,
      `the run has copied ${context.sizes.copied.members} members to write results`,
    );
  const shape = measure(data, context.sizes.limits, context.sizes.memo);
  if (shape === "too_large")
    throw budgetExceeded("dataBytes", dataBytes, state, `the flow data is over ${dataBytes} bytes of JSON`);
  if (shape === "too_deep")
    throw new HarnessError(
      "data_too_deep",
      `state ${JSON.stringify(state)} wrote flow data nested deeper than ${MAX_DATA_DEPTH} levels`,
      { state },
    );
}

/** The event payload: a JSON object within payloadBytes and MAX_DATA_DEPTH, copied. */
function checkedInput(input: unknown, payloadBytes: number): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new HarnessError("invalid_input", "the event payload (input) must be a JSON object");
  const read = readJsonPayload(input, payloadBytes);
  switch (read.kind) {
    case "ok":
      return read.value;
    case "too_large":
      throw budgetExceeded("payloadBytes", payloadBytes, undefined, `the event payload is ${read.size}`);
    case "too_deep":
      throw new HarnessError(
        "invalid_input",
        `the event payload is nested deeper than ${MAX_DATA_DEPTH} levels (or is circular)`,
      );
    case "not_json":
      throw new HarnessError("invalid_input", `the event payload is not JSON: ${read.reason}`);
  }
}

function seedStore(store: ZisStore, mocks: Mocks | undefined): void {
  for (const [scope, config] of Object.entries(mocks?.configs ?? {})) store.configs.set(scope, config);
  // Names as they are: a `*` in a mock link's name is part of the name, not a LoadLinks wildcard.
  for (const link of mocks?.links ?? [])
    if (!store.links.has(link.link_type, link.left_object.name, link.right_object.name))
      store.links.create(link);
}

function accessTokens(
  connections: Readonly<Record<string, Connection>>,
): Record<string, { access_token: string }> {
  const out: Record<string, { access_token: string }> = {};
  for (const [name, connection] of Object.entries(connections)) {
    if (connection.type === "oauth" || connection.type === "bearer_token")
      setMember(out, name, { access_token: connection.token });
  }
  return out;
}
