import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/graph/html.js";
import { GraphError } from "../../src/graph/overlay.js";
import { flowGraphs, type FlowGraph } from "../../src/graph/model.js";
import { runFlow, type RunResult } from "../../src/interpreter/run.js";
import { ZisStore } from "../../src/interpreter/stores.js";
import { commentAddedInput, slackMock } from "../support/links-flow.js";
import { ROOT } from "../support/shared.js";

const bundle: unknown = JSON.parse(
  readFileSync(path.join(ROOT, "dist-bundles/ticket_slack_links.json"), "utf8"),
);

/** The classes of each node, by state name. */
function nodeClasses(html: string, graph: FlowGraph): Map<string, string[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const classes = new Map<string, string[]>();
  for (const m of html.matchAll(/<g class="([^"]*)" data-state="([^"]+)"/g))
    classes.set(byId.get(m[2]!)!, m[1]!.split(" "));
  return classes;
}

const withClass = (classes: Map<string, string[]>, cls: string) =>
  [...classes].filter(([, c]) => c.includes(cls)).map(([name]) => name);

/** The edges (as `from→to` state names) whose path has class `cls`. */
function edgesWithClass(html: string, graph: FlowGraph, cls: string): string[] {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)!.name;
  return [...html.matchAll(/<path class="([^"]*)" data-edge="(\d+)"/g)]
    .filter((m) => m[1]!.split(" ").includes(cls))
    .map((m) => {
      const edge = graph.edges[Number(m[2])]!;
      return `${name(edge.from)}→${name(edge.to)}`;
    });
}

function embeddedJson(html: string, id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">(.*?)</script>`, "s").exec(html);
  return m ? JSON.parse(m[1]!) : undefined;
}

interface Rect {
  readonly what: string;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Node and edge-label boxes, read back from the SVG. */
function boxes(html: string): Rect[] {
  const rects: Rect[] = [];
  const box = (what: string, x: number, y: number, w: number, h: number) =>
    rects.push({ what, left: x - w / 2, top: y - h / 2, right: x + w / 2, bottom: y + h / 2 });
  for (const m of html.matchAll(
    /<g class="node[^"]*" data-state="(\w+)"[^>]*translate\(([-\d.]+),([-\d.]+)\)"><title>.*?<\/title><(rect|polygon)([^>]*)>/g,
  )) {
    const attrs = m[5]!;
    const [x, y] = [Number(m[2]), Number(m[3])];
    if (m[4] === "rect") {
      const w = Number(/width="([\d.]+)"/.exec(attrs)![1]);
      const h = Number(/height="([\d.]+)"/.exec(attrs)![1]);
      box(m[1]!, x, y, w, h);
    } else {
      const [top, right] = /points="([^"]+)"/.exec(attrs)![1]!.split(" ");
      box(m[1]!, x, y, 2 * Number(right!.split(",")[0]), -2 * Number(top!.split(",")[1]));
    }
  }
  for (const m of html.matchAll(
    /<g class="edge-label[^"]*" data-edge="(\d+)" transform="translate\(([-\d.]+),([-\d.]+)\)"><rect x="[-\d.]+" y="[-\d.]+" width="([\d.]+)" height="([\d.]+)"/g,
  ))
    box(`edge ${m[1]}`, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return rects;
}

