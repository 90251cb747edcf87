import { isPlainObject } from "../model/json.js";
import { flowGraphs, type FlowGraph, type GraphEdge, type GraphNode } from "../graph/model.js";
import { runPath } from "../graph/overlay.js";
import type { RunRecord } from "./record.js";

/** Covered of total, and what was never reached (in definition order). */
export interface Tally {
  readonly covered: number;
  readonly total: number;
  readonly missed: readonly string[];
}

/** Coverage of one flow of one bundle version by the recorded runs. */
export interface FlowCoverage {
  /** The bundle's `name` (or its hash's first 12 characters when it has none). */
  readonly bundle: string;
  readonly bundleHash: string;
  readonly flow: string;
  readonly runs: number;
  /** States visited (Map iterator states included); a `Missing` target is not a state. */
  readonly states: Tally;
  /** Choice branches taken: every rule, and the Default where there is one. */
  readonly branches: Tally;
  /** Catch paths taken. */
  readonly catches: Tally;
}

/** Coverage of each flow of `bundle` (flows no run reached included, at 0) by the runs recorded for it. */
export function computeCoverage(
  bundle: unknown,
  bundleHash: string,
  runs: readonly RunRecord[],
): FlowCoverage[] {
  const name =
    isPlainObject(bundle) && typeof bundle.name === "string" ? bundle.name : bundleHash.slice(0, 12);
  return flowGraphs(bundle).map((graph) => {
    const flowRuns = runs.filter(
      (r) => r.bundle === bundleHash && (r.flow === graph.flow || r.flow === graph.key),
    );
    const visited = new Set<string>();
    const taken = new Set<number>();
    for (const run of flowRuns) {
      const path = runPath(graph, run.steps);
      for (const id of path.visits.keys()) visited.add(id);
      for (const edge of path.takenEdges) taken.add(edge);
    }
    const states = graph.nodes.filter((n) => n.kind !== "Missing");
    const edgesOf = (kinds: readonly GraphEdge["kind"][]) =>
      graph.edges.map((edge, i) => ({ edge, i })).filter(({ edge }) => kinds.includes(edge.kind));
    return {
      bundle: name,
      bundleHash,
      flow: graph.flow,
      runs: flowRuns.length,
      states: tally(states, (n) => visited.has(n.id), stateLabel),
      branches: tally(
        edgesOf(["choice", "default"]),
        ({ i }) => taken.has(i),
        ({ edge }) => edgeLabel(graph, edge),
      ),
      catches: tally(
        edgesOf(["catch"]),
        ({ i }) => taken.has(i),
        ({ edge }) => edgeLabel(graph, edge),
      ),
    };
  });
}

function tally<T>(items: readonly T[], covered: (item: T) => boolean, label: (item: T) => string): Tally {
  const missed = items.filter((item) => !covered(item)).map(label);
  return { covered: items.length - missed.length, total: items.length, missed };
}

function stateLabel(node: GraphNode): string {
  return [...node.scope, node.name].join(" › ");
}

function edgeLabel(graph: FlowGraph, edge: GraphEdge): string {
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
  // The report says "branch" or "catch" before each label, so a Catch's label keeps only its error names.
  const what =
    edge.kind === "choice"
      ? `rule ${edge.index! + 1} (${edge.label})`
      : edge.kind === "catch"
        ? (edge.label ?? "").replace(/^catch /, "")
        : (edge.label ?? edge.kind);
  return `${stateLabel(node(edge.from))}: ${what} → ${node(edge.to).name}`;
}

/** A tally as a percentage; a flow with nothing of a kind counts as fully covered. */
export function percent(t: Tally): number {
  return t.total === 0 ? 100 : (100 * t.covered) / t.total;
}
