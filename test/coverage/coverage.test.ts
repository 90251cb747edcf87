import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  belowThreshold,
  bundleHash,
  computeCoverage,
  CoverageError,
  coverageJson,
  formatCoverage,
  formatPercent,
  percent,
  readRecordings,
  CoverageRecorder,
  flowIdentity,
  type FlowCoverage,
  type Recordings,
  type RunRecord,
} from "../../src/coverage/index.js";
import refundBundle from "../../flows/refund-requests.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { flowGraphs } from "../../src/graph/model.js";
import * as interpreter from "../../src/interpreter/index.js";
import { runFlow, testRuns, ZisStore, type RunOptions } from "../../src/testing/index.js";
import { commentAddedInput, slackMock } from "../support/links-flow.js";
import { ROOT } from "../support/shared.js";
import { activityEvent, profileResponse, tutorialBundleJson } from "../support/tutorial.js";

const tutorial = tutorialBundleJson();
const TUTORIAL_HASH = bundleHash(tutorial);
const TUTORIAL_NAME = "Example ZIS integration for custom activity events";

const links = JSON.parse(
  readFileSync(path.join(ROOT, "dist-bundles/ticket_slack_links.json"), "utf8"),
) as Record<string, unknown>;
const LINKS_HASH = bundleHash(links);
const LINKS_NAME = "Ticket comments to Slack threads";

let dir: string;
let stop: (() => void) | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-coverage-"));
});
afterEach(() => {
  stop?.();
  stop = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts recording the test helpers' runs into this test's own temp dir (stopped after the test). */
function record(): void {
  stop = testRuns.recordCoverage(dir);
}

/** What `fn` threw (fails the test when it throws nothing). */
function thrown(fn: () => unknown): CoverageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CoverageError);
    return error as CoverageError;
  }
  throw new Error("expected a CoverageError, nothing was thrown");
}

const REFUND_OK = { match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } };

const runTutorial = (
  type: string,
  refund_amount: string,
  http: NonNullable<RunOptions["mocks"]>["http"],
  bundle: unknown = tutorial,
) =>
  runFlow(bundle, {
    input: activityEvent(type, { order_id: "789", refund_amount }),
    subdomain: "acme",
    mocks: { http },
  });

/** The ≤ 100 path: straight to the refund. */
const runRefund50 = (bundle: unknown = tutorial) =>
  runTutorial("refund_request", "50.00", [REFUND_OK], bundle);

async function runOtherTutorialPaths(): Promise<void> {
  const premium = await runTutorial("refund_request", "200.00", [
    { match: { action: "GetUserProfile" }, response: profileResponse("premium") },
    REFUND_OK,
  ]);
  const basic = await runTutorial("refund_request", "200.00", [
    { match: { action: "GetUserProfile" }, response: profileResponse("basic") },
    { match: { action: "CreateZendeskTicket" }, response: { status: 201, body: { ticket: { id: 75 } } } },
  ]);
  const other = await runTutorial("page_view", "5.00", []);
  expect([premium.status, basic.status, other.status]).toEqual(["succeeded", "succeeded", "succeeded"]);
  expect(basic.states.at(-2)).toBe("CreateZendeskTicket");
}

const BRANCH_EVENT_RULE =
  'CheckEventSourceAndType: rule 1 (…user_activity.type = "refund_request") → ConvertRefundAmountToNum';
const BRANCH_EVENT_DEFAULT = "CheckEventSourceAndType: default → Finish";
const BRANCH_AMOUNT_RULE = "CheckRefundAmount: rule 1 (refund_amount_num ≤ 100) → InitiateRefund";
const BRANCH_AMOUNT_DEFAULT = "CheckRefundAmount: default → GetUserProfile";
const BRANCH_PREMIUM_RULE =
  'CheckForPremiumMembership: rule 1 (…profile.attributes.membership = "premium") → InitiateRefund';
const BRANCH_PREMIUM_DEFAULT = "CheckForPremiumMembership: default → CreateZendeskTicket";

/** Coverage of the tutorial bundle by what was recorded into `dir`, computed from the bundle file recorded. */
function tutorialCoverage(): FlowCoverage {
  const recordings = readRecordings(dir);
  const flows = computeCoverage(recordings, [recordings.bundles.get(TUTORIAL_HASH)]);
  expect(flows).toHaveLength(1);
  return flows[0]!;
}