const overlaps = (a: Rect, b: Rect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe("renderHtml", () => {
  const graphs = flowGraphs(bundle);
  const graph = graphs[0]!;
  let newThread: RunResult;
  let failed: RunResult;
  let duplicates: RunResult;

  beforeAll(async () => {
    newThread = await runFlow(bundle, {
      input: commentAddedInput(1001, 1, "First!"),
      mocks: { http: slackMock() },
    });
    failed = await runFlow(bundle, {
      input: commentAddedInput(1001, 1, "Nobody hears this"),
      mocks: { http: [{ match: { action: "PostSlackMessage" }, response: { status: 503 } }] },
    });
    const store = new ZisStore(1, "slack_mirror");
    for (const ts of ["1700000000.000100", "1700000000.000200", "1700000000.000300"])
      store.links.create({
        link_type: "ticket_to_slack_thread",
        left_object: { name: "ticket_id:1001" },
        right_object: { name: `channel:C1/thread_ts:${ts}`, metadata: { thread_ts: ts, last_comment_id: 1 } },
      });
    duplicates = await runFlow(bundle, {
      input: commentAddedInput(1001, 5, "Again"),
      store,
      mocks: { http: slackMock() },
    });
  });

  it("draws every state once, with its shape, and the iterator as a group", () => {
    const html = renderHtml(graphs);
    const classes = nodeClasses(html, graph);
    expect([...classes.keys()]).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "StartSlackThread",
      "LinkTicketToThread",
      "KeepFirstLink",
      "RemoveDuplicateLinks",
      "ReplyInSlackThread",
      "RecordLastComment",
      "SlackPostFailed",
      "Finish",
      "DeleteDuplicateLink",
    ]);
    expect(html.match(/data-state="/g)).toHaveLength(11);
    expect(withClass(classes, "start")).toEqual(["LoadTicketLinks", "DeleteDuplicateLink"]); // + the iterator's
    expect(withClass(classes, "type-choice")).toEqual(["CheckLinkCount"]);
    expect(html).toMatch(/data-state="s1"[^>]*><title>[^<]*<\/title><polygon class="shape"/);
    // Map: a double border; Succeed and Fail: pills (corner radius half the height).
    expect(html).toMatch(
      /data-state="s5"[^>]*><title>[^<]*<\/title><rect class="shape"[^>]*\/><rect class="shape inner"/,
    );
    for (const id of ["s8", "s9"]) {
      const rect = new RegExp(
        `data-state="${id}"[^>]*><title>[^<]*</title><rect class="shape"[^>]*height="([\\d.]+)" rx="([\\d.]+)"`,
      ).exec(html)!;
      expect(Number(rect[2])).toBe(Number(rect[1]) / 2);
    }
    expect(html).toContain('<g class="group" data-group="g0">');
    expect(html).toContain(">RemoveDuplicateLinks iterator</text>");
    expect(edgesWithClass(html, graph, "default")).toEqual(["CheckLinkCount→KeepFirstLink"]);
    expect(edgesWithClass(html, graph, "catch")).toEqual([
      "StartSlackThread→SlackPostFailed",
      "ReplyInSlackThread→SlackPostFailed",
    ]);
    expect(edgesWithClass(html, graph, "iterator")).toEqual(["RemoveDuplicateLinks→DeleteDuplicateLink"]);
    expect(html).toContain(">link_results.count = 0</text>");
    expect(html).toContain(">catch States.ALL</text>");
  });

  it("lays nodes and edge labels out without overlaps", () => {
    const rects = boxes(renderHtml(graphs));
    expect(rects).toHaveLength(11 + 6); // 11 states; 3 choice labels, 2 catch labels, "each item"
    const clashes = rects.flatMap((a, i) =>
      rects.slice(i + 1).flatMap((b) => (overlaps(a, b) ? [`${a.what} × ${b.what}`] : [])),
    );
    expect(clashes).toEqual([]);
  });

  it("without a run: no overlay and no run data, but the states' details for the panel", () => {
    const html = renderHtml(graphs);
    expect(html).not.toMatch(/class="(node|edge)[^"]*\b(visited|taken|failed)\b/);
    expect(html).not.toContain('id="zisflow-run"');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="graph" ');
    expect(embeddedJson(html, "zisflow-graph")).toMatchObject([
      {
        flow: "SyncTicketCommentToSlack",
        nodes: { s3: { name: "LinkTicketToThread", type: "Action", detail: "CreateLink", scope: [] } },
      },
    ]);
    expect(html).toContain("<title>SyncTicketCommentToSlack</title>");
    expect(renderHtml(graphs, { title: "Links & threads" })).toContain("<title>Links &amp; threads</title>");
  });

  it("lays a run over its flow: the states it visited, the transitions it took", () => {
    expect(newThread.states).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "StartSlackThread",
      "LinkTicketToThread",
      "Finish",
    ]);
    const html = renderHtml(graphs, { run: newThread });
    const classes = nodeClasses(html, graph);
    expect(withClass(classes, "visited")).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "StartSlackThread",
      "LinkTicketToThread",
      "Finish",
    ]);
    expect(withClass(classes, "failed")).toEqual([]);
    expect(edgesWithClass(html, graph, "taken")).toEqual([
      "LoadTicketLinks→CheckLinkCount",
      "CheckLinkCount→StartSlackThread",
      "StartSlackThread→LinkTicketToThread",
      "LinkTicketToThread→Finish",
    ]);
    expect(html).toContain('class="graph has-run"');
    expect(html).not.toContain('class="badge"');
    // The chosen rule's label is highlighted with its edge.
    expect(html).toMatch(/<g class="edge-label choice taken"[^>]*>.*?>link_results.count = 0<\/text>/);
    expect(html).toContain('<span class="status succeeded">succeeded</span>, 5 state executions.');

    const run = embeddedJson(html, "zisflow-run") as {
      flow: string;
      flowIndex: number;
      status: string;
      visits: Record<string, number[]>;
      trace: {
        state: string;
        output: { link_response: { link: { link_type: string } } };
        requests: unknown[];
      }[];
    };
    expect(run.flow).toBe("SyncTicketCommentToSlack");
    expect(run.flowIndex).toBe(0);
    expect(run.status).toBe("succeeded");
    expect(run.visits).toEqual({ s0: [0], s1: [1], s2: [2], s3: [3], s9: [4] });
    expect(run.trace.map((t) => t.state)).toEqual(newThread.states);
    expect(run.trace[3]!.output.link_response.link.link_type).toBe("ticket_to_slack_thread");
    expect(run.trace[2]!.requests).toEqual([
      expect.objectContaining({ method: "POST", url: "https://slack.com/api/chat.postMessage" }),
    ]);
  });

  it("marks the state a failed run failed in, and the Catch it took", () => {
    expect(failed.status).toBe("failed");
    const html = renderHtml(graphs, { run: failed });
    const classes = nodeClasses(html, graph);
    expect(withClass(classes, "visited")).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "StartSlackThread",
      "SlackPostFailed",
    ]);
    expect(withClass(classes, "failed")).toEqual(["SlackPostFailed"]);
    expect(edgesWithClass(html, graph, "taken")).toEqual([
      "LoadTicketLinks→CheckLinkCount",
      "CheckLinkCount→StartSlackThread",
      "StartSlackThread→SlackPostFailed",
    ]);
    expect(html).toMatch(/<path class="edge catch taken"[^>]*marker-end="url\(#zf0-taken\)"/);
    expect(html).toContain('<span class="status failed">failed</span>');
    const run = embeddedJson(html, "zisflow-run") as {
      trace: { retries: number[]; error: unknown; caughtBy: number }[];
    };
    expect(run.trace[2]).toMatchObject({
      retries: [2, 4],
      error: { Error: "States.TaskFailed", Cause: "external action failed due to status code: 503" },
      caughtBy: 0,
    });
  });

  it("counts a state's visits in a badge, through the Map's iterator", () => {
    const html = renderHtml(graphs, { run: duplicates });
    const classes = nodeClasses(html, graph);
    expect(withClass(classes, "visited")).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "KeepFirstLink",
      "RemoveDuplicateLinks",
      "ReplyInSlackThread",
      "RecordLastComment",
      "Finish",
      "DeleteDuplicateLink",
    ]);
    expect(edgesWithClass(html, graph, "taken")).toEqual([
      "LoadTicketLinks→CheckLinkCount",
      "CheckLinkCount→KeepFirstLink",
      "KeepFirstLink→RemoveDuplicateLinks",
      "RemoveDuplicateLinks→DeleteDuplicateLink",
      "RemoveDuplicateLinks→ReplyInSlackThread",
      "ReplyInSlackThread→RecordLastComment",
      "RecordLastComment→Finish",
    ]);
    expect(html.match(/class="badge"/g)).toHaveLength(1);
    expect(html).toMatch(/data-state="s10"[^>]*>.*?<g class="badge"[^>]*><circle r="10"\/><text>×2<\/text>/);
    const run = embeddedJson(html, "zisflow-run") as {
      visits: Record<string, number[]>;
      trace: { iteration: number[] }[];
    };
    expect(run.visits.s10).toEqual([4, 5]);
    expect(run.trace.map((t) => t.iteration)).toEqual([[], [], [], [], [0], [1], [], [], []]);
  });

  it("is deterministic, and renders a `zisflow run --json` result like the run it came from", () => {
    const first = renderHtml(graphs, { run: newThread });
    expect(renderHtml(flowGraphs(bundle), { run: newThread })).toBe(first);
    const fromJson = JSON.parse(JSON.stringify(newThread)) as RunResult;
    expect(renderHtml(graphs, { run: fromJson })).toBe(first);
    expect(renderHtml(graphs)).toBe(renderHtml(graphs));
  });

  it("is self-contained: no external resources, and a policy that forbids loading any", () => {
    const html = renderHtml(graphs, { run: newThread });
    const markup = html.replace(/<script type="application\/json"[^>]*>.*?<\/script>/gs, "");
    expect(markup).not.toMatch(/\b(src|href)="(?!data:)/);
    expect(markup).not.toMatch(/@import|url\((?!#)/);
    expect(markup.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:/);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; img-src data:">/,
    );
    expect(html.match(/<script\b/g)).toHaveLength(3);
  });

  it("escapes state names, labels and run data", () => {
    const hostile = '<b>&"x"</b>';
    const hostileBundle = {
      name: "Hostile",
      zis_template_version: "2019-10-14",
      resources: {
        Flow: {
          type: "ZIS::Flow",
          properties: {
            name: "Flow <i>",
            definition: {
              StartAt: hostile,
              States: {
                [hostile]: { Type: "Pass", Next: "Check" },
                Check: {
                  Type: "Choice",
                  Choices: [{ Variable: "$.text", StringEquals: "</script><script>alert(1)", Next: "Done" }],
                  Default: "Done",
                },
                Done: { Type: "Succeed" },
              },
            },
          },
        },
      },
    };
    const hostileGraphs = flowGraphs(hostileBundle);
    const data = { text: "</script><script>alert(1)</script><!--" };
    const html = renderHtml(hostileGraphs, {
      run: {
        flow: "Flow <i>",
        status: "succeeded",
        trace: [
          { state: hostile, type: "Pass", input: data, output: data, next: "Check" },
          { state: "Check", type: "Choice", input: data, output: data, choice: "default", next: "Done" },
          { state: "Done", type: "Succeed", input: data, output: data },
        ],
      },
    });
    expect(html).not.toContain(hostile);
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<i>");
    expect(html).toContain(`<title>&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt; · Pass</title>`);
    expect(html).toContain(`<text class="name" y="-8">&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;</text>`);
    expect(html).toContain("<h2>Flow &lt;i&gt;</h2>");
    expect(html).toContain(`text = &quot;&lt;/script&gt;&lt;script&gt;alert(1)&quot;</text>`);
    // Only the page's own three scripts end: data cannot close them.
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html.match(/<script\b/g)).toHaveLength(3);
    const run = embeddedJson(html, "zisflow-run") as { trace: { state: string; input: unknown }[] };
    expect(run.trace[0]).toMatchObject({ state: hostile, input: data });
    const nodes = (embeddedJson(html, "zisflow-graph") as { nodes: Record<string, { name: string }> }[])[0]!;
    expect(nodes.nodes.s0!.name).toBe(hostile);
    const classes = nodeClasses(html, hostileGraphs[0]!);
    expect(withClass(classes, "visited")).toEqual([hostile, "Check", "Done"]);
  });

  it("rejects a run of a flow none of the graphs is", () => {
    let error: unknown;
    try {
      renderHtml(graphs, { run: { ...newThread, flow: "NoSuchFlow" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({
      name: "GraphError",
      code: "unknown_flow",
      message: expect.stringMatching(/"NoSuchFlow".*SyncTicketCommentToSlack/),
    });
    expect(() => renderHtml([], { run: { flow: "X", status: "succeeded", trace: [] } })).toThrow(
      /"X".*\(none\)/,
    );
  });
});
