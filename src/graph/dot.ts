import type { FlowGraph, GraphEdge, GraphGroup, GraphNode, NodeKind } from "./model.js";
import { overlayFor, type RunOverlayInput, type RunPath } from "./overlay.js";

/**
 * Graphviz DOT. Same conventions as the Mermaid output: Choice diamonds, Map iterators as clusters, Default
 * dashed, Catch dotted red, unreachable states grey and dashed, missing targets red; with a run, what it visited
 * and took is blue.
 */
export function renderDot(
  graphs: readonly FlowGraph[],
  options: {
    /**
     * A run to highlight on its flow's graph: the states it visited and the edges it took.
     * @default undefined (no run: the flows alone)
     */
    readonly run?: RunOverlayInput | undefined;
  } = {},
): string {
  const overlay = overlayFor(graphs, options.run);
  const lines = [
    "digraph zisflow {",
    "  rankdir=TB;",
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  graphs.forEach((graph, f) => {
    const path = overlay?.graph === graph ? overlay.path : undefined;
    const prefix = graphs.length > 1 ? `f${f}_` : "";
    const indent = graphs.length > 1 ? "    " : "  ";
    if (graphs.length > 1) lines.push(`  subgraph cluster_f${f} {`, `    label=${quote(graph.flow)};`);
    renderGroup(graph, undefined, prefix, indent, lines, path);
    graph.edges.forEach((edge, i) =>
      lines.push(
        `${indent}${prefix}${edge.from} -> ${prefix}${edge.to}${edgeAttributes(edge, path?.takenEdges.has(i) ?? false)};`,
      ),
    );
    if (graphs.length > 1) lines.push("  }");
  });
  lines.push("}");
  return lines.join("\n") + "\n";
}

function renderGroup(
  graph: FlowGraph,
  group: GraphGroup | undefined,
  prefix: string,
  indent: string,
  lines: string[],
  path: RunPath | undefined,
): void {
  for (const node of graph.nodes)
    if (node.group === group?.id)
      lines.push(`${indent}${prefix}${node.id} ${nodeAttributes(node, path?.visits.has(node.id) ?? false)};`);
  for (const child of graph.groups.filter((g) => g.parent === group?.id)) {
    lines.push(
      `${indent}subgraph cluster_${prefix}${child.id} {`,
      `${indent}  label=${quote(child.label)}; style="rounded,dashed"; color="#607d8b";`,
    );
    renderGroup(graph, child, prefix, `${indent}  `, lines, path);
    lines.push(`${indent}}`);
  }
}

/** Graphviz's attributes per kind, over the default rounded box. */
const SHAPES: Record<NodeKind, Readonly<Record<string, string>>> = {
  Choice: { shape: "diamond" },
  Succeed: { shape: "oval" },
  Fail: { shape: "oval", color: quote("#c62828") },
  Map: { peripheries: "2" },
  Action: {},
  Pass: {},
  Wait: {},
  Missing: {},
  Unknown: {},
};

function nodeAttributes(node: GraphNode, visited: boolean): string {
  const attributes: Record<string, string> = {
    label: quote(node.detail ? `${node.name}\n${node.detail}` : node.name),
  };
  Object.assign(attributes, SHAPES[node.kind]);
  if (node.start) attributes.penwidth = "3";
  if (node.unreachable) {
    attributes.style = quote("rounded,filled,dashed");
    attributes.fillcolor = quote("#eeeeee");
    attributes.fontcolor = quote("#757575");
  }
  if (visited) {
    attributes.fillcolor = quote("#e3f2fd");
    attributes.color = quote("#1565c0");
  }
  if (node.kind === "Missing") {
    attributes.fillcolor = quote("#ffebee");
    attributes.color = quote("#c62828");
    attributes.fontcolor = quote("#c62828");
  }
  return `[${Object.entries(attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}]`;
}

function edgeAttributes(edge: GraphEdge, taken: boolean): string {
  const attributes: string[] = [];
  if (taken) attributes.push('penwidth=3, color="#1565c0"');
  if (edge.label !== undefined) attributes.push(`label=${quote(edge.label)}`);
  if (edge.kind === "default") attributes.push("style=dashed");
  if (edge.kind === "catch") attributes.push('style=dotted, color="#c62828", fontcolor="#c62828"');
  if (edge.kind === "iterator") attributes.push("style=bold");
  return attributes.length > 0 ? ` [${attributes.join(", ")}]` : "";
}

/** A DOT string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
