import type { PointerSegment } from "../model/pointer.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import { DEFAULT_INTEGRATION_PLACEHOLDER, flowReference } from "../model/names.js";
import { ZIS_TEMPLATE_VERSION } from "../model/bundle.js";
import type { BundleDefinition } from "../dsl/bundle.js";
import type { Flow } from "../dsl/flow.js";
import type { HttpAction } from "../dsl/http-action.js";
import { owningScope } from "../dsl/scope.js";
import type { Step } from "../dsl/states/index.js";
import { isBuildParam, isTemplate, templateParts, type BuildParam } from "../dsl/text.js";
import { makeFinding, type Finding } from "../model/diagnostics.js";
import { parsePointer, toPointer } from "../model/pointer.js";
import { renderStep, type RenderContext } from "./render/index.js";
import { renderHttpActionDefinition } from "./render/http-action.js";
import { applyRawEdits } from "./raw-edits.js";
import { validateBundle } from "./validate.js";

export interface CompileOptions {
  /**
   * Integration key for `zis:<integration>:…` names.
   * @default the bundle's `integrationPlaceholder`, else "INTEGRATION" (the tutorial's placeholder)
   */
  readonly integration?: string | undefined;
  /** Values of build parameters by name (`--set NAME=VALUE`). @default {} (placeholders are kept) */
  readonly params?: Readonly<Record<string, string>> | undefined;
}

export interface CompileResult {
  /** The canonical bundle JSON. */
  readonly bundle: JsonObject;
  /** Validator findings on it, plus the compiler's own. */
  readonly findings: readonly Finding[];
  /** Names of the build parameters the bundle uses. */
  readonly params: ReadonlySet<string>;
}

/** Whether `options` give the build parameter `name` a value (the integration key's is `integration`). */
export function hasParameterValue(options: CompileOptions, name: string): boolean {
  return name === "INTEGRATION"
    ? options.integration !== undefined
    : Object.hasOwn(options.params ?? {}, name);
}

/**
 * Compiles a bundle definition to canonical bundle JSON and validates it. Pure: the definition is not
 * changed, and the same definition and options always give the same JSON.
 */
export function compileBundle(definition: BundleDefinition, options: CompileOptions = {}): CompileResult {
  const integration =
    options.integration ?? definition.integrationPlaceholder ?? DEFAULT_INTEGRATION_PLACEHOLDER;
  const usedParams = new Set<string>();
  const resolve = (param: BuildParam): string => {
    usedParams.add(param.name);
    if (param.name === "INTEGRATION") return integration;
    const params = options.params ?? {};
    return Object.hasOwn(params, param.name) ? params[param.name]! : param.placeholder;
  };
  const compilerFindings: Finding[] = [];
  /** A build parameter the build has no value for (its placeholder is written instead). */
  const isUnset = (param: BuildParam): boolean => !hasParameterValue(options, param.name);
  /** Pointer → rendered text of each `url` that holds the placeholder of a build parameter without a value. */
  const unsetParamUrls = new Map<string, string>();
  /** Pointer → the parameters given a value that a `url` is built from (the rest of it literal text). */
  const setParamUrls = new Map<string, readonly string[]>();

  const jobSpecs = definition.jobSpecs ?? [];
  const flows = uniqueByCreation([...(definition.flows ?? []), ...jobSpecs.map((j) => j.flow)]);
  const actions = uniqueByCreation([
    ...(definition.actions ?? []),
    ...flows.flatMap((f) => actionsCalledBy(f)),
  ]);

  // Entries, made into an object last: a key such as "__proto__" must become a member, not the prototype.
  const resources: [string, JsonValue][] = [];
  for (const action of actions) {
    const definitionJson = renderHttpActionDefinition(action, resolve);
    const url = action.definition.url;
    const parts = isBuildParam(url) ? [url] : isTemplate(url) ? templateParts(url) : [];
    // A tpl`…` url is written under url.$, a str`…` or param(…) under url.
    const urlKey = Object.hasOwn(definitionJson, "url.$") ? "url.$" : "url";
    const urlAt = toPointer(["resources", action.key, "properties", "definition", urlKey]);
    const renderedUrl = definitionJson[urlKey];
    const params = parts.filter(isBuildParam);
    if (typeof renderedUrl === "string" && params.some(isUnset)) unsetParamUrls.set(urlAt, renderedUrl);
    else if (params.length > 0) setParamUrls.set(urlAt, [...new Set(params.map((p) => p.name))]);
    resources.push([
      action.key,
      { type: "ZIS::Action::Http", properties: { name: action.name, definition: definitionJson } },
    ]);
  }
  for (const flow of flows) {
    const machineContext = (at: readonly PointerSegment[]): RenderContext => ({
      integration,
      resolve,
      at,
      renderIterator: (map) =>
        renderMachine(
          map.iterator.start,
          map.iterator.steps,
          machineContext([...at, "States", map.name, "Iterator"]),
          compilerFindings,
        ),
    });
    const definitionJson: JsonObject = {};
    if (flow.comment !== undefined) definitionJson.Comment = flow.comment;
    const at = ["resources", flow.key, "properties", "definition"];
    Object.assign(
      definitionJson,
      renderMachine(flow.start, flow.steps, machineContext(at), compilerFindings),
    );
    resources.push([
      flow.key,
      { type: "ZIS::Flow", properties: { name: flow.name, definition: definitionJson } },
    ]);
  }
  for (const spec of jobSpecs) {
    resources.push([
      spec.key,
      {
        type: "ZIS::JobSpec",
        properties: {
          name: spec.name,
          event_source: spec.event_source,
          event_type: spec.event_type,
          flow_name: flowReference(integration, spec.flow.name),
        },
      },
    ]);
  }

  const rendered: JsonObject = { name: definition.name };
  if (definition.description !== undefined) rendered.description = definition.description;
  rendered.zis_template_version = ZIS_TEMPLATE_VERSION;
  rendered.resources = Object.fromEntries(resources);
  const bundle = applyRawEdits(rendered, definition.raw);

  const validatorOptions = options.integration !== undefined ? { integration: options.integration } : {};
  return {
    bundle,
    // A `url` left as a build parameter's placeholder is filled in at deploy time (which refuses to deploy it
    // unset), so it is no url_not_absolute; built from values, it is what will be sent, so not absolute is an
    // error.
    findings: [
      ...compilerFindings,
      ...validateBundle(bundle, validatorOptions).flatMap((f): Finding[] => {
        if (f.code !== "url_not_absolute") return [f];
        if (unsetParamUrls.get(f.path) === f.data.url) return [];
        const parameters = setParamUrls.get(f.path);
        return parameters
          ? [makeFinding("url_parameter_not_absolute", parsePointer(f.path), { url: f.data.url, parameters })]
          : [f];
      }),
    ],
    params: usedParams,
  };
}

