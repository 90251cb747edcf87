import { createHash } from "node:crypto";
import type { FlowGraph } from "../model.js";
import { overlayFor, type TraceStep } from "../overlay.js";
import { browserScript } from "./browser-script.js";
import { escapeHtml } from "./escape.js";
import type { PageGraph, PageRun, PageTraceEntry } from "./page-data.js";
import { STYLE } from "./style.js";
import { renderSection, type Overlay } from "./svg.js";

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
  /**
   * Page title.
   * @default the drawn flows' names, joined by ", " ("zisflow" when there are none)
   */
  readonly title?: string | undefined;
  /**
   * A run to lay over the graph: a `zisflow run --json` result (its `flow` names the graph it belongs to).
   * @default undefined (no run: the flows alone)
   */
  readonly run?:
    | {
        readonly flow: string;
        readonly status: string;
        readonly trace: readonly TraceEntryLike[];
      }
    | undefined;
}

const LEGEND =
  "Diamond: Choice · double border: Map, its iterator drawn as a group · pill: Succeed or Fail · " +
  "thick border: the start state · grey dashed: unreachable. Edges: dashed Default, dotted red Catch, " +
  "bold into a Map's iterator.";

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
      const data: PageRun = {
        flow: run.flow,
        flowIndex: f,
        status: run.status,
        visits: Object.fromEntries(path.visits),
        failed: [...overlay.failed],
        trace: run.trace.map(traceData),
      };
      runJson = scriptJson(data);
    }
    sections.push(renderSection(graph, f, overlay));
  });

  const graphJson = scriptJson(graphs.map(graphData));
  const script = browserScript();
  // Hashes rather than 'unsafe-inline': the policy also proves the page loads nothing from anywhere.
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(script)}'`,
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
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
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
function traceData(entry: TraceEntryLike): PageTraceEntry {
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

function graphData(graph: FlowGraph): PageGraph {
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
function scriptJson(value: PageRun | readonly PageGraph[]): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}
