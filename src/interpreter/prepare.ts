import {
  DEFAULT_INTEGRATION_PLACEHOLDER,
  dominantIntegration,
  parseActionName,
  parseFlowReference,
} from "../model/names.js";
import { findingMessage, type Finding } from "../model/diagnostics.js";
import { firstProblem, parseKnown } from "../model/parse.js";
import { toPointer } from "../model/pointer.js";
import { structureFindings } from "../model/rules/index.js";
import { StateMachineSchema, type StateMachine } from "../model/state-machine.js";
import type { PreparedHttpAction } from "./context.js";
import { MAX_DATA_DEPTH, measure } from "./data.js";
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
  // The validator's rules, structuredClone and the compilers below recurse over the bundle.
  if (measure(original, { bytes: Infinity, depth: MAX_DATA_DEPTH }, new Map()) === "too_deep")
    throw new HarnessError(
      "invalid_bundle",
      `the bundle is nested deeper than ${MAX_DATA_DEPTH} levels (or is circular)`,
    );
  const structureErrors = structureFindings(original).filter((finding) => finding.severity === "error");
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
        const at = toPointer(["resources", entry.key, "properties", "definition"]);
        refuseBrokenStructure(structureErrors, at);
        const parsed = parseKnown(StateMachineSchema, entry.definition);
        if (!parsed.success) {
          const { pointer, reason } = firstProblem(parsed.error);
          throw new HarnessError("invalid_bundle", `${at}${pointer}: ${reason}`);
        }
        machine = prepareMachine(parsed.data, at, options);
        flows.set(name, machine);
      }
      return machine;
    },
  };
  if (!byOptions) cache.set(original, (byOptions = new Map()));
  byOptions.set(key, prepared);
  return prepared;
}

/**
 * A flow whose states break one of ZIS's structure rules (what the validator calls an error there) is refused
 * before it runs, as the validator names the first problem.
 */
function refuseBrokenStructure(errors: readonly Finding[], definitionAt: string): void {
  const within = errors.filter((f) => f.path === definitionAt || f.path.startsWith(`${definitionAt}/`));
  if (within.length === 0) return;
  const [first] = within as [Finding];
  const more = within.length > 1 ? ` (and ${within.length - 1} more: zisflow validate lists them)` : "";
  throw new HarnessError("invalid_bundle", `${first.path}: ${findingMessage(first)}${more}`, {
    problem: { pointer: first.path, diagnostic: first.code },
  });
}

/** Prepares a state machine the structure rules passed: its targets exist, its states parse. */
function prepareMachine(definition: StateMachine, at: string, options: DynamicOptions): PreparedMachine {
  const states = new Map<string, PreparedState>();
  for (const [name, state] of Object.entries(definition.States)) {
    const where = `${at}/States/${name}`;
    try {
      states.set(
        name,
        prepareState(name, state, options, (iterator) =>
          prepareMachine(iterator, `${where}/Iterator`, options),
        ),
      );
    } catch (error) {
      if (error instanceof HarnessError) throw error;
      throw new HarnessError("invalid_bundle", `${where}: ${(error as Error).message}`);
    }
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
