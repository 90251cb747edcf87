import type { FlowGraph, GraphEdge, GraphGroup, GraphNode, NodeKind } from "./model.js";
import { overlayFor, type RunOverlayInput } from "./overlay.js";

/**
 * Mermaid `flowchart` text. Choice states are diamonds, Succeed/Fail rounded ends, Map states subroutines with
 * their iterator as a nested subgraph. Choice rules carry their condition, Default edges are dashed, Catch edges
 * dotted and red, unreachable states grey and dashed, missing targets red. Several flows become one subgraph each.
 * With a run, the states it visited are blue and the edges it took thick and blue.
 */
export function renderMermaid(
  graphs: readonly FlowGraph[],
  options: {
    /**
     * A run to highlight on its flow's graph: the states it visited and the edges it took.
     * @default undefined (no run: the flows alone)
     */
    readonly run?: RunOverlayInput | undefined;
  } = {},
): string {
  const lines = ["flowchart TD"];
  const styles: string[] = [];
  const overlay = overlayFor(graphs, options.run);
  let edgeIndex = 0;
  graphs.forEach((graph, f) => {
    const path = overlay?.graph === graph ? overlay.path : undefined;
    const prefix = graphs.length > 1 ? `f${f}_` : "";
    const indent = graphs.length > 1 ? "    " : "  ";
    if (graphs.length > 1) lines.push(`  subgraph ${prefix}flow["${escape(graph.flow)}"]`);
    renderGroup(graph, undefined, prefix, indent, lines);
    graph.edges.forEach((edge, i) => {
      lines.push(`${indent}${prefix}${edge.from} ${arrow(edge)} ${prefix}${edge.to}`);
      const colour = edge.kind === "catch" ? "#c62828" : path?.takenEdges.has(i) ? "#1565c0" : undefined;
      const width = path?.takenEdges.has(i) ? ",stroke-width:3px" : "";
      if (colour) styles.push(`  linkStyle ${edgeIndex} stroke:${colour},color:${colour}${width}`);
      edgeIndex++;
    });
    if (graphs.length > 1) lines.push("  end");
    for (const node of graph.nodes) {
      const classes = [
        node.unreachable ? "unreachable" : undefined,
        node.kind === "Missing" ? "missing" : undefined,
        node.start ? "start" : undefined,
        path?.visits.has(node.id) ? "visited" : undefined,
      ].filter((c) => c !== undefined);
      if (classes.length > 0) styles.push(`  class ${prefix}${node.id} ${classes.join(",")}`);
    }
  });
  lines.push(
    "  classDef start stroke-width:3px",
    "  classDef unreachable fill:#eeeeee,stroke:#9e9e9e,stroke-dasharray:4 3,color:#757575",
    "  classDef missing fill:#ffebee,stroke:#c62828,color:#c62828",
    ...(overlay ? ["  classDef visited fill:#e3f2fd,stroke:#1565c0,color:#0d47a1"] : []),
    ...styles,
  );
  return lines.join("\n") + "\n";
}

/** The nodes of one group (the top level when `group` is undefined), with nested groups as subgraphs. */
function renderGroup(
  graph: FlowGraph,
  group: GraphGroup | undefined,
  prefix: string,
  indent: string,
  lines: string[],
): void {
  for (const node of graph.nodes)
    if (node.group === group?.id) lines.push(`${indent}${prefix}${node.id}${shape(node)}`);
  for (const child of graph.groups.filter((g) => g.parent === group?.id)) {
    lines.push(`${indent}subgraph ${prefix}${child.id}["${escape(child.label)}"]`);
    renderGroup(graph, child, prefix, `${indent}  `, lines);
    lines.push(`${indent}end`);
  }
}

/** Mermaid's node shape per kind, around the node's label. */
const SHAPES: Record<NodeKind, (label: string) => string> = {
  Choice: (label) => `{${label}}`,
  Succeed: (label) => `([${label}])`,
  Fail: (label) => `([${label}])`,
  Map: (label) => `[[${label}]]`,
  Pass: (label) => `[/${label}/]`,
  Wait: (label) => `[(${label})]`,
  Action: (label) => `[${label}]`,
  Missing: (label) => `[${label}]`,
  Unknown: (label) => `[${label}]`,
};

function shape(node: GraphNode): string {
  const label = `"${escape(node.name)}${node.detail ? `<br/><small>${escape(node.detail)}</small>` : ""}"`;
  return SHAPES[node.kind](label);
}

function arrow(edge: GraphEdge): string {
  const label = edge.label === undefined ? "" : `|"${escape(edge.label)}"|`;
  switch (edge.kind) {
    case "default":
    case "catch":
      return `-.->${label}`;
    case "iterator":
      return `==>${label}`;
    default:
      return `-->${label}`;
  }
}

/** Mermaid entity codes for what would end a quoted label or be read as markup. */
function escape(text: string): string {
  return text.replace(/[#"<>&]/g, (c) => `#${c.charCodeAt(0)};`);
}
