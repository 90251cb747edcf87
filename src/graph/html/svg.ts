import {
  NODE_OUTLINES,
  type FlowGraph,
  type GraphGroup,
  type GraphNode,
  type NodeOutline,
} from "../model.js";
import type { RunPath } from "../overlay.js";
import { escapeHtml } from "./escape.js";
import { groupLabelWidth, layoutGraph, nodeLook, type Box, type NodeLook, type Point } from "./layout.js";

/** A run as one flow's drawing shows it. */
export interface Overlay {
  readonly path: RunPath;
  /** Trace positions where the run failed. */
  readonly failed: ReadonlySet<number>;
}

/** One flow's `<section>`: its heading and its graph as a static SVG, with `overlay` highlighted. */
export function renderSection(graph: FlowGraph, f: number, overlay: Overlay | undefined): string {
  const heading = `<h2>${escapeHtml(graph.flow)}</h2>`;
  if (graph.nodes.length === 0)
    return `<section class="flow" data-flow="${f}">${heading}<p>This flow has no states.</p></section>`;
  const looks = new Map(graph.nodes.map((n) => [n.id, nodeLook(n)]));
  const layout = layoutGraph(graph, looks);
  const bounds = new Bounds();
  const prefix = `zf${f}`;

  const groupParts = graph.groups.flatMap((group) => {
    const box = layout.groups.get(group.id);
    return box ? [renderGroup(group, box, bounds)] : [];
  });
  const edgeParts: string[] = [];
  const labelParts: string[] = [];
  graph.edges.forEach((edge, i) => {
    const { points, label } = layout.edges[i]!;
    const taken = overlay?.path.takenEdges.has(i) ?? false;
    const classes = `edge ${edge.kind}${taken ? " taken" : ""}`;
    const marker = taken ? "taken" : edge.kind === "catch" ? "catch" : "plain";
    for (const p of points) bounds.add(p.x, p.y, 6);
    edgeParts.push(
      `<path class="${classes}" data-edge="${i}" data-from="${edge.from}" data-to="${edge.to}" d="${curve(points)}" marker-end="url(#${prefix}-${marker})"/>`,
    );
    if (label && edge.label !== undefined) {
      bounds.add(label.x, label.y, label.width / 2, label.height / 2);
      labelParts.push(
        `<g class="edge-label ${edge.kind}${taken ? " taken" : ""}" data-edge="${i}" transform="translate(${num(label.x)},${num(label.y)})">` +
          `<rect x="${num(-label.width / 2)}" y="${num(-label.height / 2)}" width="${num(label.width)}" height="${num(label.height)}" rx="3"/>` +
          `<text>${escapeHtml(edge.label)}</text></g>`,
      );
    }
  });
  const nodeParts = graph.nodes.map((node) =>
    renderNode(node, layout.nodes.get(node.id)!, looks.get(node.id)!, overlay, bounds),
  );

  const markers = (["plain", "catch", "taken"] as const)
    .map(
      (m) =>
        `<marker id="${prefix}-${m}" class="arrow ${m}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z"/></marker>`,
    )
    .join("");
  const pad = 12;
  const x = bounds.minX - pad;
  const y = bounds.minY - pad;
  const width = Math.ceil(bounds.maxX - bounds.minX + 2 * pad);
  const height = Math.ceil(bounds.maxY - bounds.minY + 2 * pad);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph${overlay ? " has-run" : ""}" role="img" aria-label="${escapeHtml(`flow ${graph.flow}`)}" width="${width}" height="${height}" viewBox="${num(x)} ${num(y)} ${width} ${height}">\n` +
    `<defs>${markers}</defs>\n` +
    [...groupParts, ...edgeParts, ...labelParts, ...nodeParts].join("\n") +
    "\n</svg>";
  const note =
    overlay && overlay.path.unmatched.length > 0
      ? `<p class="note">${overlay.path.unmatched.length} trace step(s) name states this graph does not have (a run of another version of the flow?).</p>`
      : "";
  return `<section class="flow" data-flow="${f}">\n${heading}${note}\n${svg}\n</section>`;
}

function renderGroup(group: GraphGroup, box: Box, bounds: Bounds): string {
  // The label sits inside the bottom border: edges enter a group at the top, and none leave it.
  const width = Math.max(box.width, groupLabelWidth(group.label));
  const left = box.x - width / 2;
  const top = box.y - box.height / 2;
  bounds.add(box.x, box.y, width / 2, box.height / 2);
  return (
    `<g class="group" data-group="${group.id}">` +
    `<rect x="${num(left)}" y="${num(top)}" width="${num(width)}" height="${num(box.height)}" rx="8"/>` +
    `<text x="${num(box.x)}" y="${num(top + box.height - 9)}">${escapeHtml(group.label)}</text></g>`
  );
}

