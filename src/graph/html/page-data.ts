/**
 * The JSON the graph page embeds in its `<script type="application/json">` elements: written by page.ts, read
 * by the browser script (browser/panel.ts). A property that is `undefined` is absent from the JSON. Imports
 * nothing, so the browser script's type check takes in this file alone.
 */

/** `#zisflow-graph` holds one per flow, in the page's order. */
export interface PageGraph {
  readonly flow: string;
  /** By node id. */
  readonly nodes: Readonly<Record<string, PageNode>>;
  readonly edges: readonly PageEdge[];
}

export interface PageNode {
  readonly name: string;
  readonly type: string;
  readonly detail?: string | undefined;
  /** Names of the Map states whose Iterator holds the state, outermost first. */
  readonly scope: readonly string[];
  readonly start: boolean;
  readonly end: boolean;
  readonly unreachable: boolean;
}

export interface PageEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly label?: string | undefined;
}

/** `#zisflow-run`, present when a run is laid over one of the flows. */
export interface PageRun {
  readonly flow: string;
  /** Which of the page's flows the run is of. */
  readonly flowIndex: number;
  readonly status: string;
  /** Trace positions of each node's executions, by node id. */
  readonly visits: Readonly<Record<string, readonly number[]>>;
  /** Trace positions where the run failed. */
  readonly failed: readonly number[];
  readonly trace: readonly PageTraceEntry[];
}

/** One state execution, as the side panel shows it. */
export interface PageTraceEntry {
  readonly state: string;
  readonly type?: string | undefined;
  readonly scope: readonly string[];
  /** Indexes of the Map iterations the state ran in, outermost first. */
  readonly iteration: readonly number[];
  readonly input?: unknown;
  readonly output?: unknown;
  readonly next?: string | undefined;
  readonly choice?: number | "default" | undefined;
  readonly requests: readonly unknown[];
  /** Seconds waited before each retry. */
  readonly retries: readonly number[];
  readonly error?: { readonly Error: string; readonly Cause: string } | undefined;
  readonly caughtBy?: number | undefined;
  readonly log?: string | undefined;
}
