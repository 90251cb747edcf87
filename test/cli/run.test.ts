import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, useTempFolder } from "../support/cli.js";
import { ROOT } from "../support/shared.js";
import { activityEvent, profileResponse, TUTORIAL_BUNDLE_FILE } from "../support/tutorial.js";

const folder = useTempFolder("zisflow-run-");
const write = folder.write;

const run = (...args: string[]) => runCli(["run", ...args], folder.dir);
const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");

/** The compiled tutorial bundle, by absolute path (the CLI runs in the temp folder). */
const BUNDLE = TUTORIAL_BUNDLE_FILE;
/** The tutorial's bundle module, run directly (compiled on the fly). */
const MODULE = path.join(ROOT, "flows/refund-requests.ts");

const REFUND_OK = {
  match: { action: "InitiateRefund", method: "POST", url: "EXTERNAL_TARGET_URL" },
  response: { status: 200, body: { ok: true } },
};

const REFUND_789 = '{"order_id":"789","refund_amount":"100.00","user_profile_id":"01HPROFILE"}';

/** The trace of the $100.00 case: no profile lookup, straight to the refund. */
const TRACE_100 = [
  "flow RefundRequestFlow",
  "  CheckEventSourceAndType (Choice)",
  "    rule 1 matched → ConvertRefundAmountToNum",
  "  ConvertRefundAmountToNum (Action)",
  "    → CheckRefundAmount",
  "  CheckRefundAmount (Choice)",
  "    rule 1 matched → InitiateRefund",
  "  InitiateRefund (Action)",
  `    POST EXTERNAL_TARGET_URL ${REFUND_789}`,
  "    → Finish",
  "  Finish (Succeed)",
  "    log: Execution Successful",
  "succeeded: Execution Successful",
];

