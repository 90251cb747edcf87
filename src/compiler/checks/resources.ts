import type { PointerSegment } from "../../model/pointer.js";
import { classifyEventType } from "../../model/events.js";
import {
  INTEGRATION_KEY,
  parseActionName,
  parseFlowReference,
  dominantIntegration,
} from "../../model/names.js";
import { RESOURCE_TYPES } from "../../model/resources.js";
import { isObject, stringOrUndefined, type ResourceView } from "../../model/bundle-view.js";
import type { Check } from "./context.js";

/** Resource-level integrity: names, job spec → flow references, integration keys, state-name clashes. */
export const checkResources: Check = ({ view, options, report }) => {
  if (view.flows.length === 0 && isObject(view.raw.resources)) report("no_flow", ["resources"], {});
  if (view.jobSpecs.length === 0 && view.flows.length > 0) report("no_job_spec", ["resources"], {});

  for (const type of RESOURCE_TYPES) {
    const seen = new Map<string, string>();
    for (const resource of view.resources) {
      if (resource.type !== type || resource.name === undefined) continue;
      const first = seen.get(resource.name);
      if (first !== undefined)
        report("duplicate_resource_name", [...resource.at, "properties", "name"], {
          name: resource.name,
          firstKey: first,
        });
      else seen.set(resource.name, resource.key);
    }
  }

  const flowNames = new Set(view.flows.map((f) => f.name).filter((n) => n !== undefined));
  const references: Array<{ integration: string; at: readonly PointerSegment[] }> = [];
  for (const jobSpec of view.jobSpecs) {
    const properties = jobSpec.properties ?? {};
    const flowName = stringOrUndefined(properties.flow_name);
    const at = [...jobSpec.at, "properties", "flow_name"];
    if (flowName !== undefined) {
      const parsed = parseFlowReference(flowName);
      if (!parsed.ok) report("invalid_flow_reference", at, { flowName });
      else {
        references.push({ integration: parsed.integration, at });
        if (!flowNames.has(parsed.name)) report("unknown_flow", at, { name: parsed.name });
      }
    }
    const source = stringOrUndefined(properties.event_source);
    const type = stringOrUndefined(properties.event_type);
    if (source !== undefined && type !== undefined && classifyEventType(source, type) === "unknown")
      report("unknown_event_type", [...jobSpec.at, "properties", "event_type"], { source, type });
  }

  for (const machine of view.machines) {
    for (const state of machine.states) {
      const actionName = state.raw.ActionName;
      if (state.type !== "Action" || typeof actionName !== "string") continue;
      const parsed = parseActionName(actionName);
      if (parsed.kind === "custom")
        references.push({ integration: parsed.integration, at: [...state.at, "ActionName"] });
    }
  }

  const expected = options.integration;
  if (expected !== undefined) {
    if (!INTEGRATION_KEY.test(expected)) report("invalid_integration_key", [], { integration: expected });
    for (const ref of references)
      if (ref.integration !== expected)
        report("integration_key_mismatch", ref.at, { found: ref.integration, expected });
  } else {
    const registryIntegration = stringOrUndefined(view.raw.integration);
    const majority = registryIntegration ?? dominantIntegration(references.map((r) => r.integration));
    for (const ref of references)
      if (majority !== undefined && ref.integration !== majority)
        report("inconsistent_integration_key", ref.at, { found: ref.integration, majority });
  }

  // The view lists each flow's machines together, its definition first.
  const namesInFlow = new Map<ResourceView, Set<string>>();
  for (const machine of view.machines) {
    const seen = namesInFlow.get(machine.flow) ?? new Set<string>();
    namesInFlow.set(machine.flow, seen);
    for (const state of machine.states) {
      if (seen.has(state.name) && machine.parentState !== undefined)
        report("duplicate_state_name", state.at, { name: state.name });
      seen.add(state.name);
    }
  }
};
