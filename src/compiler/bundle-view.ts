import type { PointerSegment } from "./diagnostics.js";
import { isPlainObject } from "../model/json.js";

/**
 * A lenient index over bundle JSON that may be invalid: the graph checks run even when the schema does not
 * pass, so every accessor tolerates missing or mistyped fields instead of trusting the zod types.
 */

export type RawObject = Record<string, unknown>;

/** Re-exported for the checks, which read raw bundle JSON. */
export const isObject: (value: unknown) => value is RawObject = isPlainObject;

export const stringOrUndefined = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

export interface ResourceView {
  readonly key: string;
  readonly at: readonly PointerSegment[];
  readonly type: unknown;
  readonly properties: RawObject | undefined;
  readonly name: string | undefined;
}

export interface StateView {
  readonly name: string;
  readonly at: readonly PointerSegment[];
  readonly raw: RawObject;
  readonly type: string | undefined;
  readonly machine: MachineView;
}

export interface MachineView {
  readonly at: readonly PointerSegment[];
  readonly startAt: unknown;
  readonly states: readonly StateView[];
  readonly byName: ReadonlyMap<string, StateView>;
  readonly flow: ResourceView;
  /** The Map state whose Iterator this is; undefined for a flow's top-level definition. */
  readonly parentState: StateView | undefined;
}

export interface BundleView {
  readonly raw: RawObject;
  readonly resources: readonly ResourceView[];
  readonly actions: readonly ResourceView[];
  readonly flows: readonly ResourceView[];
  readonly jobSpecs: readonly ResourceView[];
  /** Every state machine: flow definitions and, after each, its Map iterators. */
  readonly machines: readonly MachineView[];
}

export function buildBundleView(raw: RawObject): BundleView {
  const resources: ResourceView[] = [];
  if (isObject(raw.resources)) {
    for (const [key, resource] of Object.entries(raw.resources)) {
      const properties =
        isObject(resource) && isObject(resource.properties) ? resource.properties : undefined;
      resources.push({
        key,
        at: ["resources", key],
        type: isObject(resource) ? resource.type : undefined,
        properties,
        name: stringOrUndefined(properties?.name),
      });
    }
  }
  const flows = resources.filter((r) => r.type === "ZIS::Flow");
  const machines: MachineView[] = [];
  for (const flow of flows) {
    const definition = flow.properties?.definition;
    if (!isObject(definition)) continue;
    const pending: Array<{
      raw: RawObject;
      at: readonly PointerSegment[];
      parentState: StateView | undefined;
    }> = [{ raw: definition, at: [...flow.at, "properties", "definition"], parentState: undefined }];
    while (pending.length > 0) {
      const next = pending.shift()!;
      const machine = buildMachine(next.raw, next.at, flow, next.parentState);
      machines.push(machine);
      for (const state of machine.states) {
        if (state.type === "Map" && isObject(state.raw.Iterator)) {
          pending.push({ raw: state.raw.Iterator, at: [...state.at, "Iterator"], parentState: state });
        }
      }
    }
  }
  return {
    raw,
    resources,
    actions: resources.filter((r) => r.type === "ZIS::Action::Http"),
    flows,
    jobSpecs: resources.filter((r) => r.type === "ZIS::JobSpec"),
    machines,
  };
}

function buildMachine(
  raw: RawObject,
  at: readonly PointerSegment[],
  flow: ResourceView,
  parentState: StateView | undefined,
): MachineView {
  const states: StateView[] = [];
  const byName = new Map<string, StateView>();
  const machine: MachineView = { at, startAt: raw.StartAt, states, byName, flow, parentState };
  if (isObject(raw.States)) {
    for (const [name, state] of Object.entries(raw.States)) {
      if (!isObject(state)) continue;
      const view: StateView = {
        name,
        at: [...at, "States", name],
        raw: state,
        type: stringOrUndefined(state.Type),
        machine,
      };
      states.push(view);
      byName.set(name, view);
    }
  }
  return machine;
}

/** The transitions a state makes, each with the pointer of the field that names the target. */
export function transitionsOf(state: StateView): Array<{ target: string; at: readonly PointerSegment[] }> {
  const out: Array<{ target: string; at: readonly PointerSegment[] }> = [];
  const { raw, at } = state;
  if (typeof raw.Next === "string") out.push({ target: raw.Next, at: [...at, "Next"] });
  if (typeof raw.Default === "string") out.push({ target: raw.Default, at: [...at, "Default"] });
  if (Array.isArray(raw.Choices)) {
    raw.Choices.forEach((rule, i) => {
      if (isObject(rule) && typeof rule.Next === "string")
        out.push({ target: rule.Next, at: [...at, "Choices", i, "Next"] });
    });
  }
  if (Array.isArray(raw.Catch)) {
    raw.Catch.forEach((catcher, i) => {
      if (isObject(catcher) && typeof catcher.Next === "string")
        out.push({ target: catcher.Next, at: [...at, "Catch", i, "Next"] });
    });
  }
  return out;
}

export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of at) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isObject(current) && typeof key === "string") current = current[key];
    else return undefined;
  }
  return current;
}
