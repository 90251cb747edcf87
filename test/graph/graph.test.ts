import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shortCondition } from "../../src/graph/conditions.js";
import { renderDot } from "../../src/graph/dot.js";
import { renderMermaid } from "../../src/graph/mermaid.js";
import { flowGraphs, type FlowGraph } from "../../src/graph/model.js";
import { GraphError, runPath } from "../../src/graph/overlay.js";
import { runFlow } from "../../src/interpreter/run.js";
import {
  corpusBundleFiles,
  CORPUS_DIR,
  ROOT,
  SHARED_AVAILABLE,
  SHARED_SKIP_REASON,
} from "../support/shared.js";
import { activityEvent } from "../support/tutorial.js";

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const tutorial = readJson(path.join(ROOT, "dist-bundles/my_zis_bundle.json"));
const links = readJson(path.join(ROOT, "dist-bundles/ticket_slack_links.json"));
const DOT_AVAILABLE = existsSync("/usr/bin/dot");

/** Edges as `from -kind-> to [label]`, by state name. */
function edgeList(graph: FlowGraph): string[] {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)!.name;
  return graph.edges.map(
    (e) => `${name(e.from)} -${e.kind}-> ${name(e.to)}${e.label !== undefined ? ` [${e.label}]` : ""}`,
  );
}

describe("conditions in short form", () => {
  it.each([
    [{ Variable: "$.refund_amount_num", NumericLessThanEquals: 100 }, "refund_amount_num ≤ 100"],
    [{ Variable: "$.x", StringEquals: "a" }, 'x = "a"'],
    [{ Variable: "$.a", NumericGreaterThanPath: "$.b" }, "a > b"],
    [{ Variable: "$.ok", BooleanEquals: false }, "ok = false"],
    [{ Variable: "$.t", TimestampLessThan: "2026-01-01T00:00:00Z" }, 't < "2026-01-01T00:00:00Z" (time)'],
    [{ Variable: "$.x", IsPresent: false }, "x is missing"],
    [{ Variable: "$.x", IsNull: true }, "x is null"],
    [
      { Variable: "$.input.activity_event.user_activity.type", StringEquals: "refund_request" },
      '…user_activity.type = "refund_request"',
    ],
    [
      {
        And: [
          { Variable: "$.a", NumericEquals: 1 },
          { Or: [{ Variable: "$.b", StringEquals: "x" }, { Not: { Variable: "$.c", IsNull: true } }] },
        ],
      },
      'a = 1 and (b = "x" or not c is null)',
    ],
    [{ Variable: "$.x", StringMatches: "a*" }, "?"],
    [{ Variable: "$.x", StringEquals: "a", IsNull: true }, "?"],
    [
      { Variable: "$['odd.key'][0].y", NumericGreaterThanEqualsPath: "$.limits.max" },
      "['odd.key'][0].y ≥ limits.max",
    ],
    [
      { Variable: "$.input.ticket_event.ticket['custom.fields'][12].value", IsPresent: true },
      "…['custom.fields'][12].value is present",
    ],
    ["not a rule", "?"],
  ])("%j reads as %s", (rule, text) => {
    expect(shortCondition(rule)).toBe(text);
  });
});

describe("flow graphs", () => {
  it("give the tutorial's states, conditions, defaults and its start", () => {
    const [graph] = flowGraphs(tutorial);
    expect(graph!.flow).toBe("RefundRequestFlow");
    expect(
      graph!.nodes.map((n) => `${n.name}:${n.type}${n.start ? ":start" : ""}${n.end ? ":end" : ""}`),
    ).toEqual([
      "CheckEventSourceAndType:Choice:start",
      "ConvertRefundAmountToNum:Action",
      "CheckRefundAmount:Choice",
      "GetUserProfile:Action",
      "CheckForPremiumMembership:Choice",
      "CreateZendeskTicket:Action",
      "InitiateRefund:Action",
      "Finish:Succeed:end",
    ]);
    expect(edgeList(graph!)).toEqual([
      'CheckEventSourceAndType -choice-> ConvertRefundAmountToNum […user_activity.type = "refund_request"]',
      "CheckEventSourceAndType -default-> Finish [default]",
      "ConvertRefundAmountToNum -next-> CheckRefundAmount",
      "CheckRefundAmount -choice-> InitiateRefund [refund_amount_num ≤ 100]",
      "CheckRefundAmount -default-> GetUserProfile [default]",
      "GetUserProfile -next-> CheckForPremiumMembership",
      'CheckForPremiumMembership -choice-> InitiateRefund […profile.attributes.membership = "premium"]',
      "CheckForPremiumMembership -default-> CreateZendeskTicket [default]",
      "CreateZendeskTicket -next-> Finish",
      "InitiateRefund -next-> Finish",
    ]);
  });

  it("nest Map iterators as groups and keep Catch edges apart", () => {
    const [graph] = flowGraphs(links);
    const iteratorState = graph!.nodes.find((n) => n.name === "DeleteDuplicateLink")!;
    expect(iteratorState).toMatchObject({
      scope: ["RemoveDuplicateLinks"],
      group: "g0",
      start: true,
      end: true,
    });
    expect(graph!.groups).toEqual([
      {
        id: "g0",
        map: graph!.nodes.find((n) => n.name === "RemoveDuplicateLinks")!.id,
        label: "RemoveDuplicateLinks iterator",
        parent: undefined,
      },
    ]);
    expect(edgeList(graph!).filter((e) => / -(catch|iterator)-> /.test(e))).toEqual([
      "StartSlackThread -catch-> SlackPostFailed [catch States.ALL]",
      "RemoveDuplicateLinks -iterator-> DeleteDuplicateLink [each item]",
      "ReplyInSlackThread -catch-> SlackPostFailed [catch States.ALL]",
    ]);
  });

  it("mark unreachable states and draw a transition to no state as a Missing node", () => {
    const bundle = {
      resources: {
        F: {
          type: "ZIS::Flow",
          properties: {
            name: "F",
            definition: {
              StartAt: "A",
              States: {
                A: { Type: "Pass", Next: "Typo" },
                Orphan: {
                  Type: "Map",
                  ItemsPath: "$.x",
                  Iterator: { StartAt: "I", States: { I: { Type: "Succeed" } } },
                  End: true,
                },
              },
            },
          },
        },
      },
    };
    const [graph] = flowGraphs(bundle);
    expect(graph!.nodes.map((n) => [n.name, n.type, n.unreachable])).toEqual([
      ["A", "Pass", false],
      ["Orphan", "Map", true],
      ["I", "Succeed", true],
      ["Typo", "Missing", false],
    ]);
    expect(renderMermaid([graph!])).toContain("class s3 missing");
    expect(flowGraphs("not a bundle")).toEqual([]);
  });

  it.skipIf(!SHARED_AVAILABLE)(`find the corpus's unreachable debug states${SHARED_SKIP_REASON}`, () => {
    const graphs = flowGraphs(readJson(path.join(CORPUS_DIR, "zwm-genesys-etg-sample-workflow-2.json")));
    expect(graphs.map((g) => [g.flow, g.nodes.filter((n) => n.unreachable).map((n) => n.name)])).toEqual([
      ["etg_retrieve_conversation_id_flow", []],
      ["{{jobspec_etg}}_flow", ["Debugger.PrintLogOne"]],
      ["push_agent_status_to_genesys_flow", ["logStep.payload", "logStep"]],
    ]);
  });
});