describe("zisflow run on dist-bundles/my_zis_bundle.json (the tutorial's three cases)", () => {
  let event100: string;
  let event200premium: string;
  let event200basic: string;
  beforeAll(() => {
    event100 = write(
      "event-100.json",
      activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }),
    );
    event200premium = write(
      "event-200-premium.json",
      activityEvent("refund_request", { order_id: "456", refund_amount: "200.00" }),
    );
    event200basic = write(
      "event-200-basic.json",
      activityEvent("refund_request", { order_id: "123", refund_amount: "200.00" }),
    );
  });

  it("$100.00 basic: prints every state with its decision, the refund POST, and the outcome (exit 0)", async () => {
    const mocks = write("mocks-100.json", { http: [REFUND_OK] });
    const result = await run(BUNDLE, "--event", event100, "--mocks", mocks);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(TRACE_100.join("\n") + "\n");
  });

  it("$200.00 premium: the profile GET, the premium rule, then the refund POST (exit 0)", async () => {
    const mocks = write("mocks-200-premium.json", {
      http: [{ match: { action: "GetUserProfile" }, response: profileResponse("premium") }, REFUND_OK],
    });
    const result = await run(BUNDLE, "--event", event200premium, "--mocks", mocks, "--subdomain", "acme");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      "flow RefundRequestFlow",
      "  CheckEventSourceAndType (Choice)",
      "    rule 1 matched → ConvertRefundAmountToNum",
      "  ConvertRefundAmountToNum (Action)",
      "    → CheckRefundAmount",
      "  CheckRefundAmount (Choice)",
      "    no rule matched: Default → GetUserProfile",
      "  GetUserProfile (Action)",
      "    GET https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE",
      "    → CheckForPremiumMembership",
      "  CheckForPremiumMembership (Choice)",
      "    rule 1 matched → InitiateRefund",
      "  InitiateRefund (Action)",
      '    POST EXTERNAL_TARGET_URL {"order_id":"456","refund_amount":"200.00","user_profile_id":"01HPROFILE"}',
      "    → Finish",
      "  Finish (Succeed)",
      "    log: Execution Successful",
      "succeeded: Execution Successful",
    ]);
  });

  it("$200.00 basic: the profile GET, no rule matched, then the ticket POST with its JSON body (exit 0)", async () => {
    const mocks = write("mocks-200-basic.json", {
      http: [
        { match: { action: "GetUserProfile" }, response: profileResponse("basic") },
        {
          match: {
            action: "CreateZendeskTicket",
            method: "POST",
            url: "https://acme.zendesk.com/api/v2/tickets.json",
          },
          response: { status: 201, body: { ticket: { id: 75 } } },
        },
      ],
    });
    const result = await run(BUNDLE, "--event", event200basic, "--mocks", mocks, "--subdomain", "acme");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      "flow RefundRequestFlow",
      "  CheckEventSourceAndType (Choice)",
      "    rule 1 matched → ConvertRefundAmountToNum",
      "  ConvertRefundAmountToNum (Action)",
      "    → CheckRefundAmount",
      "  CheckRefundAmount (Choice)",
      "    no rule matched: Default → GetUserProfile",
      "  GetUserProfile (Action)",
      "    GET https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE",
      "    → CheckForPremiumMembership",
      "  CheckForPremiumMembership (Choice)",
      "    no rule matched: Default → CreateZendeskTicket",
      "  CreateZendeskTicket (Action)",
      "    POST https://acme.zendesk.com/api/v2/tickets.json " +
        JSON.stringify({
          ticket: {
            subject: "Refund request for order 123",
            comment: { body: "Hi,\n I'm requesting a $200.00 refund for order 123." },
            requester_id: 388200000001,
          },
        }),
      "    → Finish",
      "  Finish (Succeed)",
      "    log: Execution Successful",
      "succeeded: Execution Successful",
    ]);
  });

  it("a non-refund event goes straight to Finish by the Default rule and sends nothing", async () => {
    const event = write(
      "event-page-view.json",
      activityEvent("page_view", { order_id: "1", refund_amount: "5.00" }),
    );
    const result = await run(BUNDLE, "--event", event);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "flow RefundRequestFlow",
        "  CheckEventSourceAndType (Choice)",
        "    no rule matched: Default → Finish",
        "  Finish (Succeed)",
        "    log: Execution Successful",
        "succeeded: Execution Successful",
        "",
      ].join("\n"),
    );
  });

  it("--flow accepts the flow's name and its zis:<integration>:flow: reference", async () => {
    const mocks = write("mocks-flow.json", { http: [REFUND_OK] });
    for (const flow of ["RefundRequestFlow", "zis:INTEGRATION:flow:RefundRequestFlow"]) {
      const result = await run(BUNDLE, "--event", event100, "--mocks", mocks, "--flow", flow);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(TRACE_100.join("\n") + "\n");
    }
  });

  it("--json prints the RunResult as JSON", async () => {
    const mocks = write("mocks-json.json", { http: [REFUND_OK] });
    const result = await run(BUNDLE, "--event", event100, "--mocks", mocks, "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown> & {
      trace: Array<{ state: string; type: string; choice?: unknown; next?: unknown }>;
    };
    expect(Object.keys(parsed)).toEqual([
      "status",
      "flow",
      "states",
      "output",
      "error",
      "requests",
      "trace",
      "log",
    ]);
    expect(parsed.status).toBe("succeeded");
    expect(parsed.flow).toBe("RefundRequestFlow");
    expect(parsed.states).toEqual([
      "CheckEventSourceAndType",
      "ConvertRefundAmountToNum",
      "CheckRefundAmount",
      "InitiateRefund",
      "Finish",
    ]);
    expect(parsed.output).toEqual({ ok: true });
    expect(parsed.error).toBeNull();
    expect(parsed.requests).toEqual([
      {
        action: "InitiateRefund",
        method: "POST",
        url: "EXTERNAL_TARGET_URL",
        headers: {},
        body: { order_id: "789", refund_amount: "100.00", user_profile_id: "01HPROFILE" },
      },
    ]);
    expect(parsed.log).toBe("Execution Successful");
    expect(parsed.trace.map((e) => [e.state, e.type, e.choice, e.next])).toEqual([
      ["CheckEventSourceAndType", "Choice", 0, "ConvertRefundAmountToNum"],
      ["ConvertRefundAmountToNum", "Action", undefined, "CheckRefundAmount"],
      ["CheckRefundAmount", "Choice", 0, "InitiateRefund"],
      ["InitiateRefund", "Action", undefined, "Finish"],
      ["Finish", "Succeed", undefined, undefined],
    ]);
  });

  it("--json of a failed run carries the error (exit 1)", async () => {
    const mocks = write("mocks-json-500.json", {
      http: [{ match: { action: "InitiateRefund" }, response: { status: 500, body: "oops" } }],
    });
    const result = await run(BUNDLE, "--event", event100, "--mocks", mocks, "--json");
    expect(result.code).toBe(1);
    const parsed = JSON.parse(result.stdout) as { status: string; error: unknown; log: string };
    expect(parsed.status).toBe("failed");
    expect(parsed.error).toEqual({
      Error: "States.TaskFailed",
      Cause: "external action failed due to status code: 500",
    });
    expect(parsed.log).toBe("external action failed due to status code: 500");
  });
});