describe("coverage of the tutorial refund flow (dist-bundles/my_zis_bundle.json)", () => {
  it("records the ≤ 100 path as one run with its trimmed steps", async () => {
    record();
    expect((await runRefund50()).status).toBe("succeeded");
    stop!();

    const recordings = readRecordings(dir);
    expect([...recordings.bundles.keys()]).toEqual([TUTORIAL_HASH]);
    expect(recordings.bundles.get(TUTORIAL_HASH)).toEqual(tutorial);
    expect(recordings.runs).toEqual<RunRecord[]>([
      {
        bundle: TUTORIAL_HASH,
        flow: "RefundRequestFlow",
        status: "succeeded",
        steps: [
          { state: "CheckEventSourceAndType", next: "ConvertRefundAmountToNum", choice: 0 },
          { state: "ConvertRefundAmountToNum", next: "CheckRefundAmount" },
          { state: "CheckRefundAmount", next: "InitiateRefund", choice: 0 },
          { state: "InitiateRefund", next: "Finish" },
          { state: "Finish" },
        ],
      },
    ]);
  });

  it("the ≤ 100 path covers 5/8 states and 2/6 branches; all four paths cover everything", async () => {
    record();
    await runRefund50();

    expect(tutorialCoverage()).toEqual<FlowCoverage>(REFUND_50);

    await runOtherTutorialPaths();
    const full = tutorialCoverage();
    expect(full.runs).toBe(4);
    expect(full.states).toEqual({ covered: 8, total: 8, missed: [] });
    expect(full.branches).toEqual({ covered: 6, total: 6, missed: [] });
    expect(full.catches).toEqual({ covered: 0, total: 0, missed: [] });
    expect([percent(full.states), percent(full.branches), percent(full.catches)]).toEqual([100, 100, 100]);
  });

  it("a failed run counts the states it reached", async () => {
    record();
    const result = await runTutorial("refund_request", "10.00", [
      { match: { action: "InitiateRefund" }, response: { status: 500, body: "oops" } },
    ]);
    expect(result.status).toBe("failed");
    const coverage = tutorialCoverage();
    expect(coverage.runs).toBe(1);
    expect(coverage.states.missed).toEqual([
      "GetUserProfile",
      "CheckForPremiumMembership",
      "CreateZendeskTicket",
      "Finish",
    ]);
    expect(readRecordings(dir).runs.map((r) => r.status)).toEqual(["failed"]);
  });

  it("each of the other paths alone takes exactly its own branches", async () => {
    record();
    await runTutorial("page_view", "5.00", []);
    const coverage = tutorialCoverage();
    expect(coverage.states).toEqual({
      covered: 2,
      total: 8,
      missed: [
        "ConvertRefundAmountToNum",
        "CheckRefundAmount",
        "GetUserProfile",
        "CheckForPremiumMembership",
        "CreateZendeskTicket",
        "InitiateRefund",
      ],
    });
    expect(coverage.branches.missed).toEqual([
      BRANCH_EVENT_RULE,
      BRANCH_AMOUNT_RULE,
      BRANCH_AMOUNT_DEFAULT,
      BRANCH_PREMIUM_RULE,
      BRANCH_PREMIUM_DEFAULT,
    ]);
  });
});

/** A store holding `count` links of ticket 1001 (two or more send the flow through the Map). */
function storeWithLinks(count: number): ZisStore {
  const store = new ZisStore(1, "slack_mirror");
  for (let i = 1; i <= count; i++) {
    const ts = `1700000000.00${i}00`;
    store.links.create({
      link_type: "ticket_to_slack_thread",
      left_object: { name: "ticket_id:1001" },
      right_object: { name: `channel:C1/thread_ts:${ts}`, metadata: { thread_ts: ts, last_comment_id: 1 } },
    });
  }
  return store;
}

function linksCoverage(): FlowCoverage {
  const recordings = readRecordings(dir);
  const flows = computeCoverage(recordings, [links]);
  expect(flows).toHaveLength(1);
  return flows[0]!;
}

