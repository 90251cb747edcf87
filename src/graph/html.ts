import { createHash } from "node:crypto";
import dagre from "@dagrejs/dagre";
import type { FlowGraph, GraphEdge, GraphGroup, GraphNode } from "./model.js";
import { overlayFor, type RunPath, type TraceStep } from "./overlay.js";

/**
 * What the page shows of one state execution. The interpreter's `TraceEntry`, and each entry of a
 * `zisflow run --json` result's `trace`, fit; every field beyond `TraceStep` is optional so trimmed traces do too.
 */
export interface TraceEntryLike extends TraceStep {
  readonly type?: string | undefined;
  /** Indexes of the Map iterations the state ran in, outermost first. */
  readonly iteration?: readonly number[] | undefined;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly requests?: readonly unknown[] | undefined;
  /** Seconds waited before each retry. */
  readonly retries?: readonly number[] | undefined;
  readonly error?: { readonly Error: string; readonly Cause: string } | undefined;
  readonly log?: string | undefined;
}

export interface HtmlOptions {
  /** Page title. @default the flow names */
  readonly title?: string | undefined;
  /** A run to lay over the graph: a `zisflow run --json` result (its `flow` names the graph it belongs to). */
  readonly run?:
    | {
        readonly flow: string;
        readonly status: string;
        readonly trace: readonly TraceEntryLike[];
      }
    | undefined;
}

/**
 * One self-contained HTML page: each flow as a static SVG laid out here with dagre (so viewing needs no
 * network and no layout script), a run optionally laid over its flow, and a side panel a click fills with the
 * state's executions. The same input gives the same bytes.
 */
export function renderHtml(graphs: readonly FlowGraph[], options: HtmlOptions = {}): string {
  const run = options.run;
  // A GraphError (unknown_flow) when the run is of a flow not drawn.
  const runOverlay = overlayFor(graphs, run);
  const title = options.title ?? (graphs.map((g) => g.flow).join(", ") || "zisflow");

  const sections: string[] = [];
  let runJson = "";
  graphs.forEach((graph, f) => {
    let overlay: Overlay | undefined;
    if (run && runOverlay?.graph === graph) {
      const path = runOverlay.path;
      overlay = { path, failed: failedPositions(run) };
      runJson = scriptJson({
        flow: run.flow,
        flowIndex: f,
        status: run.status,
        visits: Object.fromEntries(path.visits),
        failed: [...overlay.failed],
        trace: run.trace.map(traceJson),
      });
    }
    sections.push(renderSection(graph, f, overlay));
  });

  const graphJson = scriptJson(graphs.map(graphData));
  // Hashes rather than 'unsafe-inline': the policy also proves the page loads nothing from anywhere.
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(SCRIPT)}'`,
    "img-src data:",
  ].join("; ");
  const summary = run
    ? `<p class="summary">Run of <strong>${escapeHtml(run.flow)}</strong>: <span class="status ${
        run.status === "failed" ? "failed" : "succeeded"
      }">${escapeHtml(run.status)}</span>, ${run.trace.length} state execution${run.trace.length === 1 ? "" : "s"}. Highlighted: the states it visited and the transitions it took.</p>`
    : "";
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    '<main id="zf-main">',
    `<header><h1>${escapeHtml(title)}</h1>${summary}<p class="legend">${LEGEND}</p></header>`,
    ...sections,
    "</main>",
    '<aside id="zf-panel" aria-live="polite"><p class="hint">Click a state to see its details.</p></aside>',
    `<script type="application/json" id="zisflow-graph">${graphJson}</script>`,
    ...(runJson ? [`<script type="application/json" id="zisflow-run">${runJson}</script>`] : []),
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

interface Overlay {
  readonly path: RunPath;
  /** Trace positions where the run failed. */
  readonly failed: ReadonlySet<number>;
}

/**
 * Where a failed run failed: states that raised an error no Catch handled, or, when the flow ended in a Fail
 * state (whose trace entry carries no error), that state.
 */
function failedPositions(run: NonNullable<HtmlOptions["run"]>): Set<number> {
  const failed = new Set<number>();
  if (run.status !== "failed") return failed;
  run.trace.forEach((entry, i) => {
    if (entry.error !== undefined && entry.caughtBy === undefined) failed.add(i);
  });
  const last = run.trace.length - 1;
  if (run.trace[last]?.type === "Fail") failed.add(last);
  return failed;
}

