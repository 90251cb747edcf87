import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, useTempFolder } from "../support/cli.js";
import { ROOT } from "../support/shared.js";
import { activityEvent, profileResponse, TUTORIAL_BUNDLE_FILE } from "../support/tutorial.js";
import { flowBundle, ticketInput } from "../support/bundles.js";

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
  `    POST EXTERNAL_TARGET_URL ${REFUND_789} → 200`,
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
      "    GET https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE → 200",
      "    → CheckForPremiumMembership",
      "  CheckForPremiumMembership (Choice)",
      "    rule 1 matched → InitiateRefund",
      "  InitiateRefund (Action)",
      '    POST EXTERNAL_TARGET_URL {"order_id":"456","refund_amount":"200.00","user_profile_id":"01HPROFILE"} → 200',
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
      "    GET https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE → 200",
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
        }) +
        " → 201",
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
    expect(output).toContain("    GET https://example.zendesk.com/api/v2/user_profiles/01HPROFILE → 200");
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
    // The states that ran, up to the request nothing answered (no status, no outcome).
    expect(lines(result.stdout)).toEqual([
      ...TRACE_100.slice(1, TRACE_100.indexOf("  InitiateRefund (Action)") + 1),
      `    POST EXTERNAL_TARGET_URL ${REFUND_789}`,
    ]);
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
      `    POST EXTERNAL_TARGET_URL ${REFUND_789} → 500`,
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
    // The state that ran before the budget was spent going to Finish.
    expect(lines(result.stdout)).toEqual([
      "  CheckEventSourceAndType (Choice)",
      "    no rule matched: Default → Finish",
    ]);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toBe('zisflow run: budget exceeded: transitions (1) at state "Finish"\n');
  });

  it.each([
    ["transitions", '--budget takes NAME=VALUE with a positive number, found "transitions"'],
    ["transitions=-1", '--budget takes NAME=VALUE with a positive number, found "transitions=-1"'],
    [
      "maxTransitions=5",
      '--budget: no limit named "maxTransitions" (limits: flowSeconds, transitions, retryAttempts, dataBytes, payloadBytes, copiedMembers, jqSteps, jqMilliseconds)',
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

/** A flow authenticating the older way: the token read from $.connections.legacy.access_token. */
const LEGACY_BUNDLE = flowBundle(
  {
    Fetch: {
      Type: "Action",
      ActionName: "zis:test_int:action:GetTicket",
      Parameters: { "token.$": "$.connections.legacy.access_token" },
      ResultPath: "$.ticket",
      End: true,
    },
  },
  {
    actions: {
      GetTicket: {
        method: "GET",
        url: "https://legacy.example.com/tickets/1",
        headers: [{ key: "Authorization", "value.$": "Bearer {{$.token}}" }],
      },
    },
  },
);

describe("zisflow run --connections", () => {
  it("gives the flow $.connections.<name>.access_token, so a bundle reading it runs (exit 0)", async () => {
    const bundle = write("legacy-bundle.json", LEGACY_BUNDLE);
    const event = write("legacy-event.json", ticketInput());
    const mocks = write("legacy-mocks.json", {
      http: [{ match: { action: "GetTicket" }, response: { status: 200, body: { id: 1 } } }],
    });
    const connections = write("connections.json", { legacy: { type: "oauth", token: "s3cret" } });
    const result = await run(
      bundle,
      "--event",
      event,
      "--mocks",
      mocks,
      "--connections",
      connections,
      "--json",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { requests: Array<{ headers: Record<string, string> }> };
    expect(json.requests.map((r) => r.headers["Authorization"])).toEqual(["Bearer s3cret"]);

    const text = await run(bundle, "--event", event, "--mocks", mocks, "--connections", connections);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        "flow TestFlow",
        "  Fetch (Action)",
        "    GET https://legacy.example.com/tickets/1 → 200",
        "succeeded: Execution Successful",
        "",
      ].join("\n"),
    );
  });

  it("without it the same bundle fails at the read", async () => {
    const bundle = write("legacy-bundle.json", LEGACY_BUNDLE);
    const event = write("legacy-event.json", ticketInput());
    const result = await run(bundle, "--event", event);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "flow TestFlow",
        "  Fetch (Action)",
        "    error States.Runtime: JSON path not found: $.connections.legacy.access_token",
        "failed: States.Runtime: JSON path not found: $.connections.legacy.access_token",
        "",
      ].join("\n"),
    );
  });

  it("passes connections named by actions' connectionName (an api_key header)", async () => {
    const bundle = write(
      "vendor-bundle.json",
      flowBundle(
        { Call: { Type: "Action", ActionName: "zis:test_int:action:Vendor", End: true } },
        {
          actions: {
            Vendor: { method: "GET", url: "https://api.vendor.test/v1/x", connectionName: "vendor" },
          },
        },
      ),
    );
    const event = write("vendor-event.json", ticketInput());
    const mocks = write("vendor-mocks.json", {
      http: [{ match: { action: "Vendor" }, response: { status: 200, body: {} } }],
    });
    const connections = write("vendor-connections.json", {
      vendor: { type: "api_key", header_name: "X-Api-Key", api_key: "k1", allowed_domain: "vendor.test" },
    });
    const result = await run(
      bundle,
      "--event",
      event,
      "--mocks",
      mocks,
      "--connections",
      connections,
      "--json",
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      requests: Array<{ headers: Record<string, string>; connection?: string }>;
    };
    expect(json.requests).toEqual([
      expect.objectContaining({
        connection: "vendor",
        headers: expect.objectContaining({ "X-Api-Key": "k1" }),
      }),
    ]);
  });

  it.each([
    ["not an object", [], "/: expected an object of connections by name"],
    ["a connection that is null", { legacy: null }, "/legacy: Invalid input: expected object, received null"],
    [
      "an unknown type",
      { legacy: { type: "password", token: "t" } },
      "/legacy/type: Invalid discriminator value. Expected 'oauth' | 'bearer_token' | 'api_key' | 'basic_auth'",
    ],
    [
      "a token that is a number",
      { legacy: { type: "oauth", token: 1 } },
      "/legacy/token: Invalid input: expected string, received number",
    ],
    [
      "a misspelt key",
      { legacy: { type: "oauth", tokne: "t" } },
      "/legacy/token: Invalid input: expected string, received undefined",
    ],
    [
      "an extra key",
      { legacy: { type: "bearer_token", token: "t", domain: "x" } },
      "/legacy: unknown properties domain",
    ],
    [
      "a key with a slash",
      { "a/b": { type: "oauth" } },
      "/a~1b/token: Invalid input: expected string, received undefined",
    ],
  ])(
    "a broken file, %s: exit 2, one line naming the file and the JSON pointer",
    async (_, content, start) => {
      const event = write("broken-conn-event.json", ticketInput());
      const connections = write("broken-connections.json", content);
      const result = await run(
        write("legacy-bundle.json", LEGACY_BUNDLE),
        "--event",
        event,
        "--connections",
        connections,
      );
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`zisflow run: ${connections}: ${start}\n`);
    },
  );

  it("a missing file is named", async () => {
    const event = write("missing-conn-event.json", ticketInput());
    const result = await run(BUNDLE, "--event", event, "--connections", "nope.json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("zisflow run: nope.json: no such file\n");
  });
});

