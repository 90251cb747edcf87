import { isPlainObject } from "../model/json.js";
import { flowGraphs, type FlowGraph, type GraphEdge, type GraphNode } from "../graph/model.js";
import { runPath } from "../graph/overlay.js";
import { flowIdentity, flowNameWithoutIntegration } from "./identity.js";
import type { Recordings } from "./read.js";
import { bundleHash, type RunRecord } from "./record.js";

/** Covered of total, and what was never reached (in definition order). */
export interface Tally {
  readonly covered: number;
  readonly total: number;
  readonly missed: readonly string[];
}

/**
 * Coverage of one flow by the recorded runs of every flow of the same identity (see `flowIdentity`), whichever
 * bundle version they ran.
 */
export interface FlowCoverage {
  /** The reported bundle's `name` (or its hash's first 12 characters when it has none). */
  readonly bundle: string;
  /** The reported bundle version's hash: the one given, or the first in sorted order of those recorded. */
  readonly bundleHash: string;
  readonly flow: string;
  readonly runs: number;
  /**
   * Runs of a flow of the same bundle and flow name whose states or transitions differ, which are not counted:
   * a bundle file older than the flow the tests ran, or runs of an edited flow. Counted only for given bundles
   * (without them, each version is a row of its own). @default 0
   */
  readonly otherVersionRuns?: number;
  /** States visited (Map iterator states included); a `Missing` target is not a state. */
  readonly states: Tally;
  /** Choice branches taken: every rule, and the Default where there is one. */
  readonly branches: Tally;
  /** Catch paths taken. */
  readonly catches: Tally;
}

/** One flow of one bundle version, with its identity. */
interface IdentifiedFlow {
  readonly bundle: unknown;
  readonly hash: string;
  readonly graph: FlowGraph;
  readonly identity: string;
}

/**
 * Coverage of each flow of `bundles` (flows no run reached included, at 0) by the recorded runs of flows of the
 * same identity, so a run of the flow built with another integration key or other parameter values counts.
 * Without `bundles`, of every flow recorded: once per identity, however many bundle versions ran it, reported
 * as the version whose hash sorts first.
 */
export function computeCoverage(recordings: Recordings, bundles?: readonly unknown[]): FlowCoverage[] {
  // Sorted so that which version stands for an identity does not depend on the order files were listed in.
  const flowsOf = new Map(
    [...recordings.bundles]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([hash, bundle]) => [hash, identify(bundle, hash)] as const),
  );
  // Identities are computed once per recorded bundle above; each run only looks its flow up.
  const runsOf = new Map<string, RunRecord[]>();
  for (const run of recordings.runs) {
    const ran = (flowsOf.get(run.bundle) ?? []).filter(
      ({ graph }) => run.flow === graph.flow || run.flow === graph.key,
    );
    for (const identity of new Set(ran.map((f) => f.identity))) {
      const runs = runsOf.get(identity) ?? [];
      runs.push(run);
      runsOf.set(identity, runs);
    }
  }
  if (!bundles) {
    const byIdentity = new Map<string, IdentifiedFlow>();
    for (const flow of [...flowsOf.values()].flat())
      if (!byIdentity.has(flow.identity)) byIdentity.set(flow.identity, flow);
    return [...byIdentity.values()].map((flow) => flowCoverage(flow, runsOf.get(flow.identity) ?? []));
  }
  const reported = bundles.flatMap((bundle) => {
    const hash = bundleHash(bundle);
    return flowsOf.get(hash) ?? identify(bundle, hash);
  });
  // Runs of versions of a reported flow that no reported row counts (another identity, same bundle and flow
  // name): told apart, so a stale bundle file does not read as "never run".
  const reportedIdentities = new Set(reported.map((flow) => flow.identity));
  const uncounted = new Map<string, number>();
  const seen = new Set<string>();
  for (const flow of [...flowsOf.values()].flat()) {
    if (reportedIdentities.has(flow.identity) || seen.has(flow.identity)) continue;
    seen.add(flow.identity);
    const name = flowNameKey(flow);
    uncounted.set(name, (uncounted.get(name) ?? 0) + (runsOf.get(flow.identity)?.length ?? 0));
  }
  return reported.map((flow) => {
    const other = uncounted.get(flowNameKey(flow)) ?? 0;
    return {
      ...flowCoverage(flow, runsOf.get(flow.identity) ?? []),
      ...(other > 0 ? { otherVersionRuns: other } : {}),
    };
  });
}

/** The bundle's and the flow's name, the integration key left out: what versions of one flow share. */
function flowNameKey({ bundle, graph }: IdentifiedFlow): string {
  return JSON.stringify([
    isPlainObject(bundle) && typeof bundle.name === "string" ? bundle.name : null,
    flowNameWithoutIntegration(graph.flow),
  ]);
}

function identify(bundle: unknown, hash: string): IdentifiedFlow[] {
  return flowGraphs(bundle).map((graph) => ({ bundle, hash, graph, identity: flowIdentity(bundle, graph) }));
}

function flowCoverage({ bundle, hash, graph }: IdentifiedFlow, runs: readonly RunRecord[]): FlowCoverage {
  const visited = new Set<string>();
  const taken = new Set<number>();
  // A run of another version of the flow has the same states and transitions, so its steps map onto this graph.
  for (const run of runs) {
    const path = runPath(graph, run.steps);
    for (const id of path.visits.keys()) visited.add(id);
    for (const edge of path.takenEdges) taken.add(edge);
  }
  const states = graph.nodes.filter((n) => n.kind !== "Missing");
  const edgesOf = (kinds: readonly GraphEdge["kind"][]) =>
    graph.edges.map((edge, i) => ({ edge, i })).filter(({ edge }) => kinds.includes(edge.kind));
  return {
    bundle: isPlainObject(bundle) && typeof bundle.name === "string" ? bundle.name : hash.slice(0, 12),
    bundleHash: hash,
    flow: graph.flow,
    runs: runs.length,
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