describe("coverage of the links flow (dist-bundles/ticket_slack_links.json)", () => {
  it("counts a Map iterator state as a state, labelled with its scope", async () => {
    record();
    const result = await runFlow(links, {
      input: commentAddedInput(1001, 5, "After the duplicate"),
      store: storeWithLinks(2),
      mocks: { http: slackMock() },
    });
    expect(result.states).toContain("DeleteDuplicateLink");

    const recorded = readRecordings(dir).runs[0]!.steps.find((s) => s.state === "DeleteDuplicateLink");
    expect(recorded).toEqual({ state: "DeleteDuplicateLink", scope: ["RemoveDuplicateLinks"] });

    const coverage = linksCoverage();
    expect(coverage).toMatchObject({ bundle: LINKS_NAME, flow: "SyncTicketCommentToSlack", runs: 1 });
    expect(coverage.states).toEqual({
      covered: 8,
      total: 11,
      missed: ["StartSlackThread", "LinkTicketToThread", "SlackPostFailed"],
    });
    expect(coverage.branches).toEqual({
      covered: 1,
      total: 3,
      missed: [
        "CheckLinkCount: rule 1 (link_results.count = 0) → StartSlackThread",
        "CheckLinkCount: rule 2 (link_results.count = 1) → ReplyInSlackThread",
      ],
    });
    expect(coverage.catches).toEqual({
      covered: 0,
      total: 2,
      missed: [
        "StartSlackThread: States.ALL → SlackPostFailed",
        "ReplyInSlackThread: States.ALL → SlackPostFailed",
      ],
    });
  });

  it("without a run through the Map, the iterator state is missed by its scoped label", async () => {
    record();
    await runFlow(links, { input: commentAddedInput(1001, 1, "First!"), mocks: { http: slackMock() } });
    expect(linksCoverage().states.missed).toEqual([
      "KeepFirstLink",
      "RemoveDuplicateLinks",
      "ReplyInSlackThread",
      "RecordLastComment",
      "SlackPostFailed",
      "RemoveDuplicateLinks › DeleteDuplicateLink",
    ]);
  });

  it("counts catches by catcher: two catchers going to the same state are two catch paths", async () => {
    record();
    const failedPost = await runFlow(links, {
      input: commentAddedInput(1001, 1, "Nobody hears this"),
      mocks: { http: [{ match: { action: "PostSlackMessage" }, response: { status: 503 } }] },
    });
    expect(failedPost.states).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "StartSlackThread",
      "SlackPostFailed",
    ]);
    expect(readRecordings(dir).runs[0]!.steps[2]).toEqual({
      state: "StartSlackThread",
      next: "SlackPostFailed",
      caughtBy: 0,
    });
    let coverage = linksCoverage();
    expect(coverage.catches).toEqual({
      covered: 1,
      total: 2,
      missed: ["ReplyInSlackThread: States.ALL → SlackPostFailed"],
    });
    expect(coverage.states.missed).not.toContain("SlackPostFailed");

    const failedReply = await runFlow(links, {
      input: commentAddedInput(1001, 2, "Lost reply"),
      store: storeWithLinks(1),
      mocks: { http: [{ match: { action: "PostSlackReply" }, response: { status: 500 } }] },
    });
    expect(failedReply.states).toEqual([
      "LoadTicketLinks",
      "CheckLinkCount",
      "ReplyInSlackThread",
      "SlackPostFailed",
    ]);
    coverage = linksCoverage();
    expect(coverage.runs).toBe(2);
    expect(coverage.catches).toEqual({ covered: 2, total: 2, missed: [] });
    expect(coverage.branches.missed).toEqual(["CheckLinkCount: default → KeepFirstLink"]);
  });

  it("every path of the links flow together: 11/11, 3/3, 2/2", async () => {
    record();
    await runFlow(links, { input: commentAddedInput(1001, 1, "First!"), mocks: { http: slackMock() } });
    await runFlow(links, {
      input: commentAddedInput(1001, 2, "Reply"),
      store: storeWithLinks(1),
      mocks: { http: slackMock() },
    });
    await runFlow(links, {
      input: commentAddedInput(1001, 3, "Dup"),
      store: storeWithLinks(3),
      mocks: { http: slackMock() },
    });
    await runFlow(links, {
      input: commentAddedInput(1001, 4, "x"),
      mocks: { http: [{ match: { action: "PostSlackMessage" }, response: { status: 503 } }] },
    });
    await runFlow(links, {
      input: commentAddedInput(1001, 5, "y"),
      store: storeWithLinks(1),
      mocks: { http: [{ match: { action: "PostSlackReply" }, response: { status: 500 } }] },
    });
    const coverage = linksCoverage();
    expect(coverage.runs).toBe(5);
    expect([coverage.states, coverage.branches, coverage.catches]).toEqual([
      { covered: 11, total: 11, missed: [] },
      { covered: 3, total: 3, missed: [] },
      { covered: 2, total: 2, missed: [] },
    ]);
  });
});

/** A bundle of two one-state flows, FlowA and FlowB. */
const twoFlows = {
  name: "Two flows",
  zis_template_version: "2019-10-14",
  resources: Object.fromEntries(
    ["FlowA", "FlowB"].map((name) => [
      name,
      {
        type: "ZIS::Flow",
        properties: { name, definition: { StartAt: "Done", States: { Done: { Type: "Succeed" } } } },
      },
    ]),
  ),
};

/** Recordings of nothing. */
const NOTHING: Recordings = { bundles: new Map(), runs: [] };

