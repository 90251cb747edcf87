import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { flowGraphs } from "../../src/graph/model.js";
import { runCli } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

const dir = mkdtempSync(path.join(tmpdir(), "zisflow-graph-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TUTORIAL = path.join(ROOT, "dist-bundles/my_zis_bundle.json");
const LINKS = path.join(ROOT, "dist-bundles/ticket_slack_links.json");

describe("zisflow graph", () => {
  it("prints Mermaid by default, for JSON and for a flow module alike", async () => {
    const fromJson = await runCli(["graph", TUTORIAL], dir);
    expect(fromJson).toMatchObject({ code: 0, stderr: "" });
    expect(fromJson.stdout.split("\n").slice(0, 2)).toEqual([
      "flowchart TD",
      '  s0{"CheckEventSourceAndType"}',
    ]);
    const fromModule = await runCli(["graph", path.join(ROOT, "flows/refund-requests.ts")], dir);
    expect(fromModule.stdout).toBe(fromJson.stdout);
  });

  it("picks the format from -o's extension and writes the file", async () => {
    const result = await runCli(["graph", LINKS, "-o", "links.dot"], dir);
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "zisflow graph: wrote links.dot\n" });
    const dot = readFileSync(path.join(dir, "links.dot"), "utf8");
    expect(dot).toContain("subgraph cluster_g0 {");
    expect(dot).toContain('label="RemoveDuplicateLinks iterator"');
  });

  it("draws a zisflow run --json result over its flow in the HTML page", async () => {
    writeFileSync(
      path.join(dir, "event.json"),
      JSON.stringify({
        activity_event: {
          type: "User Activity Created",
          user_activity: {
            type: "refund_request",
            user_id: 7,
            profile_id: "p-1",
            properties: { order_id: "o-9", refund_amount: "20.00" },
          },
        },
      }),
    );
    writeFileSync(
      path.join(dir, "mocks.json"),
      JSON.stringify({
        http: [{ match: { action: "InitiateRefund" }, response: { status: 200, body: {} } }],
      }),
    );
    const run = await runCli(
      ["run", TUTORIAL, "--event", "event.json", "--mocks", "mocks.json", "--json"],
      dir,
    );
    expect(run.code).toBe(0);
    writeFileSync(path.join(dir, "run.json"), run.stdout);
    const result = await runCli(["graph", TUTORIAL, "--run", "run.json", "-o", "run.html"], dir);
    expect(result).toMatchObject({ code: 0, stderr: "zisflow graph: wrote run.html\n" });
    const html = readFileSync(path.join(dir, "run.html"), "utf8");
    const [graph] = flowGraphs(JSON.parse(readFileSync(TUTORIAL, "utf8")));
    const visited = [...html.matchAll(/class="node [^"]*\bvisited\b[^"]*" data-state="(s\d+)"/g)].map(
      (m) => graph!.nodes.find((n) => n.id === m[1])!.name,
    );
    const states = (JSON.parse(run.stdout) as { states: string[] }).states;
    expect(states).toEqual([
      "CheckEventSourceAndType",
      "ConvertRefundAmountToNum",
      "CheckRefundAmount",
      "InitiateRefund",
      "Finish",
    ]);
    expect(html).toContain("<title>my_zis_bundle.json</title>");
    expect(visited).toEqual(states);
  });

  it("names what is wrong: an unknown flow, a run of another flow, output over the input, a bad format", async () => {
    expect(await runCli(["graph", LINKS, "--flow", "Nope"], dir)).toMatchObject({
      code: 2,
      stderr: `zisflow graph: ${LINKS}: no flow "Nope" (flows: SyncTicketCommentToSlack)\n`,
    });
    writeFileSync(
      path.join(dir, "other-run.json"),
      JSON.stringify({ flow: "Other", status: "succeeded", trace: [] }),
    );
    expect(await runCli(["graph", LINKS, "--run", "other-run.json"], dir)).toMatchObject({
      code: 2,
      stderr:
        'zisflow graph: the run is of flow "Other", which is not among the flows drawn (SyncTicketCommentToSlack)\n',
    });
    writeFileSync(path.join(dir, "not-a-run.json"), JSON.stringify({ states: [] }));
    expect((await runCli(["graph", LINKS, "--run", "not-a-run.json"], dir)).stderr).toBe(
      'zisflow graph: not-a-run.json: not a run result (expected the output of zisflow run --json, with "flow", "status" and "trace")\n',
    );
    expect(await runCli(["graph", LINKS, "-o", LINKS], dir)).toMatchObject({ code: 2 });
    expect(readFileSync(LINKS, "utf8")).toContain('"SyncTicketCommentToSlack"');
    expect((await runCli(["graph", LINKS, "--format", "svg"], dir)).stderr).toBe(
      'zisflow graph: --format takes mermaid, dot, html, not "svg"\n',
    );
    expect((await runCli(["graph", "missing.json"], dir)).stderr).toBe(
      "zisflow graph: missing.json: no such file\n",
    );
  });

  it("replaces an existing -o file only with --force, and says when it cannot write", async () => {
    writeFileSync(path.join(dir, "notes.md"), "my notes");
    expect(await runCli(["graph", LINKS, "-o", "notes.md"], dir)).toMatchObject({
      code: 2,
      stderr: "zisflow graph: notes.md exists; pass --force to replace it\n",
    });
    expect(readFileSync(path.join(dir, "notes.md"), "utf8")).toBe("my notes");
    expect((await runCli(["graph", LINKS, "-o", "notes.md", "--force"], dir)).code).toBe(0);
    expect(readFileSync(path.join(dir, "notes.md"), "utf8")).toMatch(/^flowchart TD\n/);
    const intoMissing = await runCli(["graph", LINKS, "-o", "no-such-dir/x.mmd"], dir);
    expect(intoMissing.code).toBe(2);
    expect(intoMissing.stderr).toMatch(/^zisflow graph: no-such-dir\/x\.mmd: cannot write: ENOENT/);
  });

  it("refuses what is not a bundle, and a run whose trace has a malformed scope", async () => {
    writeFileSync(path.join(dir, "list.json"), "[]");
    expect((await runCli(["graph", "list.json"], dir)).stderr).toBe(
      'zisflow graph: list.json: not a ZIS bundle (expected an object with a "resources" object)\n',
    );
    writeFileSync(
      path.join(dir, "bad-scope.json"),
      JSON.stringify({
        flow: "SyncTicketCommentToSlack",
        status: "succeeded",
        trace: [{ state: "LoadTicketLinks", scope: 5 }],
      }),
    );
    expect(await runCli(["graph", LINKS, "--run", "bad-scope.json"], dir)).toMatchObject({ code: 2 });
  });

  it("draws a run as zisflow dev's /zisflow/runs/ID gives it ({ run })", async () => {
    writeFileSync(
      path.join(dir, "dev-run.json"),
      JSON.stringify({
        run: { flow: "SyncTicketCommentToSlack", status: "succeeded", trace: [{ state: "LoadTicketLinks" }] },
      }),
    );
    const result = await runCli(["graph", LINKS, "--run", "dev-run.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  class s0 start,visited");
    expect(result.stderr).toBe("");
  });

  it("says when a run names states the flow does not have", async () => {
    writeFileSync(
      path.join(dir, "old-run.json"),
      JSON.stringify({
        flow: "SyncTicketCommentToSlack",
        status: "succeeded",
        trace: [{ state: "LoadTicketLinks" }, { state: "RenamedSince" }],
      }),
    );
    expect((await runCli(["graph", LINKS, "--run", "old-run.json"], dir)).stderr).toBe(
      "zisflow graph: 1 step(s) of the run name states this flow does not have (a run of another version?)\n",
    );
  });
});

describe("errors the commands do not expect", () => {
  it("come out as one line naming the file, not a stack trace", async () => {
    writeFileSync(path.join(dir, "afile"), "not a folder");
    writeFileSync(
      path.join(dir, "ticket.json"),
      JSON.stringify({ ticket_event: { ticket: { id: 1 }, comment: { id: 1, body: "x" } } }),
    );
    const result = await runCli(["run", LINKS, "--event", "ticket.json", "--record", "afile"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "zisflow run: --record afile: a file, not a folder (recordings go in a folder)\n",
    );
  });
});