describe("zisflow run --set", () => {
  const event100 = () =>
    write(
      "set-event-100.json",
      activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }),
    );

  it("gives a bundle module's build parameter its value, as zisflow build does", async () => {
    const mocks = write("set-mocks.json", {
      http: [
        {
          match: { action: "InitiateRefund", method: "POST", url: "https://refunds.example.com/api" },
          response: { status: 200, body: { ok: true } },
        },
      ],
    });
    const result = await run(
      MODULE,
      "--integration",
      "acme",
      "--set",
      "EXTERNAL_TARGET_URL=https://refunds.example.com/api",
      "--event",
      event100(),
      "--mocks",
      mocks,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      TRACE_100.map((line) => line.replace("EXTERNAL_TARGET_URL", "https://refunds.example.com/api")).join(
        "\n",
      ) + "\n",
    );
  });

  it("a parameter the module does not use is a usage error (exit 2)", async () => {
    const result = await run(MODULE, "--set", "NOPE=1", "--event", event100());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `zisflow run: --set NOPE: ${MODULE} uses no build parameter of that name (its parameters: EXTERNAL_TARGET_URL)\n`,
    );
  });

  it("INTEGRATION is --integration's (exit 2)", async () => {
    const result = await run(MODULE, "--set", "INTEGRATION=acme", "--event", event100());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("zisflow run: give the integration key with --integration, not --set\n");
  });

  it("with bundle JSON it is refused in one line (exit 2)", async () => {
    const result = await run(BUNDLE, "--set", "EXTERNAL_TARGET_URL=https://x.test", "--event", event100());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `zisflow run: --set is for bundle modules (.ts); ${BUNDLE} is bundle JSON, whose parameters were set when it was built\n`,
    );
  });

  it("without NAME=VALUE it is a usage error (exit 2)", async () => {
    const result = await run(MODULE, "--set", "EXTERNAL_TARGET_URL", "--event", event100());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('zisflow run: --set takes NAME=VALUE, found "EXTERNAL_TARGET_URL"\n');
  });
});

