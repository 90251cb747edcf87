import dagre from "@dagrejs/dagre";
import { NODE_OUTLINES, type FlowGraph, type GraphEdge, type GraphNode, type NodeOutline } from "../model.js";

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box by its centre, as dagre gives them. */
export interface Box extends Point {
  readonly width: number;
  readonly height: number;
}

/** A state's drawn size, and the second line of text it shows. */
export interface NodeLook {
  readonly width: number;
  readonly height: number;
  readonly sub: string | undefined;
}

export interface Layout {
  readonly nodes: ReadonlyMap<string, Box>;
  readonly groups: ReadonlyMap<string, Box>;
  /** In the order of `graph.edges`. */
  readonly edges: readonly { readonly points: readonly Point[]; readonly label: Box | undefined }[];
}

const NAME_SIZE = 12;
const SUB_SIZE = 11;
const LABEL_SIZE = 11;
const GROUP_LABEL_SIZE = 11;

/**
 * Width of `text` in px, estimated from Helvetica/Arial advance widths (plus a margin for wider fallback
 * fonts): measuring needs a browser, and an estimate keeps the output the same on every machine.
 */
function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const c of text) {
    if (/[ijl'|]/.test(c)) em += 0.23;
    else if (/[ftI.,:;!/[\]\s]/.test(c)) em += 0.28;
    else if (/[r()\-"`{}]/.test(c)) em += 0.34;
    else if (/[mM]/.test(c)) em += 0.84;
    else if (c === "W") em += 0.95;
    else if (c === "w") em += 0.73;
    else if (/[A-Z]/.test(c)) em += 0.7;
    else if (/[&@%]/.test(c)) em += 0.85;
    else if (/[=<>+~≤≥]/.test(c)) em += 0.59;
    else if (/[\x20-\x7e]/.test(c)) em += 0.56;
    else em += 1;
  }
  return em * size * (bold ? 1.1 : 1.04);
}

/** The width a group's box needs for its label, with its padding. */
export function groupLabelWidth(label: string): number {
  return textWidth(label, GROUP_LABEL_SIZE, true) + 16;
}

/** The small second line: the state's type where its shape does not show it, and its detail. */
function subtitle(node: GraphNode): string | undefined {
  if (node.kind === "Missing") return node.detail;
  // A diamond or a pill already says Choice, Succeed or Fail.
  const outline = NODE_OUTLINES[node.kind];
  const shown = outline === "diamond" || outline === "pill";
  const parts = [shown ? undefined : node.type, node.detail].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

export function nodeLook(node: GraphNode): NodeLook {
  const sub = subtitle(node);
  const text = Math.max(textWidth(node.name, NAME_SIZE, true), sub ? textWidth(sub, SUB_SIZE) : 0);
  const lines = sub ? 2 : 1;
  const outline = NODE_OUTLINES[node.kind];
  if (outline === "diamond") {
    // A diamond holds a text box of half-size (tw, th) when tw/a + th/b ≤ 1 (a, b: its half-diagonals).
    const height = lines === 2 ? 76 : 58;
    const a = text / 2 / (1 - (lines * 8) / (height / 2)) + 10;
    return { width: Math.ceil(2 * a), height, sub };
  }
  const height = lines === 2 ? 48 : 36;
  const pill = outline === "pill";
  return { width: Math.ceil(Math.max(80, text + (pill ? height : 24))), height, sub };
}

export function layoutGraph(graph: FlowGraph, looks: ReadonlyMap<string, NodeLook>): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: true });
  // ranksep is halved when edges have labels; 46 leaves room for a group's label inside its bottom border.
  g.setGraph({ rankdir: "TB", nodesep: 40, edgesep: 20, ranksep: 46, marginx: 0, marginy: 0 });
  const used = usedGroups(graph);
  for (const group of graph.groups) if (used.has(group.id)) g.setNode(group.id, { width: 0, height: 0 });
  for (const group of graph.groups)
    if (used.has(group.id) && group.parent !== undefined) g.setParent(group.id, group.parent);
  for (const node of graph.nodes) {
    const look = looks.get(node.id)!;
    g.setNode(node.id, { width: look.width, height: look.height });
    if (node.group !== undefined) g.setParent(node.id, node.group);
  }
  graph.edges.forEach((edge, i) => {
    const label =
      edge.label === undefined
        ? { width: 0, height: 0 }
        : { width: Math.ceil(textWidth(edge.label, LABEL_SIZE) + 10), height: 16 };
    g.setEdge(edge.from, edge.to, { ...label, labelpos: "c", minlen: 1 }, `e${i}`);
  });
  dagre.layout(g);

  const box = (id: string): Box => {
    const n = g.node(id);
    return { x: n.x ?? 0, y: n.y ?? 0, width: n.width, height: n.height };
  };
  const nodes = new Map(graph.nodes.map((n) => [n.id, box(n.id)]));
  const groups = new Map(graph.groups.filter((gr) => used.has(gr.id)).map((gr) => [gr.id, box(gr.id)]));
  const edges = graph.edges.map((edge, i) => {
    const e = g.edge(edge.from, edge.to, `e${i}`);
    const points = clipEnds((e.points ?? []).slice(), graph, edge, nodes);
    const label =
      edge.label === undefined
        ? undefined
        : { x: e.x ?? 0, y: e.y ?? 0, width: e.width ?? 0, height: e.height ?? 0 };
    return { points, label };
  });
  return { nodes, groups, edges };
}

/** Groups holding at least one node (directly or in a nested group): an empty cluster confuses dagre. */
function usedGroups(graph: FlowGraph): Set<string> {
  const used = new Set<string>();
  const byId = new Map(graph.groups.map((g) => [g.id, g]));
  for (const node of graph.nodes)
    for (let id = node.group; id !== undefined && !used.has(id); id = byId.get(id)?.parent) used.add(id);
  return used;
}

/** dagre ends edges on the nodes' bounding boxes; diamonds and pills need the ends moved onto their outline. */
function clipEnds(
  points: Point[],
  graph: FlowGraph,
  edge: GraphEdge,
  boxes: ReadonlyMap<string, Box>,
): Point[] {
  if (points.length < 2) return points;
  // Boxes end where dagre says; a diamond's or a pill's edges are clipped to its outline.
  const shaped = (id: string): "diamond" | "pill" | undefined => {
    const node = graph.nodes.find((n) => n.id === id);
    const outline: NodeOutline | undefined = node && NODE_OUTLINES[node.kind];
    return outline === "diamond" || outline === "pill" ? outline : undefined;
  };
  const fromType = shaped(edge.from);
  const toType = shaped(edge.to);
  const from = boxes.get(edge.from);
  const to = boxes.get(edge.to);
  if (fromType && from) points[0] = outline(fromType, from, points[1]!);
  if (toType && to) points[points.length - 1] = outline(toType, to, points[points.length - 2]!);
  return points;
}

/** Where the ray from the node's centre towards `toward` leaves its shape. */
function outline(type: "diamond" | "pill", box: Box, toward: Point): Point {
  const dx = toward.x - box.x;
  const dy = toward.y - box.y;
  if (dx === 0 && dy === 0) return toward;
  const a = box.width / 2;
  const b = box.height / 2;
  let t: number;
  if (type === "diamond") t = 1 / (Math.abs(dx) / a + Math.abs(dy) / b);
  else {
    t = Math.min(dx === 0 ? Infinity : a / Math.abs(dx), dy === 0 ? Infinity : b / Math.abs(dy));
    if (Math.abs(dx * t) > a - b) {
      // Past the straight part of a pill: meet the end circle (centre (a - b, 0), radius b).
      const cx = a - b;
      const ux = Math.abs(dx);
      const uy = Math.abs(dy);
      const qa = ux * ux + uy * uy;
      const qb = -2 * ux * cx;
      const qc = cx * cx - b * b;
      t = (-qb + Math.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa);
    }
  }
  return { x: box.x + dx * t, y: box.y + dy * t };
}
