import type { FlowGraph, GraphEdge, GraphNode } from "./model.js";

/**
 * What a run's trace must say of each state execution to be laid over a graph: which state (and in which Map
 * iterator) ran, and where it went. The interpreter's `TraceEntry` (and a `zisflow run --json` result's
 * `trace`) fits; so do the trimmed steps coverage records.
 */
export interface TraceStep {
  readonly state: string;
  /** Enclosing Map states, outermost first (absent in traces older than this field: the top level). */
  readonly scope?: readonly string[] | undefined;
  readonly next?: string | undefined;
  readonly choice?: number | "default" | undefined;
  readonly caughtBy?: number | undefined;
}

/** A run laid over a flow graph. */
export interface RunPath {
  /** Trace positions of each node's executions, by node id. */
  readonly visits: ReadonlyMap<string, readonly number[]>;
  /** Indexes into `graph.edges` of the edges the run took. */
  readonly takenEdges: ReadonlySet<number>;
  /** Trace steps whose state the graph does not have (the run was of another version of the flow). */
  readonly unmatched: readonly number[];
}

const keyOf = (scope: readonly string[], name: string): string => JSON.stringify([...scope, name]);

/** Lays `trace` over `graph`: the states it visited and the edges it took. */
export function runPath(graph: FlowGraph, trace: readonly TraceStep[]): RunPath {
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) if (node.kind !== "Missing") nodes.set(keyOf(node.scope, node.name), node);
  const visits = new Map<string, number[]>();
  const takenEdges = new Set<number>();
  const unmatched: number[] = [];
  const edgeIndex = (predicate: (edge: GraphEdge) => boolean): number => graph.edges.findIndex(predicate);

  trace.forEach((step, position) => {
    const node = nodes.get(keyOf(step.scope ?? [], step.state));
    if (!node) {
      unmatched.push(position);
      return;
    }
    visits.set(node.id, [...(visits.get(node.id) ?? []), position]);
    const from = (edge: GraphEdge) => edge.from === node.id;
    let taken = -1;
    if (typeof step.choice === "number")
      taken = edgeIndex((e) => from(e) && e.kind === "choice" && e.index === step.choice);
    else if (step.choice === "default") taken = edgeIndex((e) => from(e) && e.kind === "default");
    else if (step.caughtBy !== undefined)
      taken = edgeIndex((e) => from(e) && e.kind === "catch" && e.index === step.caughtBy);
    else if (step.next !== undefined) taken = edgeIndex((e) => from(e) && e.kind === "next");
    if (taken >= 0) takenEdges.add(taken);
  });
  // A Map's iterator edge counts as taken when its iterator's first state ran.
  graph.edges.forEach((edge, i) => {
    if (edge.kind === "iterator" && visits.has(edge.to)) takenEdges.add(i);
  });
  return { visits, takenEdges, unmatched };
}

/** A run to draw over a bundle's graphs: a `zisflow run --json` result, or anything with its flow and trace. */
export interface RunOverlayInput {
  readonly flow: string;
  readonly trace: readonly TraceStep[];
}

/** A graph could not be drawn as asked; `code` is stable. */
export class GraphError extends Error {
  constructor(
    readonly code: "unknown_flow" | "no_flows",
    message: string,
  ) {
    super(message);
    this.name = "GraphError";
  }
}

/** The graph `run` belongs to and its path through it; a GraphError when no graph is that flow. */
export function overlayFor(
  graphs: readonly FlowGraph[],
  run: RunOverlayInput | undefined,
): { readonly graph: FlowGraph; readonly path: RunPath } | undefined {
  if (!run) return undefined;
  const graph = graphs.find((g) => g.flow === run.flow || g.key === run.flow);
  if (!graph)
    throw new GraphError(
      "unknown_flow",
      `the run is of flow "${run.flow}", which is not among the flows drawn (${graphs.map((g) => g.flow).join(", ") || "none"})`,
    );
  return { graph, path: runPath(graph, run.trace) };
}