describe("zisflow run: the trace of a state with Retry, attempt by attempt", () => {
  const retryBundle = (parameters: Record<string, unknown> = {}) =>
    flowBundle(
      {
        Post: {
          Type: "Action",
          ActionName: "zis:test_int:action:Notify",
          Parameters: parameters,
          Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 3 }],
          Next: "Done",
        },
        Done: { Type: "Succeed" },
      },
      {
        actions: {
          Notify: {
            method: "POST",
            url: "https://hooks.example.com/notify",
            requestBody: { "ticket.$": "$.id" },
          },
        },
      },
    );

  it("each attempt's request, then the retry after it; success on the third attempt (exit 0)", async () => {
    const bundle = write("retry-bundle.json", retryBundle({ "id.$": "$.input.ticket_event.ticket.id" }));
    const event = write("retry-event.json", ticketInput());
    const mocks = write("retry-mocks.json", {
      http: [
        { match: { action: "Notify" }, response: { status: 500 }, times: 1 },
        { match: { action: "Notify" }, response: { status: 503 }, times: 1 },
        { match: { action: "Notify" }, response: { status: 200, body: {} } },
      ],
    });
    const result = await run(bundle, "--event", event, "--mocks", mocks);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "flow TestFlow",
        "  Post (Action)",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 500',
        "    retry after 1 s",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 503',
        "    error States.TaskFailed: external action failed due to status code: 503",
        "    retry after 3 s",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 200',
        "    → Done",
        "  Done (Succeed)",
        "    log: Execution Successful",
        "succeeded: Execution Successful",
        "",
      ].join("\n"),
    );
  });

  it("mocks that run out between attempts: the attempts so far on stdout, the harness error on stderr (exit 2)", async () => {
    const bundle = write("retry-bundle.json", retryBundle({ "id.$": "$.input.ticket_event.ticket.id" }));
    const event = write("retry-event.json", ticketInput());
    const mocks = write("retry-mocks-short.json", {
      http: [{ match: { action: "Notify" }, response: { status: 500 }, times: 1 }],
    });
    const result = await run(bundle, "--event", event, "--mocks", mocks);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      [
        "  Post (Action)",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 500',
        "    error States.TaskFailed: external action failed due to status code: 500",
        "    retry after 1 s",
        '    POST https://hooks.example.com/notify {"ticket":1001}',
        "",
      ].join("\n"),
    );
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^zisflow run: no mock answers POST https:\/\/hooks\.example\.com\/notify/);
  });

  it("with --json, a harness error prints its code and message with the trace until then", async () => {
    const bundle = write("retry-bundle.json", retryBundle({ "id.$": "$.input.ticket_event.ticket.id" }));
    const event = write("retry-event.json", ticketInput());
    const mocks = write("retry-mocks-short.json", {
      http: [{ match: { action: "Notify" }, response: { status: 500 }, times: 1 }],
    });
    const result = await run(bundle, "--event", event, "--mocks", mocks, "--json");
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout) as {
      harnessError: { code: string; message: string };
      trace: Array<{ state: string; statuses: number[]; retries: number[] }>;
    };
    expect(json.harnessError.code).toBe("unmatched_request");
    expect(json.trace.map((entry) => [entry.state, entry.statuses, entry.retries])).toEqual([
      ["Post", [500], [1]],
    ]);
  });

  it("a state of a Map iteration that succeeds on its retry: the error stands after the attempt that raised it", async () => {
    const bundle = write(
      "retry-map-bundle.json",
      flowBundle(
        {
          Each: {
            Type: "Map",
            ItemsPath: "$.input.items",
            ResultPath: "$.posted",
            End: true,
            Iterator: {
              StartAt: "Post",
              States: {
                Post: {
                  Type: "Action",
                  ActionName: "zis:test_int:action:Notify",
                  Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 1 }],
                  End: true,
                },
              },
            },
          },
        },
        { actions: { Notify: { method: "POST", url: "https://hooks.example.com/notify" } } },
      ),
    );
    const event = write("retry-map-event.json", { items: [1] });
    const mocks = write("retry-map-mocks.json", {
      http: [
        { match: { action: "Notify" }, response: { status: 500 }, times: 1 },
        { match: { action: "Notify" }, response: { status: 200, body: {} } },
      ],
    });
    const result = await run(bundle, "--event", event, "--mocks", mocks);
    expect(result.code).toBe(0);
    expect(lines(result.stdout).slice(2)).toEqual([
      "    Post (Action) [item 0]",
      "      POST https://hooks.example.com/notify → 500",
      "      error States.TaskFailed: external action failed due to status code: 500",
      "      retry after 1 s",
      "      POST https://hooks.example.com/notify → 200",
      "succeeded: Execution Successful",
    ]);
  });

  it("a Map's iterations stand under it, and where the Map went after them", async () => {
    const bundle = write(
      "map-order-bundle.json",
      flowBundle({
        Each: {
          Type: "Map",
          ItemsPath: "$.input.items",
          ResultPath: "$.seen",
          Next: "Done",
          Iterator: { StartAt: "Look", States: { Look: { Type: "Pass", End: true } } },
        },
        Done: { Type: "Succeed" },
      }),
    );
    const result = await run(bundle, "--event", write("map-order-event.json", { items: [1, 2] }));
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      "flow TestFlow",
      "  Each (Map)",
      "    Look (Pass) [item 0]",
      "    Look (Pass) [item 1]",
      "    → Done",
      "  Done (Succeed)",
      "    log: Execution Successful",
      "succeeded: Execution Successful",
    ]);
  });

  it("every attempt fails: the last attempt's error after its request (exit 1)", async () => {
    const bundle = write("retry-bundle.json", retryBundle({ "id.$": "$.input.ticket_event.ticket.id" }));
    const event = write("retry-event.json", ticketInput());
    const mocks = write("retry-mocks-fail.json", {
      http: [{ match: { action: "Notify" }, response: { status: 502 } }],
    });
    const result = await run(bundle, "--event", event, "--mocks", mocks);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "flow TestFlow",
        "  Post (Action)",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 502',
        "    retry after 1 s",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 502',
        "    retry after 3 s",
        '    POST https://hooks.example.com/notify {"ticket":1001} → 502',
        "    error States.TaskFailed: external action failed due to status code: 502",
        "failed: States.TaskFailed: external action failed due to status code: 502",
        "",
      ].join("\n"),
    );
  });

  it("a last state (End) that succeeds on its retry, and a Catch after the last attempt", async () => {
    const bundle = write(
      "retry-end-bundle.json",
      flowBundle(
        {
          Post: {
            Type: "Action",
            ActionName: "zis:test_int:action:Notify",
            Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }],
            End: true,
          },
          Handled: { Type: "Succeed", Message: "handled" },
        },
        { actions: { Notify: { method: "POST", url: "https://hooks.example.com/notify" } } },
      ),
    );
    const event = write("retry-event.json", ticketInput());
    const recovered = write("retry-mocks-end.json", {
      http: [
        { match: { action: "Notify" }, response: { status: 429 }, times: 1 },
        { match: { action: "Notify" }, response: { status: 200, body: {} } },
      ],
    });
    const ok = await run(bundle, "--event", event, "--mocks", recovered);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      [
        "flow TestFlow",
        "  Post (Action)",
        "    POST https://hooks.example.com/notify → 429",
        "    error States.TaskFailed: external action failed due to status code: 429",
        "    retry after 2 s",
        "    POST https://hooks.example.com/notify → 200",
        "succeeded: Execution Successful",
        "",
      ].join("\n"),
    );

    const failing = write("retry-mocks-caught.json", {
      http: [{ match: { action: "Notify" }, response: { status: 500 } }],
    });
    const caught = await run(bundle, "--event", event, "--mocks", failing);
    expect(caught.stderr).toBe("");
    expect(caught.code).toBe(0);
    expect(caught.stdout).toBe(
      [
        "flow TestFlow",
        "  Post (Action)",
        "    POST https://hooks.example.com/notify → 500",
        "    retry after 2 s",
        "    POST https://hooks.example.com/notify → 500",
        "    error States.TaskFailed: external action failed due to status code: 500 (caught)",
        "    → Handled",
        "  Handled (Succeed)",
        "    log: handled",
        "succeeded: handled",
        "",
      ].join("\n"),
    );
  });

  it("attempts that fail before sending anything: only the retries, then the error (exit 1)", async () => {
    const bundle = write("retry-bundle-nopath.json", retryBundle({ "id.$": "$.missing" }));
    const event = write("retry-event.json", ticketInput());
    const result = await run(bundle, "--event", event);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "flow TestFlow",
        "  Post (Action)",
        "    retry after 1 s",
        "    retry after 3 s",
        "    error States.Runtime: JSON path not found: $.missing",
        "failed: States.Runtime: JSON path not found: $.missing",
        "",
      ].join("\n"),
    );
  });
});
