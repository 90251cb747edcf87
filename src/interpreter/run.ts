import { parseFlowReference } from "../model/names.js";
import { VirtualClock, type Clock } from "./clock.js";
import type { Connection, RunContext } from "./context.js";
import type { DynamicOptions } from "./dynamic.js";
import { HarnessError, StateError } from "./errors.js";
import { HttpMockServer, type HttpRequest, type Mocks } from "./mocks.js";
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
  /** A run that makes more state transitions fails as a harness error (a loop). @default 10000 */
  readonly maxTransitions?: number | undefined;
  /** Largest event payload or HTTP response body accepted, in UTF-8 bytes of its JSON text. @default 1048576 */
  readonly maxPayloadBytes?: number | undefined;
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
  const maxPayloadBytes = options.maxPayloadBytes ?? 1_048_576;

  const store = options.store ?? new ZisStore(accountId, integration);
  seedStore(store, options.mocks);
  const input = checkedInput(options.input, maxPayloadBytes);
  const context: RunContext = {
    actions: prepared.actions,
    subdomain,
    zendeskBaseUrl: options.zendeskBaseUrl ?? "https://{subdomain}.zendesk.com",
    connections: options.connections ?? {},
    clock: options.clock ?? new VirtualClock(),
    store,
    http: new HttpMockServer(options.mocks?.http),
    dynamicOptions,
    maxTransitions: options.maxTransitions ?? 10_000,
    maxPayloadBytes,
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
  if (options.connections) data.connections = accessTokens(options.connections);

  const outcome = await runMachine(machine, data, context, [], []);
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
    if (++context.transitions > context.maxTransitions)
      throw new HarnessError(
        "max_transitions",
        `the flow made more than ${context.maxTransitions} state transitions (a loop through "${name}"?); raise maxTransitions if it is meant to`,
      );
    context.visited.push(name);
    const entry: TraceEntry = {
      state: name,
      type: state.type,
      iteration,
      scope,
      at: context.clock.now(),
      input: data,
      requests: [],
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
  const parsed = parseFlowReference(requested);
  const name = parsed.ok ? parsed.name : requested;
  if (!names.includes(name))
    throw new HarnessError(
      "unknown_flow",
      `the bundle has no flow named "${name}" (flows: ${names.join(", ") || "none"})`,
    );
  return name;
}

function checkedInput(input: unknown, maxPayloadBytes: number): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    throw new HarnessError("invalid_input", "the event payload (input) must be a JSON object");
  const text = JSON.stringify(input);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxPayloadBytes)
    throw new HarnessError(
      "payload_too_large",
      `the event payload is ${bytes} bytes, over maxPayloadBytes (${maxPayloadBytes})`,
    );
  return JSON.parse(text) as unknown;
}

function seedStore(store: ZisStore, mocks: Mocks | undefined): void {
  for (const [scope, config] of Object.entries(mocks?.configs ?? {})) store.configs.set(scope, config);
  for (const link of mocks?.links ?? []) {
    const existing = store.links.load({
      link_type: link.link_type,
      left_object_name: link.left_object.name,
      right_object_name: link.right_object.name,
    });
    if (existing.count === 0) store.links.create(link);
  }
}

function accessTokens(
  connections: Readonly<Record<string, Connection>>,
): Record<string, { access_token: string }> {
  const out: Record<string, { access_token: string }> = {};
  for (const [name, connection] of Object.entries(connections)) {
    if (connection.type === "oauth" || connection.type === "bearer_token")
      out[name] = { access_token: connection.token };
  }
  return out;
}
