/**
 * The links example (flows/ticket-slack-links.ts) on the local Zendesk: ticket comments made through the
 * Tickets API emit ticket.CommentAdded, Slack is answered by mocks, and the link the flow keeps is visible
 * through the Links API.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundleModule } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { startDevServer, type DevServer } from "../../src/devserver/server.js";
import { slackMock } from "../support/links-flow.js";
import { ROOT } from "../support/shared.js";

const INTEGRATION = "slack_mirror";
const AUTH = { Authorization: `Bearer local-token` };
const dir = mkdtempSync(path.join(tmpdir(), "zisflow-links-"));
let dev: DevServer;

beforeAll(async () => {
  dev = await startDevServer({
    port: 0,
    database: path.join(dir, "dev.sqlite"),
    mocks: [{ match: { url: "https://slack.com/api/chat.postMessage" }, response: slackMock() }],
  });
  const definition = await loadBundleModule(path.join(ROOT, "flows/ticket-slack-links.ts"));
  const { bundle } = compileBundle(definition, {
    integration: INTEGRATION,
    params: { SLACK_CHANNEL: "C-SUPPORT" },
  });
  expect((await call("POST", `/api/services/zis/registry/${INTEGRATION}/bundles`, bundle)).status).toBe(200);
  const install = `/api/services/zis/registry/job_specs/install?job_spec_name=zis:${INTEGRATION}:job_spec:MirrorCommentsJobSpec`;
  expect((await call("POST", install)).status).toBe(200);
});

afterAll(async () => {
  await dev.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, pathAndQuery: string, body?: unknown) {
  const response = await fetch(`${dev.url}${pathAndQuery}`, {
    method,
    headers: { ...AUTH, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

describe("the links example on zisflow dev", () => {
  it("starts a Slack thread on the first comment, then replies in it and records the comment", async () => {
    const profile = {
      event: { source: "shop", type: "signup", properties: {} },
      profile: {
        source: "shop",
        type: "customer",
        identifiers: [{ type: "email", value: "ann@example.com" }],
      },
    };
    await call("POST", "/api/v2/user_profiles/events", profile);
    // The Events API made Ann the account's first user.
    expect((await call("GET", "/api/v2/users/10001.json")).body).toMatchObject({
      user: { email: "ann@example.com" },
    });
    const created = await call("POST", "/api/v2/tickets.json", {
      ticket: { subject: "Printer on fire", comment: { body: "It is on fire." }, requester_id: 10001 },
    });
    expect(created.status).toBe(201);
    const ticketId = (created.body!.ticket as { id: number }).id;

    const first = await call("PUT", `/api/v2/tickets/${ticketId}.json`, {
      ticket: { comment: { body: "Still burning" } },
    });
    expect(first.status).toBe(200);
    const second = await call("PUT", `/api/v2/tickets/${ticketId}.json`, {
      ticket: { comment: { body: "Out now", public: false }, status: "solved" },
    });
    expect(second.body!.ticket).toMatchObject({ id: ticketId, status: "solved" });
    await dev.idle();

    const runs = (await call("GET", "/zisflow/runs")).body!.runs as Array<{
      status: string;
      states: string[];
    }>;
    expect(runs.map((r) => [r.status, r.states])).toEqual([
      [
        "succeeded",
        ["LoadTicketLinks", "CheckLinkCount", "StartSlackThread", "LinkTicketToThread", "Finish"],
      ],
      [
        "succeeded",
        ["LoadTicketLinks", "CheckLinkCount", "ReplyInSlackThread", "RecordLastComment", "Finish"],
      ],
    ]);
    const slackRequests = (await call("GET", "/zisflow/requests")).body!.requests as Array<{ body: unknown }>;
    expect(slackRequests.map((r) => r.body)).toEqual([
      { channel: "C-SUPPORT", text: `Ticket #${ticketId}: Still burning` },
      { channel: "C-SUPPORT", thread_ts: "1700000000.000100", text: "Out now" },
    ]);
    const links = await call(
      "GET",
      `/api/services/zis/links/${INTEGRATION}?link_type=ticket_to_slack_thread&left_object_name=ticket_id:${ticketId}`,
    );
    expect(links.body).toMatchObject({
      count: 1,
      links: [
        {
          left_object: { name: `ticket_id:${ticketId}` },
          right_object: {
            name: "channel:C-SUPPORT/thread_ts:1700000000.000100",
            metadata: { thread_ts: "1700000000.000100", last_comment_id: 3 },
          },
        },
      ],
    });
  });
});
