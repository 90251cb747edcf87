import {
  buildBundleView,
  endsMachine,
  isObject,
  reachableFrom,
  transitionsOf,
  type MachineView,
  type RawObject,
  type StateView,
  type Transition,
} from "../model/bundle-view.js";
import { isStateType, type StateType } from "../model/states/index.js";
import { shortCondition } from "./conditions.js";

/**
 * A flow as a graph, read from bundle JSON (valid or not: a broken `Next` becomes an edge to a `Missing` node, so
 * the picture shows what the validator reports). The renderers (Mermaid, DOT, HTML) and coverage share it.
 */
export interface FlowGraph {
  /** The flow's `name` property (its resource key when it has none). */
  readonly flow: string;
  readonly key: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Map iterators, drawn as nested groups. */
  readonly groups: readonly GraphGroup[];
}

/**
 * What a node stands for: a state of a type ZIS runs, a transition target no state has (`Missing`), or a state
 * whose `Type` ZIS does not run (`Unknown`). Renderers dispatch on it with a `Record<NodeKind, …>`, so a new
 * state type fails tsc in each of them until it is drawn.
 */
export type NodeKind = StateType | "Missing" | "Unknown";

/** The outline a node is drawn with in the HTML page (Mermaid and DOT have shapes of their own). */
export type NodeOutline = "box" | "double-box" | "diamond" | "pill";

export const NODE_OUTLINES: Record<NodeKind, NodeOutline> = {
  Action: "box",
  Choice: "diamond",
  Pass: "box",
  Wait: "box",
  Map: "double-box",
  Succeed: "pill",
  Fail: "pill",
  Missing: "box",
  Unknown: "box",
};

export interface GraphNode {
  /** `s0`, `s1`, … in definition order (iterator states follow their Map's machine). */
  readonly id: string;
  readonly name: string;
  /** Names of the Map states whose Iterator holds this state, outermost first. */
  readonly scope: readonly string[];
  /** The state's `Type` as written (`?` when it has none), or `Missing` for a transition target no state has. */
  readonly type: string;
  readonly kind: NodeKind;
  /** A short second line: the action an Action runs, a Wait's duration. */
  readonly detail: string | undefined;
  readonly start: boolean;
  /** Ends its machine: `End: true`, Succeed or Fail. */
  readonly end: boolean;
  readonly unreachable: boolean;
  /** The iterator group holding this state. */
  readonly group: string | undefined;
}

/** `next`: Next; `choice`: a Choice rule; `default`: a Choice's Default; `catch`: a Catch; `iterator`: Map → its iterator. */
export type EdgeKind = "next" | "choice" | "default" | "catch" | "iterator";

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** Choice rules: the condition in short form; Catch: the error names. */
  readonly label: string | undefined;
  /** The rule's index in Choices, or the catcher's in Catch. */
  readonly index: number | undefined;
}

export interface GraphGroup {
  readonly id: string;
  /** The Map state's node id. */
  readonly map: string;
  readonly label: string;
  /** The enclosing group, for a Map inside an iterator. */
  readonly parent: string | undefined;
}

/** Graphs of the bundle's flows, in resource order. Anything that is not a bundle object yields none. */
export function flowGraphs(bundle: unknown): FlowGraph[] {
  if (!isObject(bundle)) return [];
  const view = buildBundleView(bundle);
  return view.flows.flatMap((flow) => {
    const machines = view.machines.filter((m) => m.flow === flow);
    if (machines.length === 0) return [];
    return [new GraphBuilder(machines).build(flow.name ?? flow.key, flow.key)];
  });
}

class GraphBuilder {
  readonly #nodes: GraphNode[] = [];
  readonly #edges: GraphEdge[] = [];
  readonly #groups: GraphGroup[] = [];
  readonly #ids = new Map<StateView, string>();
  readonly #groupOf = new Map<MachineView, string>();
  readonly #unreachable = new Set<StateView>();

  constructor(readonly machines: readonly MachineView[]) {}