/** The fields the panel shows, in a fixed order (so the page does not depend on the trace's key order). */
function traceJson(entry: TraceEntryLike): Record<string, unknown> {
  return {
    state: entry.state,
    type: entry.type,
    scope: entry.scope ?? [],
    iteration: entry.iteration ?? [],
    input: entry.input,
    output: entry.output,
    next: entry.next,
    choice: entry.choice,
    requests: entry.requests ?? [],
    retries: entry.retries ?? [],
    error: entry.error,
    caughtBy: entry.caughtBy,
    log: entry.log,
  };
}

function graphData(graph: FlowGraph): Record<string, unknown> {
  return {
    flow: graph.flow,
    nodes: Object.fromEntries(
      graph.nodes.map((n) => [
        n.id,
        {
          name: n.name,
          type: n.type,
          detail: n.detail,
          scope: n.scope,
          start: n.start,
          end: n.end,
          unreachable: n.unreachable,
        },
      ]),
    ),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label })),
  };
}

/** JSON for a `<script type="application/json">`: `<` escaped, so no `</script>` or `<!--` in data can end it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

// ---------------------------------------------------------------------------------------------------------
// Layout

interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box by its centre, as dagre gives them. */
interface Box extends Point {
  readonly width: number;
  readonly height: number;
}

interface NodeLook {
  readonly width: number;
  readonly height: number;
  readonly sub: string | undefined;
}