/** A state machine: the states reachable from `start` plus those its builder created, in creation order. */
function renderMachine(
  start: Step,
  owned: readonly Step[],
  context: RenderContext,
  findings: Finding[],
): JsonObject {
  const { at } = context;
  const steps = uniqueByCreation([...reachableSteps(start), ...owned]);
  // Entries, as for resources: a state may be named "__proto__".
  const states: [string, JsonValue][] = [];
  const byName = new Map<string, Step>();
  for (const step of steps) {
    const owner = owningScope(step);
    if (owner !== undefined && owner !== owned) {
      findings.push(
        makeFinding("transition_out_of_scope", [...at, "States", step.name], { target: step.name }),
      );
      continue;
    }
    if (byName.has(step.name)) {
      findings.push(makeFinding("duplicate_step_name", [...at, "States", step.name], { name: step.name }));
      continue;
    }
    byName.set(step.name, step);
    states.push([step.name, renderStep(step, context)]);
  }
  return { StartAt: start.name, States: Object.fromEntries(states) };
}

/** Steps reachable from `start` without entering Map iterators (they are machines of their own). */
function reachableSteps(start: Step): Step[] {
  const seen = new Set<Step>();
  const queue: Step[] = [start];
  for (let i = 0; i < queue.length; i++) {
    const step = queue[i]!;
    if (seen.has(step)) continue;
    seen.add(step);
    for (const next of successors(step)) queue.push(next);
  }
  return [...seen];
}

function successors(step: Step): Step[] {
  switch (step.kind) {
    case "Action":
    case "Map":
      return [...(step.nextStep ? [step.nextStep] : []), ...step.catchers.map((c) => c.handler)];
    case "Pass":
    case "Wait":
      return step.nextStep ? [step.nextStep] : [];
    case "Choice":
      return [...step.rules.map((r) => r.next), ...(step.defaultStep ? [step.defaultStep] : [])];
    case "Succeed":
    case "Fail":
      return [];
  }
}

/** Every custom action the flow's states call, Map iterators included. */
function actionsCalledBy(flow: Flow<unknown>): HttpAction<unknown>[] {
  const found: HttpAction<unknown>[] = [];
  const pending: Step[] = [...reachableSteps(flow.start), ...flow.steps];
  const seen = new Set<Step>();
  while (pending.length > 0) {
    const step = pending.pop()!;
    if (seen.has(step)) continue;
    seen.add(step);
    if (step.kind === "Action" && step.call.kind === "custom") found.push(step.call.action);
    if (step.kind === "Map")
      for (const inner of [...reachableSteps(step.iterator.start), ...step.iterator.steps])
        pending.push(inner);
  }
  return found;
}

function uniqueByCreation<T extends { readonly creationIndex: number }>(items: readonly T[]): T[] {
  return [...new Set(items)].sort((a, b) => a.creationIndex - b.creationIndex);
}