describe("recording", () => {
  const bundleFiles = () => readdirSync(path.join(dir, "bundles")).sort();
  const runLines = () =>
    readdirSync(path.join(dir, "runs")).flatMap((f) =>
      readFileSync(path.join(dir, "runs", f), "utf8")
        .split("\n")
        .filter(Boolean),
    );

  it("writes a bundle's file once however often it runs; two bundles get two files", async () => {
    record();
    for (let i = 0; i < 5; i++) await runRefund50();
    expect(bundleFiles()).toEqual([`${TUTORIAL_HASH}.json`]);
    expect(readFileSync(path.join(dir, "bundles", `${TUTORIAL_HASH}.json`), "utf8")).toBe(
      JSON.stringify(tutorial),
    );
    // An equal copy of the bundle has the same hash, so it shares the file.
    await runRefund50(structuredClone(tutorial));
    expect(bundleFiles()).toEqual([`${TUTORIAL_HASH}.json`]);

    await runFlow(links, { input: commentAddedInput(1001, 1, "First!"), mocks: { http: slackMock() } });
    expect(bundleFiles()).toEqual([`${TUTORIAL_HASH}.json`, `${LINKS_HASH}.json`].sort());
    expect(runLines()).toHaveLength(7);
    expect(readRecordings(dir).runs.map((r) => r.bundle)).toEqual([
      ...Array<string>(6).fill(TUTORIAL_HASH),
      LINKS_HASH,
    ]);
  });

  it("records nothing once stopped, and a second recorder for the same dir changes nothing", async () => {
    record();
    const again = testRuns.recordCoverage(dir);
    await runRefund50();
    again(); // not the owner: recording goes on
    await runRefund50();
    stop!();
    await runRefund50();
    expect(runLines()).toHaveLength(2);
  });

  it("records a run of zisflow's runFlow only through the observers its options pass", async () => {
    const input = activityEvent("refund_request", { order_id: "789", refund_amount: "50.00" });
    const mocks = { http: [REFUND_OK] };
    record(); // the test helpers' recorder: zisflow's runFlow does not tell it
    await interpreter.runFlow(tutorial, { input, subdomain: "acme", mocks });
    expect(runLines()).toEqual([]);

    const recorder = new CoverageRecorder(dir);
    expect(recorder.dir).toBe(path.resolve(dir));
    const seen: string[] = [];
    const result = await interpreter.runFlow(tutorial, {
      input,
      subdomain: "acme",
      mocks,
      observers: [recorder.record, ({ result }) => seen.push(`${result.flow} ${result.status}`)],
    });
    expect(seen).toEqual(["RefundRequestFlow succeeded"]);
    expect(readRecordings(dir).runs).toEqual([
      { bundle: TUTORIAL_HASH, flow: "RefundRequestFlow", status: "succeeded", steps: expect.any(Array) },
    ]);
    expect(readRecordings(dir).runs[0]!.steps.map((step) => step.state)).toEqual(result.states);
  });

  it("tells the options' observers first, then the test helpers'", async () => {
    const seen: string[] = [];
    stop = testRuns.observe(() => seen.push("registered"));
    await runRefund50();
    await runFlow(tutorial, {
      input: activityEvent("page_view", { order_id: "789", refund_amount: "5.00" }),
      observers: [({ result }) => seen.push(`given: ${result.states.join(" → ")}`)],
    });
    stop();
    await runRefund50();
    expect(seen).toEqual(["registered", "given: CheckEventSourceAndType → Finish", "registered"]);
  });

  it("counts runs of another version of the same flow, never of a flow of the same name in another bundle", async () => {
    record();
    await runRefund50();
    const edited = structuredClone(tutorial);
    edited.description = "an edited copy";
    await runRefund50(edited);
    await runFlow(links, { input: commentAddedInput(1001, 1, "First!"), mocks: { http: slackMock() } });
    const namesake = JSON.parse(
      JSON.stringify(twoFlows).replaceAll('"FlowA"', '"RefundRequestFlow"'),
    ) as typeof twoFlows;
    await runFlow(namesake, { flow: "RefundRequestFlow", input: {} });

    const recordings = readRecordings(dir);
    expect(recordings.bundles.size).toBe(4);
    expect(recordings.runs).toHaveLength(4);
    // A changed description is no change to the flow: both runs count toward either version.
    const [coverage] = computeCoverage(recordings, [tutorial]);
    expect([coverage!.runs, coverage!.bundleHash]).toEqual([2, TUTORIAL_HASH]);
    const [editedCoverage] = computeCoverage(recordings, [edited]);
    expect([editedCoverage!.runs, editedCoverage!.bundleHash]).toEqual([2, bundleHash(edited)]);
    expect(editedCoverage!.bundle).toBe(TUTORIAL_NAME);
    expect(computeCoverage(recordings, [namesake]).map((f) => [f.flow, f.runs])).toEqual([
      ["RefundRequestFlow", 1],
      ["FlowB", 0],
    ]);
  });

  it("reports a flow no run reached at 0, with runs 0", async () => {
    record();
    const result = await runFlow(twoFlows, { flow: "FlowA", input: {} });
    expect(result.status).toBe("succeeded");
    const flows = computeCoverage(readRecordings(dir), [twoFlows]);
    expect(flows.map((f) => [f.flow, f.runs, f.states, f.branches, f.catches])).toEqual([
      [
        "FlowA",
        1,
        { covered: 1, total: 1, missed: [] },
        { covered: 0, total: 0, missed: [] },
        { covered: 0, total: 0, missed: [] },
      ],
      [
        "FlowB",
        0,
        { covered: 0, total: 1, missed: ["Done"] },
        { covered: 0, total: 0, missed: [] },
        { covered: 0, total: 0, missed: [] },
      ],
    ]);
    // The links flow, never run here, is all missed.
    const [linksFlow] = computeCoverage(readRecordings(dir), [links]);
    expect(linksFlow).toMatchObject({
      runs: 0,
      states: { covered: 0, total: 11 },
      branches: { covered: 0, total: 3 },
      catches: { covered: 0, total: 2 },
    });
    expect(percent(linksFlow!.states)).toBe(0);
  });

  it("names a bundle without a name by its hash's first 12 characters", () => {
    const { name: _name, ...unnamed } = twoFlows;
    const hash = bundleHash(unnamed);
    expect(computeCoverage(NOTHING, [unnamed]).map((f) => [f.bundle, f.bundleHash])).toEqual([
      [hash.slice(0, 12), hash],
      [hash.slice(0, 12), hash],
    ]);
    expect(computeCoverage(NOTHING, ["not a bundle"])).toEqual([]);
  });
});

const REFUND_URL = "https://refunds.example.com";

