/**
 * The graph page's script: a click on a state (or Enter or Space on it) fills the side panel from the page's
 * embedded JSON, with DOM text nodes only, so data never becomes markup. Runs in the browser, as an IIFE that
 * esbuild bundles from this file (../browser-script.ts); the import is of types only.
 */
import type { PageGraph, PageRun, PageTraceEntry } from "../page-data.js";

/** The page's own JSON, which page.ts writes to the types of page-data.ts. */
function read<T>(id: string): T | undefined {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : undefined;
}

const graphs = read<PageGraph[]>("zisflow-graph") ?? [];
const run = read<PageRun>("zisflow-run");

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls = "",
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (cls) element.className = cls;
  if (text !== undefined) element.textContent = text;
  return element;
}

function pretty(value: unknown): string {
  return value === undefined ? "(none)" : JSON.stringify(value, null, 2);
}

function block(title: string, cls: string, value: unknown, open = true): HTMLDetailsElement {
  const details = el("details", cls);
  details.open = open;
  details.append(el("summary", "", title), el("pre", "", pretty(value)));
  return details;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The top-level keys whose value the state changed (where its ResultPath wrote), if any. */
function changes(input: unknown, output: unknown): Record<string, unknown> | undefined {
  if (!isRecord(input) || !isRecord(output)) return undefined;
  const keys = Object.keys(output).filter((k) => JSON.stringify(output[k]) !== JSON.stringify(input[k]));
  return keys.length ? Object.fromEntries(keys.map((k) => [k, output[k]])) : undefined;
}

function transitions(graph: PageGraph, id: string): HTMLElement[] {
  const out = graph.edges.filter((e) => e.from === id);
  if (!out.length) return [];
  const list = el("ul");
  for (const edge of out)
    list.append(
      el("li", "", `${edge.label ? `${edge.label} → ` : "→ "}${graph.nodes[edge.to]?.name ?? edge.to}`),
    );
  return [el("h3", "", "Transitions"), list];
}

/** A request's summary line: its method and URL, when it has a method. */
function requestLine(request: unknown): string {
  return isRecord(request) && request["method"]
    ? `: ${String(request["method"])} ${String(request["url"])}`
    : "";
}

function visit(entry: PageTraceEntry, k: number, count: number): HTMLElement[] {
  let title = `Visit ${k + 1} of ${count}`;
  if (entry.iteration.length) title += ` · iteration ${entry.iteration.join(".")}`;
  const parts: HTMLElement[] = [el("h3", "visit", title)];
  if (entry.choice !== undefined)
    parts.push(
      el("p", "", entry.choice === "default" ? "No rule matched: Default." : `Rule ${entry.choice} matched.`),
    );
  parts.push(el("p", "", entry.next !== undefined ? `Next: ${entry.next}` : "Ended here."));
  if (entry.retries.length)
    parts.push(
      el("p", "", `Retried ${entry.retries.length} time(s), waiting ${entry.retries.join(" s, ")} s.`),
    );
  if (entry.error) {
    const caught = entry.caughtBy !== undefined ? ` (caught by Catch ${entry.caughtBy})` : " (not caught)";
    parts.push(el("p", "error", `Error ${entry.error.Error}: ${entry.error.Cause}${caught}`));
  }
  if (entry.log) parts.push(el("p", "", `Log: ${entry.log}`));
  entry.requests.forEach((request, i) => {
    parts.push(block(`Request ${i + 1}${requestLine(request)}`, "request", request));
  });
  const changed = changes(entry.input, entry.output);
  if (changed) parts.push(block("Changed by this state", "changed", changed));
  parts.push(block("Input", "input", entry.input, false), block("Output", "output", entry.output));
  return parts;
}

/** The panel's content for a state of the page's `flow`-th flow; undefined when there is no such state. */
function stateDetails(flow: number, id: string): HTMLElement[] | undefined {
  const graph = graphs[flow];
  const state = graph?.nodes[id];
  if (!graph || !state) return undefined;
  const parts: HTMLElement[] = [
    el("h2", "", state.name),
    el("p", "meta", [state.type, state.detail].filter(Boolean).join(" · ")),
  ];
  if (state.scope.length) parts.push(el("p", "meta", `In the iterator of ${state.scope.join(" › ")}`));
  const flags = [
    state.start ? "start state" : "",
    state.end ? "ends its state machine" : "",
    state.unreachable ? "unreachable" : "",
  ].filter(Boolean);
  if (flags.length) parts.push(el("p", "meta", flags.join(" · ")));
  if (!run || run.flowIndex !== flow) return [...parts, ...transitions(graph, id)];
  const visits = run.visits[id] ?? [];
  if (!visits.length) parts.push(el("p", "", "Not visited in this run."));
  visits.forEach((position, k) => {
    const entry = run.trace[position];
    if (entry) parts.push(...visit(entry, k, visits.length));
  });
  return parts;
}

function listen(panel: HTMLElement): void {
  const activate = (event: Event): void => {
    const node = event.target instanceof Element ? event.target.closest(".node[data-state]") : null;
    const section = node?.closest("[data-flow]");
    if (!node || !section) return;
    event.preventDefault();
    const content = stateDetails(
      Number(section.getAttribute("data-flow")),
      node.getAttribute("data-state") ?? "",
    );
    if (!content) return;
    document.querySelectorAll(".node.selected").forEach((n) => n.classList.remove("selected"));
    node.classList.add("selected");
    panel.replaceChildren(...content);
  };
  document.addEventListener("click", activate);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") activate(event);
  });
}

const panel = document.getElementById("zf-panel");
if (panel) listen(panel);