interface Layout {
  readonly nodes: ReadonlyMap<string, Box>;
  readonly groups: ReadonlyMap<string, Box>;
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

/** The small second line: the state's type where its shape does not show it, and its detail. */
function subtitle(node: GraphNode): string | undefined {
  if (node.type === "Missing") return node.detail;
  const shown = node.type === "Choice" || node.type === "Succeed" || node.type === "Fail";
  const parts = [shown ? undefined : node.type, node.detail].filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

function nodeLook(node: GraphNode): NodeLook {
  const sub = subtitle(node);
  const text = Math.max(textWidth(node.name, NAME_SIZE, true), sub ? textWidth(sub, SUB_SIZE) : 0);
  const lines = sub ? 2 : 1;
  if (node.type === "Choice") {
    // A diamond holds a text box of half-size (tw, th) when tw/a + th/b ≤ 1 (a, b: its half-diagonals).
    const height = lines === 2 ? 76 : 58;
    const a = text / 2 / (1 - (lines * 8) / (height / 2)) + 10;
    return { width: Math.ceil(2 * a), height, sub };
  }
  const height = lines === 2 ? 48 : 36;
  const pill = node.type === "Succeed" || node.type === "Fail";
  return { width: Math.ceil(Math.max(80, text + (pill ? height : 24))), height, sub };
}

function layoutGraph(graph: FlowGraph, looks: ReadonlyMap<string, NodeLook>): Layout {
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
  const shaped = (id: string) => {
    const type = graph.nodes.find((n) => n.id === id)?.type;
    return type === "Choice" || type === "Succeed" || type === "Fail" ? type : undefined;
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
function outline(type: "Choice" | "Succeed" | "Fail", box: Box, toward: Point): Point {
  const dx = toward.x - box.x;
  const dy = toward.y - box.y;
  if (dx === 0 && dy === 0) return toward;
  const a = box.width / 2;
  const b = box.height / 2;
  let t: number;
  if (type === "Choice") t = 1 / (Math.abs(dx) / a + Math.abs(dy) / b);
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

// ---------------------------------------------------------------------------------------------------------
// SVG

function renderSection(graph: FlowGraph, f: number, overlay: Overlay | undefined): string {
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
  const labelWidth = textWidth(group.label, GROUP_LABEL_SIZE, true) + 16;
  const width = Math.max(box.width, labelWidth);
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
    node.type === "Missing" ? "missing" : "",
    visits.length > 0 ? "visited" : "",
    visits.some((p) => overlay?.failed.has(p)) ? "failed" : "",
  ].filter((c) => c !== "");
  const w = box.width;
  const h = box.height;
  bounds.add(box.x, box.y, w / 2, h / 2);
  const rect = (inset: number, rx: number, extra = "") =>
    `<rect class="shape${extra}" x="${num(-w / 2 + inset)}" y="${num(-h / 2 + inset)}" width="${num(w - 2 * inset)}" height="${num(h - 2 * inset)}" rx="${num(rx)}"/>`;
  let shape: string;
  if (node.type === "Choice")
    shape = `<polygon class="shape" points="0,${num(-h / 2)} ${num(w / 2)},0 0,${num(h / 2)} ${num(-w / 2)},0"/>`;
  else if (node.type === "Succeed" || node.type === "Fail") shape = rect(0, h / 2);
  else if (node.type === "Map") shape = rect(0, 6) + rect(3.5, 4, " inner");
  else shape = rect(0, 6);
  const text = look.sub
    ? `<text class="name" y="-8">${escapeHtml(node.name)}</text><text class="sub" y="9">${escapeHtml(look.sub)}</text>`
    : `<text class="name">${escapeHtml(node.name)}</text>`;
  let badge = "";
  if (visits.length > 1) {
    const cx = node.type === "Choice" ? w / 4 + 8 : w / 2 - 4;
    const cy = node.type === "Choice" ? -h / 4 - 8 : -h / 2 + 2;
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

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Page assets

const LEGEND =
  "Diamond: Choice · double border: Map, its iterator drawn as a group · pill: Succeed or Fail · " +
  "thick border: the start state · grey dashed: unreachable. Edges: dashed Default, dotted red Catch, " +
  "bold into a Map's iterator.";

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:grid;grid-template-columns:minmax(0,1fr) 400px;font:13px/1.4 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#263238;background:#fafbfc}
#zf-main{overflow:auto;padding:16px 24px}
header h1{font-size:18px;margin:0 0 4px}
.summary,.legend,.note{margin:2px 0;color:#546e7a}
.legend{font-size:12px}
.note{color:#c62828}
.status{font-weight:700}.status.succeeded{color:#2e7d32}.status.failed{color:#c62828}
section.flow{margin-top:16px}
section.flow h2{font-size:15px;margin:0 0 8px}
svg.graph{display:block;background:#fff;border:1px solid #e0e6ea;border-radius:6px;font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
svg text{text-anchor:middle;dominant-baseline:central}
.group rect{fill:#f3f6f8;stroke:#90a4ae;stroke-dasharray:5 4}
.group text{font-size:11px;font-weight:600;fill:#607d8b}
.edge{fill:none;stroke:#90a4ae;stroke-width:1.5}
.edge.default{stroke-dasharray:7 4}
.edge.catch{stroke:#e57373;stroke-width:2;stroke-dasharray:0.1 4;stroke-linecap:round}
.edge.iterator{stroke:#78909c;stroke-width:3}
.edge.taken{stroke:#1565c0;stroke-width:3}
.edge.taken.iterator{stroke-width:4}
.arrow.plain path{fill:#90a4ae}.arrow.catch path{fill:#e57373}.arrow.taken path{fill:#1565c0}
.edge-label rect{fill:#fff;fill-opacity:.92}
.edge-label text{font-size:11px;fill:#546e7a}
.edge-label.catch text{fill:#c62828}
.edge-label.taken text{fill:#0d47a1;font-weight:600}
.node{cursor:pointer;outline:none}
.node .shape{fill:#fff;stroke:#607d8b;stroke-width:1.5}
.node .shape.inner{fill:none}
.node.type-choice .shape{fill:#fffbea}
.node.type-succeed .shape{stroke:#2e7d32}
.node.type-fail .shape{stroke:#c62828}
.node.start .shape{stroke-width:3}
.node.unreachable .shape{fill:#f1f1f1;stroke:#9e9e9e;stroke-dasharray:5 3}
.node.unreachable text{fill:#757575}
.node.missing .shape{fill:#ffebee;stroke:#c62828}
.node .name{font-size:12px;font-weight:600;fill:#263238}
.node .sub{font-size:11px;fill:#607d8b}
.node.missing text{fill:#c62828}
svg.has-run .node:not(.visited),svg.has-run .edge:not(.taken),svg.has-run .edge-label:not(.taken){opacity:.45}
.node.visited .shape{fill:#e3f2fd;stroke:#1565c0}
.node.failed .shape{fill:#ffebee;stroke:#c62828}
.node.selected .shape,.node:focus-visible .shape{stroke:#ef6c00;stroke-width:3}
.badge circle{fill:#1565c0;stroke:#fff;stroke-width:1.5}
.badge text{font-size:10px;font-weight:700;fill:#fff}
#zf-panel{overflow:auto;padding:16px;border-left:1px solid #e0e6ea;background:#fff}
#zf-panel h2{font-size:16px;margin:0 0 4px;word-break:break-word}
#zf-panel h3{font-size:13px;margin:16px 0 4px;padding-top:8px;border-top:1px solid #eceff1}
#zf-panel p{margin:4px 0}
#zf-panel .hint,#zf-panel .meta{color:#607d8b}
#zf-panel .error{color:#c62828}
#zf-panel summary{cursor:pointer;font-weight:600;margin-top:6px}
#zf-panel pre{margin:4px 0;padding:8px;background:#f6f8fa;border-radius:4px;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-word;overflow:auto}
#zf-panel .input pre{max-height:360px}
`;

/** Fills the side panel from the embedded JSON, with DOM text nodes only (data never becomes markup). */
const SCRIPT = `
(function () {
  "use strict";
  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var graphs = read("zisflow-graph") || [];
  var run = read("zisflow-run");
  var panel = document.getElementById("zf-panel");
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function pretty(value) {
    return value === undefined ? "(none)" : JSON.stringify(value, null, 2);
  }
  function block(title, cls, value, open) {
    var d = el("details", cls);
    d.open = open !== false;
    d.append(el("summary", "", title), el("pre", "", pretty(value)));
    return d;
  }
  function isRecord(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }
  /** The top-level keys whose value the state changed (where its ResultPath wrote), or null. */
  function changes(input, output) {
    if (!isRecord(input) || !isRecord(output)) return null;
    var out = {};
    var keys = Object.keys(output).filter(function (k) {
      return JSON.stringify(output[k]) !== JSON.stringify(input[k]);
    });
    keys.forEach(function (k) { out[k] = output[k]; });
    return keys.length ? out : null;
  }
  function nameOf(graph, id) {
    var n = graph.nodes[id];
    return n ? n.name : id;
  }
  function transitions(graph, id) {
    var out = graph.edges.filter(function (e) { return e.from === id; });
    if (!out.length) return;
    panel.append(el("h3", "", "Transitions"));
    var ul = el("ul");
    out.forEach(function (e) {
      ul.append(el("li", "", (e.label ? e.label + " → " : "→ ") + nameOf(graph, e.to)));
    });
    panel.append(ul);
  }
  function visit(entry, k, count) {
    var title = "Visit " + (k + 1) + " of " + count;
    if (entry.iteration && entry.iteration.length) title += " · iteration " + entry.iteration.join(".");
    panel.append(el("h3", "visit", title));
    if (entry.choice !== undefined)
      panel.append(el("p", "", entry.choice === "default" ? "No rule matched: Default." : "Rule " + entry.choice + " matched."));
    panel.append(el("p", "", entry.next !== undefined ? "Next: " + entry.next : "Ended here."));
    if (entry.retries && entry.retries.length)
      panel.append(el("p", "", "Retried " + entry.retries.length + " time(s), waiting " + entry.retries.join(" s, ") + " s."));
    if (entry.error)
      panel.append(el("p", "error", "Error " + entry.error.Error + ": " + entry.error.Cause +
        (entry.caughtBy !== undefined ? " (caught by Catch " + entry.caughtBy + ")" : " (not caught)")));
    if (entry.log) panel.append(el("p", "", "Log: " + entry.log));
    (entry.requests || []).forEach(function (r, i) {
      panel.append(block("Request " + (i + 1) + (r && r.method ? ": " + r.method + " " + r.url : ""), "request", r));
    });
    var changed = changes(entry.input, entry.output);
    if (changed) panel.append(block("Changed by this state", "changed", changed));
    panel.append(block("Input", "input", entry.input, false));
    panel.append(block("Output", "output", entry.output));
  }
  function show(flow, id, node) {
    var graph = graphs[flow];
    var state = graph && graph.nodes[id];
    if (!state) return;
    document.querySelectorAll(".node.selected").forEach(function (n) { n.classList.remove("selected"); });
    node.classList.add("selected");
    panel.replaceChildren();
    panel.append(el("h2", "", state.name));
    panel.append(el("p", "meta", [state.type, state.detail].filter(Boolean).join(" · ")));
    if (state.scope.length) panel.append(el("p", "meta", "In the iterator of " + state.scope.join(" › ")));
    var flags = [state.start && "start state", state.end && "ends its state machine", state.unreachable && "unreachable"].filter(Boolean);
    if (flags.length) panel.append(el("p", "meta", flags.join(" · ")));
    if (!run || run.flowIndex !== flow) return transitions(graph, id);
    var visits = run.visits[id] || [];
    if (!visits.length) panel.append(el("p", "", "Not visited in this run."));
    visits.forEach(function (position, k) { visit(run.trace[position], k, visits.length); });
  }
  function activate(event) {
    var target = event.target instanceof Element ? event.target.closest(".node[data-state]") : null;
    var section = target && target.closest("[data-flow]");
    if (!section) return;
    event.preventDefault();
    show(Number(section.getAttribute("data-flow")), target.getAttribute("data-state"), target);
  }
  document.addEventListener("click", activate);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") activate(event);
  });
})();
`;