describe("zisflow run on the bundle module flows/refund-requests.ts", () => {
  it("compiles it on the fly with --integration acme; URLs do not depend on the integration key", async () => {
    const event = write(
      "module-event-200.json",
      activityEvent("refund_request", { order_id: "123", refund_amount: "200.00" }),
    );
    const mocks = write("module-mocks.json", {
      http: [
        {
          match: {
            action: "GetUserProfile",
            method: "GET",
            url: "https://example.zendesk.com/api/v2/user_profiles/01HPROFILE",
          },
          response: profileResponse("basic"),
        },
        {
          match: {
            action: "CreateZendeskTicket",
            method: "POST",
            url: "https://example.zendesk.com/api/v2/tickets.json",
          },
          response: { status: 201, body: { ticket: { id: 75 } } },
        },
      ],
    });
    const text = await run(MODULE, "--integration", "acme", "--event", event, "--mocks", mocks);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    const output = lines(text.stdout);
    expect(output).toContain("    GET https://example.zendesk.com/api/v2/user_profiles/01HPROFILE");
    expect(output.filter((l) => l.startsWith("    POST "))).toEqual([
      expect.stringMatching(/^ {4}POST https:\/\/example\.zendesk\.com\/api\/v2\/tickets\.json \{"ticket":/),
    ]);
    expect(output.at(-1)).toBe("succeeded: Execution Successful");

    const json = await run(MODULE, "--integration", "acme", "--event", event, "--mocks", mocks, "--json");
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout) as {
      requests: Array<{ action: string; method: string; url: string }>;
      trace: Array<{ input: { integration_key: string } }>;
    };
    expect(result.requests.map((r) => [r.action, r.method, r.url])).toEqual([
      ["GetUserProfile", "GET", "https://example.zendesk.com/api/v2/user_profiles/01HPROFILE"],
      ["CreateZendeskTicket", "POST", "https://example.zendesk.com/api/v2/tickets.json"],
    ]);
    expect(result.trace[0]!.input.integration_key).toBe("acme");
  });

  it("runs the $100.00 case to the same trace as the compiled bundle", async () => {
    const event = write(
      "module-event-100.json",
      activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }),
    );
    const mocks = write("module-mocks-100.json", { http: [REFUND_OK] });
    const result = await run(MODULE, "--integration", "acme", "--event", event, "--mocks", mocks);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(TRACE_100.join("\n") + "\n");
  });

  it("a request no mock answers: exit 2, stderr names method, URL and action, no stack trace", async () => {
    const event = write(
      "module-event-unmocked.json",
      activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }),
    );
    const result = await run(MODULE, "--integration", "acme", "--event", event);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^zisflow run: no mock answers POST EXTERNAL_TARGET_URL \(action InitiateRefund\); add \{"match":\{"action":"InitiateRefund","method":"POST","url":"EXTERNAL_TARGET_URL"\},"response":\{"status":200,"body":\{\}\}\} to mocks\.http\n$/,
    );
    expect(result.stderr).not.toContain("    at ");
    expect(lines(result.stderr)).toHaveLength(1);
  });
});

describe("zisflow run on a failing flow", () => {
  it("the refund API answers 500: exit 1, the error under InitiateRefund, and the failure last", async () => {
    const event = write(
      "event-fail.json",
      activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }),
    );
    const mocks = write("mocks-500.json", {
      http: [{ match: { action: "InitiateRefund" }, response: { status: 500, body: "oops" } }],
    });
    const result = await run(BUNDLE, "--event", event, "--mocks", mocks);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const output = lines(result.stdout);
    expect(output.slice(-4)).toEqual([
      "  InitiateRefund (Action)",
      `    POST EXTERNAL_TARGET_URL ${REFUND_789}`,
      "    error States.TaskFailed: external action failed due to status code: 500",
      "failed: States.TaskFailed: external action failed due to status code: 500",
    ]);
    expect(output).not.toContain("  Finish (Succeed)");
  });
});