/** The tutorial as `zisflow build --integration acme --set EXTERNAL_TARGET_URL=…` writes it. */
function acmeBuild(url = REFUND_URL): Record<string, unknown> {
  const compiled = compileBundle(refundBundle, { integration: "acme", params: { EXTERNAL_TARGET_URL: url } });
  return compiled.bundle as Record<string, unknown>;
}

/** A copy of the tutorial with `edit` applied to its flow's States. */
function tutorialWith(
  edit: (states: Record<string, Record<string, unknown>>) => void,
): Record<string, unknown> {
  const copy = structuredClone(tutorial) as {
    resources: {
      RefundRequestFlow: { properties: { definition: { States: Record<string, Record<string, unknown>> } } };
    };
  };
  edit(copy.resources.RefundRequestFlow.properties.definition.States);
  return copy as unknown as Record<string, unknown>;
}

/** The identity of the bundle's only flow. */
const identityOf = (bundle: unknown): string => {
  const graphs = flowGraphs(bundle);
  expect(graphs).toHaveLength(1);
  return flowIdentity(bundle, graphs[0]!);
};

/** The coverage of the tutorial's ≤ 100 path by one run. */
const REFUND_50: FlowCoverage = {
  bundle: TUTORIAL_NAME,
  bundleHash: TUTORIAL_HASH,
  flow: "RefundRequestFlow",
  runs: 1,
  states: {
    covered: 5,
    total: 8,
    missed: ["GetUserProfile", "CheckForPremiumMembership", "CreateZendeskTicket"],
  },
  branches: {
    covered: 2,
    total: 6,
    missed: [BRANCH_EVENT_DEFAULT, BRANCH_AMOUNT_DEFAULT, BRANCH_PREMIUM_RULE, BRANCH_PREMIUM_DEFAULT],
  },
  catches: { covered: 0, total: 0, missed: [] },
};

