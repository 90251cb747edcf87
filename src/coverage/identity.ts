import { createHash } from "node:crypto";
import type { FlowGraph } from "../graph/model.js";
import { isPlainObject } from "../model/json.js";
import { parseFlowReference } from "../model/names.js";

/**
 * What coverage knows a flow by across bundle versions: a SHA-256 of the bundle's `name`, the flow's name
 * without its integration key (`zis:acme:flow:RefundFlow` and `zis:INTEGRATION:flow:RefundFlow` are both
 * `RefundFlow`), and the flow's graph: each state's name, scope, type and whether it starts its machine, and
 * each transition's from, to, kind and index, with a Catch's error names.
 *
 * Left out on purpose, because build parameters and the integration key land there: the states' details (an
 * Action's name carries the integration key), the Choice rules' conditions (a comparand may be a parameter
 * value), and everything else a state holds (jq expressions, `Parameters`, URLs). So a run of the flow built
 * with `--integration acme` and other parameter values, or after a jq fix, counts toward the placeholder
 * build in `dist-bundles/`; a run of a flow whose states or transitions differ does not, since its steps
 * would not map onto the reported graph.
 */
export function flowIdentity(bundle: unknown, graph: FlowGraph): string {
  const structure = {
    bundle: isPlainObject(bundle) && typeof bundle.name === "string" ? bundle.name : null,
    flow: flowNameWithoutIntegration(graph.flow),
    nodes: graph.nodes.map((n) => [n.name, n.scope, n.type, n.start]),
    edges: graph.edges.map((e) => [
      e.from,
      e.to,
      e.kind,
      e.index ?? null,
      e.kind === "catch" ? e.label : null,
    ]),
  };
  return createHash("sha256").update(JSON.stringify(structure)).digest("hex");
}

/** `zis:acme:flow:RefundFlow` → `RefundFlow`; a name that is not a flow reference as it is. */
export function flowNameWithoutIntegration(flow: string): string {
  const reference = parseFlowReference(flow);
  return reference.ok ? reference.name : flow;
}