describe("Mermaid", () => {
  it("draws the tutorial flow", () => {
    expect(renderMermaid(flowGraphs(tutorial))).toBe(
      [
        "flowchart TD",
        '  s0{"CheckEventSourceAndType"}',
        '  s1["ConvertRefundAmountToNum<br/><small>Jq</small>"]',
        '  s2{"CheckRefundAmount"}',
        '  s3["GetUserProfile"]',
        '  s4{"CheckForPremiumMembership"}',
        '  s5["CreateZendeskTicket"]',
        '  s6["InitiateRefund"]',
        '  s7(["Finish"])',
        '  s0 -->|"…user_activity.type = #34;refund_request#34;"| s1',
        '  s0 -.->|"default"| s7',
        "  s1 --> s2",
        '  s2 -->|"refund_amount_num ≤ 100"| s6',
        '  s2 -.->|"default"| s3',
        "  s3 --> s4",
        '  s4 -->|"…profile.attributes.membership = #34;premium#34;"| s6',
        '  s4 -.->|"default"| s5',
        "  s5 --> s7",
        "  s6 --> s7",
        "  classDef start stroke-width:3px",
        "  classDef unreachable fill:#eeeeee,stroke:#9e9e9e,stroke-dasharray:4 3,color:#757575",
        "  classDef missing fill:#ffebee,stroke:#c62828,color:#c62828",
        "  class s0 start",
        "",
      ].join("\n"),
    );
  });

  it("escapes what would end a label, and draws several flows as subgraphs", () => {
    const bundle = {
      resources: {
        A: {
          type: "ZIS::Flow",
          properties: {
            name: 'A "1"',
            definition: { StartAt: 'x"<y>#', States: { 'x"<y>#': { Type: "Succeed" } } },
          },
        },
        B: {
          type: "ZIS::Flow",
          properties: { name: "B", definition: { StartAt: "z", States: { z: { Type: "Fail" } } } },
        },
      },
    };
    const text = renderMermaid(flowGraphs(bundle));
    expect(text).toContain('  subgraph f0_flow["A #34;1#34;"]');
    expect(text).toContain('    f0_s0(["x#34;#60;y#62;#35;"])');
    expect(text).toContain('    f1_s0(["z"])');
  });

  it("lays a run over the graph: visited states and taken edges in blue", async () => {
    const result = await runFlow(tutorial, {
      input: activityEvent("refund_request", { order_id: "o-1", refund_amount: "50.00" }),
      mocks: { http: [{ match: { action: "InitiateRefund" }, response: { status: 200, body: {} } }] },
    });
    const graphs = flowGraphs(tutorial);
    const path = runPath(graphs[0]!, result.trace);
    expect([...path.visits.keys()].map((id) => graphs[0]!.nodes.find((n) => n.id === id)!.name)).toEqual(
      result.states,
    );
    const text = renderMermaid(graphs, { run: result });
    expect(text).toContain("  class s0 start,visited");
    expect(text).not.toContain("class s3 visited");
    expect(text).toContain("  linkStyle 3 stroke:#1565c0,color:#1565c0,stroke-width:3px");
    expect(() => renderMermaid(graphs, { run: { flow: "Other", trace: [] } })).toThrow(GraphError);
  });
});

describe.skipIf(!DOT_AVAILABLE)(
  `DOT${DOT_AVAILABLE ? "" : " (skipped: Graphviz dot is not installed)"}`,
  () => {
    const bundles: Array<[string, unknown]> = [
      ["my_zis_bundle.json", tutorial],
      ["ticket_slack_links.json", links],
      ...corpusBundleFiles().map((f): [string, unknown] => [f, readJson(path.join(CORPUS_DIR, f))]),
    ];

    it.each(bundles)("Graphviz lays out %s without a complaint", (_name, bundle) => {
      const dot = spawnSync("dot", ["-Tsvg"], { input: renderDot(flowGraphs(bundle)), encoding: "utf8" });
      expect(dot.stderr).toBe("");
      expect(dot.status).toBe(0);
      expect(dot.stdout).toContain("<svg");
    });
  },
);