  build(flow: string, key: string): FlowGraph {
    for (const machine of this.machines) this.#addMachine(machine);
    for (const machine of this.machines) for (const state of machine.states) this.#addEdges(state);
    return { flow, key, nodes: this.#nodes, edges: this.#edges, groups: this.#groups };
  }

  #addMachine(machine: MachineView): void {
    const parent = machine.parentState;
    const mapUnreachable = parent !== undefined && this.#unreachable.has(parent);
    const reached =
      typeof machine.startAt === "string" ? reachableFrom(machine, machine.startAt, true) : new Set<string>();
    let group: string | undefined;
    if (parent) {
      group = `g${this.#groups.length}`;
      this.#groups.push({
        id: group,
        map: this.#ids.get(parent)!,
        label: `${parent.name} iterator`,
        parent: this.#groupOf.get(parent.machine),
      });
      this.#groupOf.set(machine, group);
    }
    for (const state of machine.states) {
      const id = `s${this.#nodes.length}`;
      this.#ids.set(state, id);
      const unreachable = mapUnreachable || !reached.has(state.name);
      if (unreachable) this.#unreachable.add(state);
      const raw = state.raw;
      this.#nodes.push({
        id,
        name: state.name,
        scope: scopeOf(machine),
        type: state.type ?? "?",
        kind: isStateType(state.type) ? state.type : "Unknown",
        detail: isStateType(state.type) ? DETAILS[state.type](state) : undefined,
        start: machine.startAt === state.name,
        end: endsMachine(raw),
        unreachable,
        group,
      });
    }
  }

  #addEdges(state: StateView): void {
    const from = this.#ids.get(state)!;
    const raw = state.raw;
    const transitions = transitionsOf(raw, state.at);
    const edge = ({ target, kind, index }: Transition) =>
      this.#edges.push({
        from,
        to: this.#target(state.machine, target),
        kind,
        label: edgeLabel(raw, kind, index),
        index,
      });
    // The iterator's entry is drawn between the branches and the way on.
    transitions.filter((t) => t.kind === "choice" || t.kind === "default").forEach(edge);
    if (state.type === "Map" && isObject(raw.Iterator)) {
      const iterator = this.machines.find((m) => m.parentState === state);
      const start =
        iterator && typeof iterator.startAt === "string" ? iterator.byName.get(iterator.startAt) : undefined;
      if (start)
        this.#edges.push({
          from,
          to: this.#ids.get(start)!,
          kind: "iterator",
          label: "each item",
          index: undefined,
        });
    }
    transitions.filter((t) => t.kind === "next" || t.kind === "catch").forEach(edge);
  }

  /** The node a transition goes to; a name no state has gets a `Missing` node of its own. */
  #target(machine: MachineView, name: string): string {
    const state = machine.byName.get(name);
    if (state) return this.#ids.get(state)!;
    const scope = scopeOf(machine);
    const existing = this.#nodes.find(
      (n) => n.kind === "Missing" && n.name === name && n.scope.join("\u0000") === scope.join("\u0000"),
    );
    if (existing) return existing.id;
    const id = `s${this.#nodes.length}`;
    this.#nodes.push({
      id,
      name,
      scope,
      type: "Missing",
      kind: "Missing",
      detail: "no such state",
      start: false,
      end: false,
      unreachable: false,
      group: this.#groupOf.get(machine),
    });
    return id;
  }
}

/** What an edge says: the rule's condition, `default`, or the errors a catcher takes. */
function edgeLabel(raw: RawObject, kind: Transition["kind"], index: number | undefined): string | undefined {
  switch (kind) {
    case "choice":
      return shortCondition(Array.isArray(raw.Choices) ? raw.Choices[index!] : undefined);
    case "default":
      return "default";
    case "catch": {
      const catcher = Array.isArray(raw.Catch) ? raw.Catch[index!] : undefined;
      const errors =
        isObject(catcher) && Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals.join(", ") : "error";
      return `catch ${errors}`;
    }
    case "next":
      return undefined;
  }
}

function scopeOf(machine: MachineView): string[] {
  const scope: string[] = [];
  for (let parent = machine.parentState; parent; parent = parent.machine.parentState)
    scope.unshift(parent.name);
  return scope;
}

/** A short second line for a node: the action an Action runs, a Wait's duration, what a Map iterates over. */
const DETAILS: Record<StateType, (state: StateView) => string | undefined> = {
  Action: ({ raw, name }) => {
    if (typeof raw.ActionName !== "string") return undefined;
    const action = raw.ActionName.split(":").pop()!;
    return action === name ? undefined : action;
  },
  Wait: ({ raw }) => {
    if (typeof raw.Seconds === "number") return `${raw.Seconds} s`;
    if (typeof raw.SecondsPath === "string") return `SecondsPath ${raw.SecondsPath}`;
    if (typeof raw.Timestamp === "string") return `until ${raw.Timestamp}`;
    return undefined;
  },
  Map: ({ raw }) => (typeof raw.ItemsPath === "string" ? `over ${raw.ItemsPath}` : undefined),
  Choice: () => undefined,
  Pass: () => undefined,
  Succeed: () => undefined,
  Fail: () => undefined,
};
