import { isPlainObject } from "./json.js";
import type { PointerSegment } from "./pointer.js";
import { STATE_TRAITS, isStateType } from "./states/index.js";

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
    for (let i = 0; i < pending.length; i++) {
      const next = pending[i]!;
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

/** A transition: the state it goes to, how, and the pointer of the field that names it. */
export interface Transition {
  readonly target: string;
  readonly kind: "choice" | "default" | "next" | "catch";
  /** The choice rule's or the catcher's index; undefined for `Next` and `Default`. */
  readonly index: number | undefined;
  readonly at: readonly PointerSegment[];
}

/**
 * The transitions a state makes, in the order ZIS tries them: its choice rules, `Default`, `Next`, then its
 * catchers. Read leniently (a field of the wrong shape names no target), by what its type takes; a state of no
 * known type is read for every kind, so that the checks still see where it points.
 */
export function transitionsOf(raw: RawObject, at: readonly PointerSegment[]): Transition[] {
  const traits = isStateType(raw.Type) ? STATE_TRAITS[raw.Type] : undefined;
  const out: Transition[] = [];
  const add = (
    target: unknown,
    kind: Transition["kind"],
    index: number | undefined,
    field: PointerSegment[],
  ) => {
    if (typeof target === "string") out.push({ target, kind, index, at: [...at, ...field] });
  };
  if (!traits || traits.continuation === "choices") {
    if (Array.isArray(raw.Choices))
      raw.Choices.forEach((rule, i) =>
        add(isObject(rule) ? rule.Next : undefined, "choice", i, ["Choices", i, "Next"]),
      );
    add(raw.Default, "default", undefined, ["Default"]);
  }
  if (!traits || traits.continuation === "next") add(raw.Next, "next", undefined, ["Next"]);
  if ((!traits || traits.handlesErrors) && Array.isArray(raw.Catch))
    raw.Catch.forEach((catcher, i) =>
      add(isObject(catcher) ? catcher.Next : undefined, "catch", i, ["Catch", i, "Next"]),
    );
  return out;
}

/** Whether a state ends its machine: `"End": true`, or a type that ends it (Succeed, Fail). */
export function endsMachine(raw: RawObject): boolean {
  return raw.End === true || (isStateType(raw.Type) && STATE_TRAITS[raw.Type].continuation === "none");
}

/**
 * Names of the states reachable from `start`. With `includeStart` false, `start` itself counts only when a
 * cycle leads back to it (what "can run after this state" means).
 */
export function reachableFrom(machine: MachineView, start: string, includeStart: boolean): Set<string> {
  if (includeStart) return reachableFromAny(machine, [start]);
  const state = machine.byName.get(start);
  return reachableFromAny(machine, state ? transitionsOf(state.raw, state.at).map((t) => t.target) : []);
}

/** Names of the states reachable from any of `starts` (each counts itself), in one walk. */
export function reachableFromAny(machine: MachineView, starts: readonly string[]): Set<string> {
  const reached = new Set<string>();
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    const state = machine.byName.get(name);
    if (reached.has(name) || !state) continue;
    reached.add(name);
    for (const { target } of transitionsOf(state.raw, state.at)) queue.push(target);
  }
  return reached;
}

const reachableFromStart = new WeakMap<MachineView, ReadonlySet<string>>();

/** Names of the states reachable from the machine's StartAt (none when it names no state), walked once. */
export function reachableStates(machine: MachineView): ReadonlySet<string> {
  let reached = reachableFromStart.get(machine);
  if (!reached) {
    reached = reachableFromAny(machine, typeof machine.startAt === "string" ? [machine.startAt] : []);
    reachableFromStart.set(machine, reached);
  }
  return reached;
}

/** The value at `at`, or undefined; own members only (a key named "constructor" finds no function). */
export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of at) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isObject(current) && typeof key === "string" && Object.hasOwn(current, key))
      current = current[key];
    else return undefined;
  }
  return current;
}
