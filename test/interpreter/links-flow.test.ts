import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VirtualClock, ZisStore } from "../../src/interpreter/index.js";
import { installMatchers, runFlow, runScenario } from "../../src/testing/index.js";
import { commentAddedInput, slackMock } from "../support/links-flow.js";
import { ROOT } from "../support/shared.js";

installMatchers(expect);

const bundle = JSON.parse(readFileSync(path.join(ROOT, "dist-bundles/ticket_slack_links.json"), "utf8"));

const FLOW_START = ["LoadTicketLinks", "CheckLinkCount"];

describe("ticket comments to Slack threads (flows/ticket-slack-links.ts), over several events", () => {
  it("starts a thread and links it, then replies in the linked thread and records the comment", async () => {
    const { results, store } = await runScenario(
      bundle,
      [
        { input: commentAddedInput(1001, 1, "First!") },
        { input: commentAddedInput(1001, 2, "Second") },
        { input: commentAddedInput(2002, 3, "Other ticket") },
      ],
      {
        integration: "slack_mirror",
        mocks: { http: slackMock({ countMessages: true }) },
      },
    );
    const [first, second, third] = results;

    expect(first).toHaveVisited([...FLOW_START, "StartSlackThread", "LinkTicketToThread", "Finish"]);
    expect(first).toHaveSentRequests([
      {
        method: "POST",
        url: "https://slack.com/api/chat.postMessage",
        body: { channel: "SLACK_CHANNEL", text: "Ticket #1001: First!" },
      },
    ]);
    expect(first!.log).toBe("Comment 1 of ticket 1001 is in Slack.");

    expect(second).toHaveVisited([...FLOW_START, "ReplyInSlackThread", "RecordLastComment", "Finish"]);
    expect(second).toHaveSentRequests([
      {
        method: "POST",
        url: "https://slack.com/api/chat.postMessage",
        body: { channel: "SLACK_CHANNEL", thread_ts: "1700000000.000100", text: "Second" },
      },
    ]);

    expect(third).toHaveVisited([...FLOW_START, "StartSlackThread", "LinkTicketToThread", "Finish"]);
    expect(store.links.all().map((l) => [l.left_object, l.right_object])).toEqual([
      [
        { name: "ticket_id:1001", name_attrs: { ticket_id: 1001 } },
        {
          metadata: { thread_ts: "1700000000.000100", last_comment_id: 2 },
          name: "channel:SLACK_CHANNEL/thread_ts:1700000000.000100",
          name_attrs: { channel: "SLACK_CHANNEL", thread_ts: 1700000000.0001 },
        },
      ],
      [
        { name: "ticket_id:2002", name_attrs: { ticket_id: 2002 } },
        {
          metadata: { thread_ts: "1700000000.000300", last_comment_id: 3 },
          name: "channel:SLACK_CHANNEL/thread_ts:1700000000.000300",
          name_attrs: { channel: "SLACK_CHANNEL", thread_ts: 1700000000.0003 },
        },
      ],
    ]);
  });

  it("deletes duplicate links left by a retried run, then replies in the first thread", async () => {
    const store = new ZisStore(1, "slack_mirror");
    for (const ts of ["1700000000.000100", "1700000000.000900"])
      store.links.create({
        link_type: "ticket_to_slack_thread",
        left_object: { name: "ticket_id:1001" },
        right_object: { name: `channel:C1/thread_ts:${ts}`, metadata: { thread_ts: ts, last_comment_id: 1 } },
      });
    const result = await runFlow(bundle, {
      input: commentAddedInput(1001, 5, "After the duplicate"),
      store,
      mocks: { http: slackMock() },
    });
    expect(result).toHaveVisited([
      ...FLOW_START,
      "KeepFirstLink",
      "RemoveDuplicateLinks",
      "DeleteDuplicateLink",
      "ReplyInSlackThread",
      "RecordLastComment",
      "Finish",
    ]);
    expect(result).toHaveSentRequest({
      body: { channel: "C1", thread_ts: "1700000000.000100", text: "After the duplicate" },
    });
    expect(store.links.all().map((l) => l.right_object.metadata)).toEqual([
      { thread_ts: "1700000000.000100", last_comment_id: 5 },
    ]);
    // DeleteLink returns nothing and writes nothing, so each iteration ends with the link it was given.
    expect(result.output).toMatchObject({
      deleted_duplicates: [{ right_object: { name: "channel:C1/thread_ts:1700000000.000900" } }],
    });
  });

  it("retries Slack twice (2 s, then 4 s) and fails the flow with the comment in the Cause", async () => {
    const clock = new VirtualClock();
    const result = await runFlow(bundle, {
      input: commentAddedInput(1001, 1, "Nobody hears this"),
      clock,
      mocks: { http: [{ match: { action: "PostSlackMessage" }, response: { status: 503 } }] },
    });
    expect(result).toHaveFailedWith({
      Error: "SlackPostFailed",
      Cause:
        "Could not post comment 1 of ticket 1001 to Slack: external action failed due to status code: 503",
    });
    expect(clock.sleeps).toEqual([2, 4]);
    expect(result.requests).toHaveLength(3);
    expect(result.states).toEqual([...FLOW_START, "StartSlackThread", "SlackPostFailed"]);
  });

  it("fails without retrying when a reply in an existing thread fails, and leaves the link as it was", async () => {
    const store = new ZisStore(1, "slack_mirror");
    store.links.create({
      link_type: "ticket_to_slack_thread",
      left_object: { name: "ticket_id:1001" },
      right_object: {
        name: "channel:C1/thread_ts:1700000000.000100",
        metadata: { thread_ts: "1700000000.000100", last_comment_id: 1 },
      },
    });
    const result = await runFlow(bundle, {
      input: commentAddedInput(1001, 2, "Lost reply"),
      store,
      mocks: { http: [{ match: { action: "PostSlackReply" }, response: { status: 500 } }] },
    });
    expect(result).toHaveFailedWith({
      Error: "SlackPostFailed",
      Cause:
        "Could not post comment 2 of ticket 1001 to Slack: external action failed due to status code: 500",
    });
    expect(result.states).toEqual([...FLOW_START, "ReplyInSlackThread", "SlackPostFailed"]);
    expect(result.requests).toHaveLength(1);
    expect(store.links.all().map((l) => l.right_object.metadata)).toEqual([
      { thread_ts: "1700000000.000100", last_comment_id: 1 },
    ]);
  });
});
