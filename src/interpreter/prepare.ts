import {
  DEFAULT_INTEGRATION_PLACEHOLDER,
  dominantIntegration,
  parseActionName,
  parseFlowReference,
} from "../model/names.js";
import type { StateMachine } from "../model/state-machine.js";
import type { State } from "../model/states/index.js";
import { isStateType } from "../model/states/index.js";
import { transitionsOf, type RawObject } from "../model/bundle-view.js";
import type { PreparedHttpAction } from "./context.js";
import { compileDynamic, type DynamicOptions } from "./dynamic.js";
import { HarnessError } from "./errors.js";
import { prepareState, type PreparedMachine, type PreparedState } from "./states/index.js";
import { isPlainObject } from "../model/json.js";

type Raw = Record<string, unknown>;

/** A bundle compiled for running. Built once per bundle object and options, then reused by every run. */
export interface PreparedBundle {
  readonly actions: ReadonlyMap<string, PreparedHttpAction>;
  /** Flow definitions by `properties.name`, prepared on first use. */
  flow(name: string): PreparedMachine;
  readonly flowNames: readonly string[];
  /** The integration key the bundle's own `zis:<integration>:…` references use; INTEGRATION if none. */
  readonly integration: string;
}

const cache = new WeakMap<object, Map<string, PreparedBundle>>();

/**
 * Reads bundle JSON leniently (real bundles carry undocumented properties the strict schema rejects): only
 * what running needs is checked, and a problem is a HarnessError naming where it is.
 */
export function prepareBundle(original: unknown, options: DynamicOptions): PreparedBundle {
  if (!isPlainObject(original) || !isPlainObject(original.resources))
    throw new HarnessError(
      "invalid_bundle",
      'not a ZIS bundle: expected an object with a "resources" object',
    );
  const key = `${options.interpolatePlainStrings}/${options.missingPlaceholder}`;
  let byOptions = cache.get(original);
  const cached = byOptions?.get(key);
  if (cached) return cached;
  // Constants of the bundle are frozen and shared by runs: freeze a private copy, never the caller's object.
  const bundle = structuredClone(original) as Raw & { resources: Raw };

  const actions = new Map<string, PreparedHttpAction>();
  const flowDefinitions = new Map<string, { definition: unknown; key: string }>();
  const integrations: string[] = [];
  for (const [resourceKey, resource] of Object.entries(bundle.resources)) {
    if (!isPlainObject(resource) || !isPlainObject(resource.properties)) continue;
    const name = typeof resource.properties.name === "string" ? resource.properties.name : resourceKey;
    if (resource.type === "ZIS::Action::Http") {
      actions.set(name, { name, definition: compileDynamic(resource.properties.definition ?? {}, options) });
    } else if (resource.type === "ZIS::Flow") {
      flowDefinitions.set(name, { definition: resource.properties.definition, key: resourceKey });
    } else if (resource.type === "ZIS::JobSpec" && typeof resource.properties.flow_name === "string") {
      const parsed = parseFlowReference(resource.properties.flow_name);
      if (parsed.ok) integrations.push(parsed.integration);
    }
  }
  for (const { definition } of flowDefinitions.values()) collectActionIntegrations(definition, integrations);

  const flows = new Map<string, PreparedMachine>();
  const prepared: PreparedBundle = {
    actions,
    flowNames: [...flowDefinitions.keys()],
    integration: dominantIntegration(integrations) ?? DEFAULT_INTEGRATION_PLACEHOLDER,
    flow(name) {
      let machine = flows.get(name);
      if (!machine) {
        const entry = flowDefinitions.get(name);
        if (!entry) throw new HarnessError("unknown_flow", `the bundle has no flow named "${name}"`);
        machine = prepareMachine(entry.definition, `/resources/${entry.key}/properties/definition`, options);
        flows.set(name, machine);
      }
      return machine;
    },
  };
  if (!byOptions) cache.set(original, (byOptions = new Map()));
  byOptions.set(key, prepared);
  return prepared;
}

function prepareMachine(definition: unknown, at: string, options: DynamicOptions): PreparedMachine {
  if (
    !isPlainObject(definition) ||
    typeof definition.StartAt !== "string" ||
    !isPlainObject(definition.States)
  )
    throw new HarnessError("invalid_bundle", `${at}: a state machine needs StartAt and States`);
  const states = new Map<string, PreparedState>();
  for (const [name, state] of Object.entries(definition.States)) {
    const where = `${at}/States/${name}`;
    if (!isPlainObject(state) || !isStateType(state.Type))
      throw new HarnessError(
        "invalid_bundle",
        `${where}: unsupported state type ${JSON.stringify(isPlainObject(state) ? state.Type : state)}`,
      );
    try {
      states.set(
        name,
        prepareState(name, state as State, options, (iterator: StateMachine) =>
          prepareMachine(iterator, `${where}/Iterator`, options),
        ),
      );
    } catch (error) {
      if (error instanceof HarnessError) throw error;
      throw new HarnessError("invalid_bundle", `${where}: ${(error as Error).message}`);
    }
  }
  if (!states.has(definition.StartAt))
    throw new HarnessError("invalid_bundle", `${at}/StartAt: no state named "${definition.StartAt}"`);
  for (const [name, state] of Object.entries(definition.States)) {
    for (const { target } of transitionsOf(state as RawObject, []))
      if (!states.has(target))
        throw new HarnessError(
          "invalid_bundle",
          `${at}/States/${name}: transition to "${target}", which is not a state of this state machine`,
        );
  }
  return { startAt: definition.StartAt, states };
}

function collectActionIntegrations(definition: unknown, into: string[]): void {
  if (!isPlainObject(definition) || !isPlainObject(definition.States)) return;
  for (const state of Object.values(definition.States)) {
    if (!isPlainObject(state)) continue;
    if (typeof state.ActionName === "string") {
      const parsed = parseActionName(state.ActionName);
      if (parsed.kind === "custom") into.push(parsed.integration);
    }
    collectActionIntegrations(state.Iterator, into);
  }
}