describe("zisflow run on a broken mocks file (exit 2, one line naming the file and the JSON pointer)", () => {
  it.each([
    ["a mock without match", { http: [{ response: { status: 200 } }] }, "/http/0/match"],
    ["http not a list", { http: {} }, "/http"],
    [
      "a status that is text",
      { http: [{ match: {}, response: { status: "200" } }] },
      "/http/0/response/status",
    ],
    ["configs as a list", { configs: [1] }, "/configs"],
    ["a link without names", { links: [{ link_type: "t" }] }, "/links/0/left_object"],
    ["a misspelt key", { htpp: [] }, "/"],
    ["not an object", [], "/"],
  ])("%s", async (_, content, pointer) => {
    const event = write(
      "broken-mocks-event.json",
      activityEvent("page_view", { order_id: "1", refund_amount: "5.00" }),
    );
    const mocks = write("broken-mocks.json", content);
    const result = await run(BUNDLE, "--event", event, "--mocks", mocks);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr.startsWith(`zisflow run: ${mocks}: ${pointer}: `)).toBe(true);
  });
});

describe("zisflow run usage errors (exit 2)", () => {
  let event: string;
  beforeAll(() => {
    event = write("usage-event.json", activityEvent("page_view", { order_id: "1", refund_amount: "5.00" }));
  });

  it("no --event", async () => {
    const result = await run(BUNDLE);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("zisflow run: run needs --event EVENT.json (the flow's $.input)\n");
  });

  it("--budget sets a limit of the run budget, and a spent one is exit 2 naming it and the state", async () => {
    const result = await run(
      BUNDLE,
      "--event",
      event,
      "--budget",
      "transitions=1",
      "--budget",
      "jqSteps=1e6",
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toBe('zisflow run: budget exceeded: transitions (1) at state "Finish"\n');
  });

  it.each([
    ["transitions", '--budget takes NAME=VALUE with a positive number, found "transitions"'],
    ["transitions=-1", '--budget takes NAME=VALUE with a positive number, found "transitions=-1"'],
    [
      "maxTransitions=5",
      '--budget: no limit named "maxTransitions" (limits: flowSeconds, transitions, retryAttempts, dataBytes, payloadBytes, jqSteps, jqMilliseconds)',
    ],
  ])("--budget %s is a usage error", async (flag, message) => {
    const result = await run(BUNDLE, "--event", event, "--budget", flag);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith(`zisflow run: ${message}\n`)).toBe(true);
  });

  it("two bundle arguments", async () => {
    const result = await run(BUNDLE, BUNDLE, "--event", event);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("zisflow run: run takes exactly one BUNDLE.json or MODULE.ts\n");
  });

  it("no bundle argument", async () => {
    const result = await run("--event", event);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("zisflow run: run takes exactly one BUNDLE.json or MODULE.ts\n");
  });

  it("a missing event file is named", async () => {
    const result = await run(BUNDLE, "--event", "no-such-event.json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("zisflow run: no-such-event.json: no such file\n");
  });

  it("a missing mocks file is named", async () => {
    const result = await run(BUNDLE, "--event", event, "--mocks", "no-such-mocks.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("zisflow run: no-such-mocks.json: no such file\n");
  });

  it("a missing bundle file is named", async () => {
    const result = await run("no-such-bundle.json", "--event", event);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("zisflow run: no-such-bundle.json: no such file\n");
  });

  it("malformed event JSON, with line and column", async () => {
    const bad = write(
      "bad-event.json",
      '{\n  "activity_event": {\n    "type": "User Activity Created",\n    "user_activity": { "id": "01HACTIVITY" "type": "refund_request" }\n  }\n}\n',
    );
    const result = await run(BUNDLE, "--event", bad);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "zisflow run: bad-event.json: invalid JSON at line 4, column 44: expected ',' or '}', found '\"'\n",
    );
    expect(result.stderr).not.toContain("    at ");
  });

  it("--flow naming no flow lists the bundle's flows", async () => {
    const result = await run(BUNDLE, "--event", event, "--flow", "RefundFlow");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `zisflow run: ${BUNDLE}: the bundle has no flow named "RefundFlow" (flows: RefundRequestFlow)\n`,
    );
  });

  it("an unknown option is named", async () => {
    const result = await run(BUNDLE, "--event", event, "--mock", "mocks.json");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--mock");
  });

  it("run --help prints the usage and exits 0", async () => {
    const result = await run("--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      /^Usage: zisflow run BUNDLE\.json\|MODULE\.ts --event EVENT\.json \[--flow NAME\] \[--mocks MOCKS\.json\]/,
    );
    expect(result.stdout).toContain(
      "Exit 0: the flow succeeded; 1: it failed; 2: usage error, unreadable input, or a request no mock answers.",
    );
  });
});