describe("flow identity: runs of other builds and versions of a flow", () => {
  it("the placeholder build is what flows/refund-requests.ts compiles to without a key or parameters", () => {
    expect(compileBundle(refundBundle).bundle).toEqual(tutorial);
    const acme = JSON.stringify(acmeBuild());
    expect(acme).toContain('"zis:acme:action:InitiateRefund"');
    expect(acme).toContain(`"url":"${REFUND_URL}"`);
    expect(acme).not.toContain("INTEGRATION");
    expect(acme).not.toContain("EXTERNAL_TARGET_URL");
  });

  it("a run of the --integration acme build with a parameter value counts toward the placeholder build, tally for tally", async () => {
    const acme = acmeBuild();
    const ACME_HASH = bundleHash(acme);
    expect(ACME_HASH).not.toBe(TUTORIAL_HASH);
    expect(identityOf(acme)).toBe(identityOf(tutorial));
    record();
    expect((await runRefund50(acme)).status).toBe("succeeded");
    expect((await runRefund50()).status).toBe("succeeded");

    const recordings = readRecordings(dir);
    expect([...recordings.bundles.keys()].sort()).toEqual([ACME_HASH, TUTORIAL_HASH].sort());
    expect(recordings.runs.map((r) => r.bundle)).toEqual([ACME_HASH, TUTORIAL_HASH]);
    const onlyRunsOf = (hash: string): Recordings => ({
      bundles: recordings.bundles,
      runs: recordings.runs.filter((r) => r.bundle === hash),
    });
    // The acme run alone, reported against the placeholder bundle, is the placeholder run alone.
    expect(computeCoverage(onlyRunsOf(ACME_HASH), [tutorial])).toEqual([REFUND_50]);
    expect(computeCoverage(onlyRunsOf(TUTORIAL_HASH), [tutorial])).toEqual([REFUND_50]);
    expect(computeCoverage(recordings, [tutorial])).toEqual([{ ...REFUND_50, runs: 2 }]);
    // And the other way round: reported as the acme build, the placeholder run counts.
    expect(computeCoverage(onlyRunsOf(TUTORIAL_HASH), [acme])).toEqual([
      { ...REFUND_50, bundleHash: ACME_HASH },
    ]);
  });

  it("a run of a flow whose graph differs does not count: a state renamed, a Next changed", async () => {
    const renamed = JSON.parse(JSON.stringify(tutorial).replaceAll('"Finish"', '"Done"')) as Record<
      string,
      unknown
    >;
    const nextChanged = tutorialWith((states) => (states.CreateZendeskTicket!.Next = "InitiateRefund"));
    expect(identityOf(renamed)).not.toBe(identityOf(tutorial));
    expect(identityOf(nextChanged)).not.toBe(identityOf(tutorial));
    record();
    expect((await runRefund50(renamed)).states.at(-1)).toBe("Done");
    expect((await runRefund50(nextChanged)).status).toBe("succeeded");

    const recordings = readRecordings(dir);
    expect(recordings.runs).toHaveLength(2);
    expect(computeCoverage(recordings, [tutorial])).toEqual([
      {
        ...REFUND_50,
        runs: 0,
        // Told apart from "never run": the two runs were of versions whose states or transitions differ.
        otherVersionRuns: 2,
        states: {
          covered: 0,
          total: 8,
          missed: [
            "CheckEventSourceAndType",
            "ConvertRefundAmountToNum",
            "CheckRefundAmount",
            "GetUserProfile",
            "CheckForPremiumMembership",
            "CreateZendeskTicket",
            "InitiateRefund",
            "Finish",
          ],
        },
        branches: {
          covered: 0,
          total: 6,
          missed: [
            BRANCH_EVENT_RULE,
            BRANCH_EVENT_DEFAULT,
            BRANCH_AMOUNT_RULE,
            BRANCH_AMOUNT_DEFAULT,
            BRANCH_PREMIUM_RULE,
            BRANCH_PREMIUM_DEFAULT,
          ],
        },
      },
    ]);
    expect(computeCoverage(recordings, [renamed]).map((f) => [f.runs, f.otherVersionRuns])).toEqual([[1, 1]]);
    expect(computeCoverage(recordings, [nextChanged]).map((f) => f.runs)).toEqual([1]);
    // Both versions listed: each row counts its own run, and neither calls the other's "not counted".
    expect(
      computeCoverage(recordings, [renamed, nextChanged]).map((f) => [f.runs, f.otherVersionRuns]),
    ).toEqual([
      [1, undefined],
      [1, undefined],
    ]);
    // Without bundles given, the two versions stay two rows, told apart by their hashes.
    const rows = computeCoverage(recordings);
    expect(rows.map((f) => [f.bundleHash, f.runs])).toEqual(
      [bundleHash(renamed), bundleHash(nextChanged)].sort().map((hash) => [hash, 1]),
    );
    expect(formatCoverage(rows).split("\n")[1]).toMatch(
      new RegExp(`^RefundRequestFlow \\(${TUTORIAL_NAME} @[0-9a-f]{8}\\) +1 `),
    );
  });

  it("without bundles given, two builds differing only in a parameter value are one row with the runs of both", async () => {
    const first = acmeBuild("https://a.example.com/refunds");
    const second = acmeBuild("https://b.example.com/refunds");
    expect(bundleHash(first)).not.toBe(bundleHash(second));
    record();
    await runRefund50(first);
    await runRefund50(first);
    const premium = await runTutorial(
      "refund_request",
      "200.00",
      [{ match: { action: "GetUserProfile" }, response: profileResponse("premium") }, REFUND_OK],
      second,
    );
    expect(premium.status).toBe("succeeded");

    const recordings = readRecordings(dir);
    expect(recordings.bundles.size).toBe(2);
    const rows = computeCoverage(recordings);
    expect(rows).toEqual<FlowCoverage[]>([
      {
        bundle: TUTORIAL_NAME,
        // The version whose hash sorts first stands for both.
        bundleHash: [bundleHash(first), bundleHash(second)].sort()[0]!,
        flow: "RefundRequestFlow",
        runs: 3,
        states: { covered: 7, total: 8, missed: ["CreateZendeskTicket"] },
        branches: { covered: 4, total: 6, missed: [BRANCH_EVENT_DEFAULT, BRANCH_PREMIUM_DEFAULT] },
        catches: { covered: 0, total: 0, missed: [] },
      },
    ]);
    expect(formatCoverage(rows).split("\n")[1]).toBe("RefundRequestFlow     3  7/8 87.5%  4/6 66.6%  —");
    // The same whichever order the bundles are listed in.
    const reversed: Recordings = {
      bundles: new Map([...recordings.bundles].reverse()),
      runs: recordings.runs,
    };
    expect(computeCoverage(reversed)).toEqual(rows);
  });

  it("a changed jq expression, Parameters value or Choice comparand keeps the identity: one row", async () => {
    const jq = tutorialWith(
      (states) =>
        ((states.ConvertRefundAmountToNum!.Parameters as Record<string, unknown>).expr =
          "(.activity_event.user_activity.properties.refund_amount | tonumber)"),
    );
    const parameters = tutorialWith(
      (states) =>
        ((states.InitiateRefund!.Parameters as Record<string, unknown>)["profile_id.$"] =
          "$.input.activity_event.user_activity.user_id"),
    );
    const comparand = tutorialWith(
      (states) =>
        ((states.CheckRefundAmount!.Choices as Record<string, unknown>[])[0]!.NumericLessThanEquals = 150),
    );
    for (const version of [jq, parameters, comparand]) {
      expect(bundleHash(version)).not.toBe(TUTORIAL_HASH);
      expect(identityOf(version)).toBe(identityOf(tutorial));
    }
    record();
    for (const version of [tutorial, jq, parameters, comparand])
      expect((await runRefund50(version)).status).toBe("succeeded");

    const recordings = readRecordings(dir);
    expect(recordings.bundles.size).toBe(4);
    const rows = computeCoverage(recordings);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual({
      ...REFUND_50,
      bundleHash: [...recordings.bundles.keys()].sort()[0],
      runs: 4,
    });
  });

  it("a changed Choice rule Next, or rule order, splits it: two rows", async () => {
    const swapped = tutorialWith((states) => {
      const choice = states.CheckRefundAmount!;
      (choice.Choices as Record<string, unknown>[])[0]!.Next = "GetUserProfile";
      choice.Default = "InitiateRefund";
    });
    expect(identityOf(swapped)).not.toBe(identityOf(tutorial));
    const reordered = structuredClone(links) as {
      resources: Record<
        string,
        { type: string; properties: { definition: { States: Record<string, { Choices?: unknown[] }> } } }
      >;
    };
    const linksFlow = Object.values(reordered.resources).find((r) => r.type === "ZIS::Flow")!;
    expect(linksFlow.properties.definition.States.CheckLinkCount!.Choices).toHaveLength(2);
    linksFlow.properties.definition.States.CheckLinkCount!.Choices!.reverse();
    expect(identityOf(reordered)).not.toBe(identityOf(links));

    record();
    await runTutorial("page_view", "5.00", []);
    await runTutorial("page_view", "5.00", [], swapped);
    const rows = computeCoverage(readRecordings(dir));
    expect(rows.map((f) => [f.bundleHash, f.runs])).toEqual(
      [TUTORIAL_HASH, bundleHash(swapped)].sort().map((hash) => [hash, 1]),
    );
  });

  it("the flow's name is known without its integration key; the bundle's name is part of the identity", () => {
    const named = (name: string) =>
      JSON.parse(
        JSON.stringify(tutorial).replace('"name":"RefundRequestFlow"', `"name":${JSON.stringify(name)}`),
      ) as Record<string, unknown>;
    const acme = named("zis:acme:flow:RefundRequestFlow");
    expect(flowGraphs(acme)[0]!.flow).toBe("zis:acme:flow:RefundRequestFlow");
    expect(identityOf(acme)).toBe(identityOf(tutorial));
    expect(identityOf(named("zis:INTEGRATION:flow:RefundRequestFlow"))).toBe(identityOf(tutorial));
    expect(identityOf(named("RefundFlow"))).not.toBe(identityOf(tutorial));
    expect(identityOf({ ...tutorial, name: "Another bundle" })).not.toBe(identityOf(tutorial));
    // A run recorded with the flow's resource key counts as well as one with its name.
    const run: RunRecord = {
      bundle: TUTORIAL_HASH,
      flow: "RefundRequestFlow",
      status: "succeeded",
      steps: [],
    };
    const recordings: Recordings = {
      bundles: new Map([[TUTORIAL_HASH, tutorial]]),
      runs: [run, { ...run, flow: "NoSuchFlow" }],
    };
    expect(computeCoverage(recordings, [acme]).map((f) => [f.flow, f.runs])).toEqual([
      ["zis:acme:flow:RefundRequestFlow", 1],
    ]);
  });
});