function renderNode(
  node: GraphNode,
  box: Box,
  look: NodeLook,
  overlay: Overlay | undefined,
  bounds: Bounds,
): string {
  const visits = overlay?.path.visits.get(node.id) ?? [];
  const classes = [
    "node",
    `type-${node.type.toLowerCase().replace(/[^a-z0-9]/g, "")}`,
    node.start ? "start" : "",
    node.unreachable ? "unreachable" : "",
    node.kind === "Missing" ? "missing" : "",
    visits.length > 0 ? "visited" : "",
    visits.some((p) => overlay?.failed.has(p)) ? "failed" : "",
  ].filter((c) => c !== "");
  const w = box.width;
  const h = box.height;
  bounds.add(box.x, box.y, w / 2, h / 2);
  const rect = (inset: number, rx: number, extra = "") =>
    `<rect class="shape${extra}" x="${num(-w / 2 + inset)}" y="${num(-h / 2 + inset)}" width="${num(w - 2 * inset)}" height="${num(h - 2 * inset)}" rx="${num(rx)}"/>`;
  const outline = NODE_OUTLINES[node.kind];
  const shapes: Record<NodeOutline, () => string> = {
    diamond: () =>
      `<polygon class="shape" points="0,${num(-h / 2)} ${num(w / 2)},0 0,${num(h / 2)} ${num(-w / 2)},0"/>`,
    pill: () => rect(0, h / 2),
    "double-box": () => rect(0, 6) + rect(3.5, 4, " inner"),
    box: () => rect(0, 6),
  };
  const shape = shapes[outline]();
  const text = look.sub
    ? `<text class="name" y="-8">${escapeHtml(node.name)}</text><text class="sub" y="9">${escapeHtml(look.sub)}</text>`
    : `<text class="name">${escapeHtml(node.name)}</text>`;
  let badge = "";
  if (visits.length > 1) {
    const cx = outline === "diamond" ? w / 4 + 8 : w / 2 - 4;
    const cy = outline === "diamond" ? -h / 4 - 8 : -h / 2 + 2;
    bounds.add(box.x + cx, box.y + cy, 11, 11);
    badge = `<g class="badge" transform="translate(${num(cx)},${num(cy)})"><circle r="10"/><text>×${visits.length}</text></g>`;
  }
  const tip = [node.name, node.type, node.detail].filter((p) => p !== undefined).join(" · ");
  return (
    `<g class="${classes.join(" ")}" data-state="${node.id}" tabindex="0" role="button" transform="translate(${num(box.x)},${num(box.y)})">` +
    `<title>${escapeHtml(tip)}</title>${shape}${text}${badge}</g>`
  );
}

/**
 * A smooth path through dagre's points (a uniform cubic B-spline, as d3's curveBasis and dagre-d3 draw them),
 * starting and ending exactly at the first and last point.
 */
function curve(points: readonly Point[]): string {
  const p = points;
  if (p.length === 0) return "";
  const first = p[0]!;
  let d = `M${num(first.x)},${num(first.y)}`;
  if (p.length === 2) return `${d}L${num(p[1]!.x)},${num(p[1]!.y)}`;
  if (p.length < 2) return d;
  const second = p[1]!;
  d += `L${num((5 * first.x + second.x) / 6)},${num((5 * first.y + second.y) / 6)}`;
  const segment = (p0: Point, p1: Point, q: Point) =>
    `C${num((2 * p0.x + p1.x) / 3)},${num((2 * p0.y + p1.y) / 3)} ${num((p0.x + 2 * p1.x) / 3)},${num(
      (p0.y + 2 * p1.y) / 3,
    )} ${num((p0.x + 4 * p1.x + q.x) / 6)},${num((p0.y + 4 * p1.y + q.y) / 6)}`;
  for (let i = 2; i < p.length; i++) d += segment(p[i - 2]!, p[i - 1]!, p[i]!);
  const last = p[p.length - 1]!;
  d += segment(p[p.length - 2]!, last, last);
  return `${d}L${num(last.x)},${num(last.y)}`;
}

/** What the drawing covers so far, for the SVG's size and viewBox. */
class Bounds {
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;
  add(x: number, y: number, halfWidth: number, halfHeight = halfWidth): void {
    this.minX = Math.min(this.minX, x - halfWidth);
    this.maxX = Math.max(this.maxX, x + halfWidth);
    this.minY = Math.min(this.minY, y - halfHeight);
    this.maxY = Math.max(this.maxY, y + halfHeight);
  }
}

/** One decimal is finer than a pixel and keeps the page small. */
function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