describe("readRecordings errors", () => {
  /** Records one run of the tutorial; returns the runs file. */
  async function oneRun(): Promise<string> {
    record();
    await runRefund50();
    stop!();
    const [file] = readdirSync(path.join(dir, "runs"));
    return path.join(dir, "runs", file!);
  }

  it("no directory: no_recordings, naming the directory", () => {
    const missing = path.join(dir, "nothing-here");
    const error = thrown(() => readRecordings(missing));
    expect(error.code).toBe("no_recordings");
    expect(error.message).toMatch(
      new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: no recorded runs`),
    );
    expect(error.message).toContain("ZISFLOW_COVERAGE_DIR=");
  });

  it("an empty recording directory reads as no bundles and no runs", () => {
    record();
    expect(readRecordings(dir)).toEqual({ bundles: new Map(), runs: [] });
  });

  it("a malformed JSONL line names file:line", async () => {
    const file = await oneRun();
    appendFileSync(file, "\n{not json\n");
    const error = thrown(() => readRecordings(dir));
    expect(error.code).toBe("unreadable_recording");
    expect(error.message.startsWith(`${file}:3: `)).toBe(true);
  });

  it("a JSON line that is not a run record names file:line", async () => {
    const file = await oneRun();
    appendFileSync(
      file,
      JSON.stringify({ bundle: TUTORIAL_HASH, flow: "RefundRequestFlow", steps: [{}] }) + "\n",
    );
    const error = thrown(() => readRecordings(dir));
    expect(error.code).toBe("unreadable_recording");
    expect(error.message).toBe(`${file}:2: not a run record`);
  });

  it("a run whose bundle file is missing", async () => {
    const file = await oneRun();
    unlinkSync(path.join(dir, "bundles", `${TUTORIAL_HASH}.json`));
    const error = thrown(() => readRecordings(dir));
    expect(error.code).toBe("unreadable_recording");
    expect(error.message).toBe(`${file}:1: the bundle it ran (bundles/${TUTORIAL_HASH}.json) is missing`);
  });

  it("a malformed bundle file is named", async () => {
    await oneRun();
    const bundleFile = path.join(dir, "bundles", `${TUTORIAL_HASH}.json`);
    appendFileSync(bundleFile, "}");
    const error = thrown(() => readRecordings(dir));
    expect(error.code).toBe("unreadable_recording");
    expect(error.message.startsWith(`${bundleFile}: `)).toBe(true);
  });
});

const tally = (covered: number, total: number, missed: string[] = []) => ({ covered, total, missed });

describe("reports", () => {
  it("formatCoverage: the tutorial's ≤ 100 path, whole text", async () => {
    record();
    await runRefund50();
    expect(formatCoverage([tutorialCoverage()])).toBe(
      [
        "flow               runs  states     branches   catches",
        "RefundRequestFlow     1  5/8 62.5%  2/6 33.3%  —",
        "",
        "never reached:",
        "  RefundRequestFlow: state GetUserProfile",
        "  RefundRequestFlow: state CheckForPremiumMembership",
        "  RefundRequestFlow: state CreateZendeskTicket",
        `  RefundRequestFlow: branch ${BRANCH_EVENT_DEFAULT}`,
        `  RefundRequestFlow: branch ${BRANCH_AMOUNT_DEFAULT}`,
        `  RefundRequestFlow: branch ${BRANCH_PREMIUM_RULE}`,
        `  RefundRequestFlow: branch ${BRANCH_PREMIUM_DEFAULT}`,
        "",
      ].join("\n"),
    );
  });

  const small: FlowCoverage[] = [
    {
      bundle: "Alpha",
      bundleHash: "a".repeat(64),
      flow: "Main",
      runs: 12,
      states: tally(4, 4),
      branches: tally(7, 8, ["Pick: default → Done"]),
      catches: tally(0, 1, ["Call: States.ALL → Failed"]),
    },
    {
      bundle: "Beta",
      bundleHash: "b".repeat(64),
      flow: "Main",
      runs: 0,
      states: tally(0, 1, ["Done"]),
      branches: tally(0, 0),
      catches: tally(0, 0),
    },
    {
      bundle: "Beta",
      bundleHash: "b".repeat(64),
      flow: "Side",
      runs: 3,
      states: tally(2, 2),
      branches: tally(0, 0),
      catches: tally(0, 0),
    },
  ];

  it("formatCoverage: whole text, a flow name shared by two bundles shows its bundle, — for nothing", () => {
    expect(formatCoverage(small)).toBe(
      [
        "flow          runs  states    branches   catches",
        "Main (Alpha)    12  4/4 100%  7/8 87.5%  0/1 0%",
        "Main (Beta)      0  0/1 0%    —          —",
        "Side             3  2/2 100%  —          —",
        "",
        "never reached:",
        "  Main (Alpha): branch Pick: default → Done",
        "  Main (Alpha): catch Call: States.ALL → Failed",
        "  Main (Beta): state Done",
        "",
      ].join("\n"),
    );
    expect(formatCoverage([small[2]!])).toBe(
      ["flow  runs  states    branches  catches", "Side     3  2/2 100%  —         —", ""].join("\n"),
    );
    expect(formatCoverage([])).toBe("zisflow coverage: no flows\n");
  });

  it("formatPercent: one decimal, floored, never rounded up to 100", () => {
    expect(formatPercent(100)).toBe("100%");
    expect(formatPercent(87.5)).toBe("87.5%");
    expect(formatPercent(99.95)).toBe("99.9%");
    expect(formatPercent(99.99)).toBe("99.9%");
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(62.5)).toBe("62.5%");
    expect(formatPercent(100 / 3)).toBe("33.3%");
    expect(formatPercent(200 / 3)).toBe("66.6%");
    expect(formatPercent(percent(tally(999, 1000)))).toBe("99.9%");
    expect(formatPercent(percent(tally(1999, 2000)))).toBe("99.9%");
    // Every tally up to 400 items shows its exact floored tenth.
    for (let total = 1; total <= 400; total++)
      for (let covered = 0; covered <= total; covered++) {
        const tenths = Math.floor((1000 * covered) / total);
        const expected = `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
        if (formatPercent(percent(tally(covered, total))) !== expected)
          expect.fail(`${covered}/${total}: ${formatPercent(percent(tally(covered, total)))} ≠ ${expected}`);
      }
  });

  it("percent: nothing of a kind counts as fully covered", () => {
    expect(percent(tally(0, 0))).toBe(100);
    expect(percent(tally(3, 4))).toBe(75);
  });

  it("belowThreshold: one line per flow and kind under the threshold", () => {
    expect(belowThreshold(small, 100)).toEqual([
      "Main (Alpha): branches 87.5% is below 100%",
      "Main (Alpha): catches 0% is below 100%",
      "Main (Beta): states 0% is below 100%",
    ]);
    expect(belowThreshold(small, 87.5)).toEqual([
      "Main (Alpha): catches 0% is below 87.5%",
      "Main (Beta): states 0% is below 87.5%",
    ]);
    expect(belowThreshold(small, 0)).toEqual([]);
    expect(belowThreshold([small[2]!], 100)).toEqual([]);
  });

  it("coverageJson: the flows with their percentages, and the threshold's verdict when given", () => {
    const json = coverageJson(small.slice(0, 1), 90);
    expect(json).toEqual({
      flows: [{ ...small[0], percent: { states: 100, branches: 87.5, catches: 0 } }],
      threshold: 90,
      below: ["Main: branches 87.5% is below 90%", "Main: catches 0% is below 90%"],
    });
    const plain = coverageJson(small.slice(2), undefined);
    expect(plain).toEqual({
      flows: [{ ...small[2], percent: { states: 100, branches: 100, catches: 100 } }],
    });
    expect(Object.keys(plain)).toEqual(["flows"]);
    // What --json prints survives a round trip through JSON.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
