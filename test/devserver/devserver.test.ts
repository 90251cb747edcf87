import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadBundleModule } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { DevDatabase } from "../../src/devserver/db.js";
import { startDevServer, type DevServer, type DevServerOptions } from "../../src/devserver/server.js";
import type { HttpMock, HttpRequest, HttpResponse } from "../../src/interpreter/mocks.js";
import { ROOT } from "../support/shared.js";
import { tutorialRefundEvent } from "../support/tutorial.js";

// ---- fixtures ------------------------------------------------------------------------------------------

const INTEGRATION = "refund_demo";
const REFUND_URL = "https://example.com/refunds";
const JOB_SPEC = `zis:${INTEGRATION}:job_spec:RefundRequestJobSpec`;
const BASIC = `Basic ${Buffer.from("admin@example.com:secret").toString("base64")}`;
const TIMESTAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
const PROFILE_ID = expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NO_MORE = { has_more: false, after: null, before: null };

/** The tutorial's bundle, compiled from flows/refund-requests.ts for `refund_demo` and `another_demo`. */
let tutorial: Record<string, unknown>;
let tutorialForAnother: Record<string, unknown>;
beforeAll(async () => {
  const definition = await loadBundleModule(path.join(ROOT, "flows/refund-requests.ts"));
  const compile = (integration: string) => {
    const compiled = compileBundle(definition, { integration, params: { EXTERNAL_TARGET_URL: REFUND_URL } });
    expect(compiled.findings.filter((f) => f.severity === "error")).toEqual([]);
    return compiled.bundle as Record<string, unknown>;
  };
  tutorial = compile(INTEGRATION);
  tutorialForAnother = compile("another_demo");
});

const JOHN = "john.doe@example.com";
const JENNIFER = "jennifer.doe@example.com";
const JANE = "jane.doe@example.com";
/** Test case 1: $100 refund. */
const CASE_1 = tutorialRefundEvent("789", "100.00", "John Doe", "basic", JOHN);
/** Test case 2: $200 refund with a premium membership. */
const CASE_2 = tutorialRefundEvent("456", "200.00", "Jennifer Doe", "premium", JENNIFER);
/** Test case 3: $200 refund without a premium membership. */
const CASE_3 = tutorialRefundEvent("123", "200.00", "Jane Doe", "basic", JANE);

/** A hand-written bundle: one flow (its first state starts it), one job spec, optional other resources. */
function tinyBundle(
  integration: string,
  options: {
    readonly name?: string;
    readonly jobSpec?: string;
    readonly eventSource: string;
    readonly eventType: string;
    readonly states: Record<string, unknown>;
    readonly resources?: Record<string, unknown>;
  },
) {
  const jobSpec = options.jobSpec ?? "TinyJobSpec";
  return {
    name: options.name ?? "Tiny bundle",
    description: "A test bundle",
    zis_template_version: "2019-10-14",
    resources: {
      ...options.resources,
      TinyFlow: {
        type: "ZIS::Flow",
        properties: {
          name: "TinyFlow",
          definition: { StartAt: Object.keys(options.states)[0], States: options.states },
        },
      },
      [jobSpec]: {
        type: "ZIS::JobSpec",
        properties: {
          name: jobSpec,
          event_source: options.eventSource,
          event_type: options.eventType,
          flow_name: `zis:${integration}:flow:TinyFlow`,
        },
      },
    },
  };
}

/** A ticket as the local Zendesk answers it. */
function ticketView(
  base: string,
  id: number,
  fields: { subject: string | null; description: string; requester_id: number } & Record<string, unknown>,
) {
  return {
    id,
    url: `${base}/api/v2/tickets/${id}.json`,
    raw_subject: fields.subject,
    status: "new",
    priority: null,
    type: null,
    submitter_id: fields.requester_id,
    assignee_id: null,
    tags: [],
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
    ...fields,
  };
}

// ---- servers and requests -----------------------------------------------------------------------------

const dirs: string[] = [];
const open = new Set<DevServer>();

afterEach(async () => {
  await Promise.all([...open].map((server) => server.close()));
  open.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file in a new temp folder, removed after the test. */
function tempDatabase(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-devserver-"));
  dirs.push(dir);
  return path.join(dir, "dev.sqlite");
}

interface Reply {
  readonly status: number;
  // JSON answers are checked with toEqual: their shape is what the tests assert.
  readonly body: any;
  readonly headers: Headers;
}

interface Dev {
  readonly url: string;
  readonly server: DevServer;
  /** Sends a request with basic auth (unless `headers` says otherwise); objects are sent as JSON. */
  call(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

async function start(options: Partial<DevServerOptions> = {}): Promise<Dev> {
  const server = await startDevServer({ port: 0, ...options, database: options.database ?? tempDatabase() });
  open.add(server);
  return {
    url: server.url,
    server,
    async call(method, urlPath, body, headers = { Authorization: BASIC }) {
      const response = await fetch(server.url + urlPath, {
        method,
        headers: { ...headers, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text === "" ? undefined : (JSON.parse(text) as unknown),
        headers: response.headers,
      };
    },
    async close() {
      open.delete(server);
      await server.close();
    },
  };
}

const bundlesPath = (integration: string) => `/api/services/zis/registry/${integration}/bundles`;
const jobSpecsPath = (integration: string) => `/api/services/zis/registry/${integration}/job_specs`;
const installPath = (name: string) =>
  `/api/services/zis/registry/job_specs/install?job_spec_name=${encodeURIComponent(name)}`;
const configsPath = (integration: string, rest = "") =>
  `/api/services/zis/integrations/${integration}/configs${rest}`;
const linksPath = (integration: string, query = "") => `/api/services/zis/links/${integration}${query}`;
const searchPath = (query: string) => `/api/v2/search.json?query=${encodeURIComponent(query)}`;

async function uploadAndInstall(dev: Dev, integration: string, bundle: unknown, jobSpec: string) {
  const upload = await dev.call("POST", bundlesPath(integration), bundle);
  expect(upload.status).toBe(200);
  const install = await dev.call("POST", installPath(jobSpec));
  expect(install).toMatchObject({ status: 200, body: {} });
  return upload.body.uuid as string;
}

/**
 * Sends an Events API request and waits for the runs it queued to end; returns their ids (the X-Zisflow-Runs
 * header).
 */
async function sendEvent(dev: Dev, body: unknown): Promise<string> {
  const reply = await dev.call("POST", "/api/v2/user_profiles/events", body);
  expect(reply.status).toBe(202);
  expect(reply.body).toBeUndefined();
  await dev.server.idle();
  return reply.headers.get("x-zisflow-runs")!;
}

/** The profile a run's event names: the id from the run's trace, the profile from the Profiles API. */
async function profileOfRun(dev: Dev, runId: number) {
  const run = await dev.call("GET", `/zisflow/runs/${runId}`, undefined, {});
  expect(run.status).toBe(200);
  const profileId = run.body.run.trace[0].input.input.activity_event.user_activity.profile_id as string;
  const profile = await dev.call("GET", `/api/v2/user_profiles/${profileId}`);
  expect(profile.status).toBe(200);
  return profile.body.profile;
}

/** A summary of GET /zisflow/runs for a run of the tutorial's job spec. */
const tutorialRun = (id: number, states: string[]) => ({
  id,
  at: TIMESTAMP,
  job_spec: JOB_SPEC,
  event_source: "sunshine",
  event_type: "activity.UserActivityCreated",
  status: "succeeded",
  flow: "RefundRequestFlow",
  states,
  error: null,
  log: "Execution Successful",
});

const STATES_CASE_1 = [
  "CheckEventSourceAndType",
  "ConvertRefundAmountToNum",
  "CheckRefundAmount",
  "InitiateRefund",
  "Finish",
];
const STATES_CASE_2 = [
  "CheckEventSourceAndType",
  "ConvertRefundAmountToNum",
  "CheckRefundAmount",
  "GetUserProfile",
  "CheckForPremiumMembership",
  "InitiateRefund",
  "Finish",
];
const STATES_CASE_3 = [
  "CheckEventSourceAndType",
  "ConvertRefundAmountToNum",
  "CheckRefundAmount",
  "GetUserProfile",
  "CheckForPremiumMembership",
  "CreateZendeskTicket",
  "Finish",
];

/** A request bin entry of the tutorial's InitiateRefund action. */
const refundRequest = (
  id: number,
  body: { order_id: string; refund_amount: string; user_profile_id: string },
  response: { status: number; body: unknown; forwarded: boolean } = {
    status: 200,
    body: {},
    forwarded: false,
  },
) => ({
  id,
  at: TIMESTAMP,
  action: "InitiateRefund",
  method: "POST",
  url: REFUND_URL,
  headers: {},
  body,
  response,
});

// ---- tests ------------------------------------------------------------------------------------------------

describe("authentication", () => {
  it("refuses API requests without credentials", async () => {
    const dev = await start();
    for (const [method, urlPath] of [
      ["GET", bundlesPath(INTEGRATION)],
      ["POST", "/api/v2/user_profiles/events"],
      ["GET", "/api/v2/tickets/1.json"],
      ["GET", "/api/v2/no/such/endpoint"],
    ] as const)
      expect(await dev.call(method, urlPath, undefined, {})).toMatchObject({
        status: 401,
        body: { error: "Couldn't authenticate you" },
      });
  });

  it("takes email:password and email/token:TOKEN basic auth, and bearer tokens", async () => {
    const dev = await start();
    const basic = (credentials: string) => ({
      Authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
    });
    const expected = { status: 200, body: { bundles: [], meta: NO_MORE } };
    expect(
      await dev.call("GET", bundlesPath(INTEGRATION), undefined, basic("admin@example.com:pw")),
    ).toMatchObject(expected);
    expect(
      await dev.call("GET", bundlesPath(INTEGRATION), undefined, basic("admin@example.com/token:abc123")),
    ).toMatchObject(expected);
    expect(
      await dev.call("GET", bundlesPath(INTEGRATION), undefined, { Authorization: "Bearer zis-oauth-token" }),
    ).toMatchObject(expected);
  });

  it("refuses empty credentials and other schemes", async () => {
    const dev = await start();
    for (const header of [
      `Basic ${Buffer.from("admin@example.com:").toString("base64")}`,
      `Basic ${Buffer.from(":pw").toString("base64")}`,
      "Bearer",
      "Token abc",
    ])
      expect(
        (await dev.call("GET", bundlesPath(INTEGRATION), undefined, { Authorization: header })).status,
      ).toBe(401);
  });

  it("serves the /zisflow inspection endpoints without credentials", async () => {
    const dev = await start();
    expect(await dev.call("GET", "/zisflow/requests", undefined, {})).toMatchObject({
      status: 200,
      body: { requests: [] },
    });
    expect(await dev.call("GET", "/zisflow/runs", undefined, {})).toMatchObject({
      status: 200,
      body: { runs: [] },
    });
  });
});

describe("registry", () => {
  it("refuses an invalid bundle, naming the JSON pointer and the code", async () => {
    const dev = await start();
    const invalid = structuredClone(tutorial) as {
      resources: {
        RefundRequestFlow: { properties: { definition: { States: Record<string, { Next?: string }> } } };
      };
    };
    invalid.resources.RefundRequestFlow.properties.definition.States.InitiateRefund!.Next = "Nowhere";
    const detail =
      '/resources/RefundRequestFlow/properties/definition/States/InitiateRefund/Next: unknown_next_state: no state named "Nowhere" in this state machine';
    expect(await dev.call("POST", bundlesPath(INTEGRATION), invalid)).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail, status: "400" }], message: detail },
    });
    expect((await dev.call("GET", bundlesPath(INTEGRATION))).body.bundles).toEqual([]);
  });

  it("refuses a bundle whose references name another integration than the URL's", async () => {
    const dev = await start();
    const reply = await dev.call("POST", bundlesPath("other_integration"), tutorial);
    const mismatch = 'integration_key_mismatch: names integration "refund_demo", not "other_integration"';
    const details = [
      `/resources/RefundRequestJobSpec/properties/flow_name: ${mismatch}`,
      `/resources/RefundRequestFlow/properties/definition/States/GetUserProfile/ActionName: ${mismatch}`,
      `/resources/RefundRequestFlow/properties/definition/States/CreateZendeskTicket/ActionName: ${mismatch}`,
      `/resources/RefundRequestFlow/properties/definition/States/InitiateRefund/ActionName: ${mismatch}`,
    ];
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      errors: details.map((detail) => ({ code: "1010", detail, status: "400" })),
      message: details[0],
    });
    expect((await dev.call("GET", jobSpecsPath("other_integration"))).body.job_specs).toEqual([]);
  });

  it("refuses a body that is not a JSON object", async () => {
    const dev = await start();
    const message = "the request body must be a bundle (a JSON object)";
    for (const body of [[tutorial], "null", undefined])
      expect(await dev.call("POST", bundlesPath(INTEGRATION), body)).toMatchObject({
        status: 400,
        body: { errors: [{ code: "1010", detail: message, status: "400" }], message },
      });
  });

  it("stores a valid bundle under one uuid per bundle name and lists it", async () => {
    const dev = await start();
    const first = await dev.call("POST", bundlesPath(INTEGRATION), tutorial);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(["uuid"]);
    expect(first.body.uuid).toMatch(UUID);
    const again = await dev.call("POST", bundlesPath(INTEGRATION), tutorial);
    expect(again).toMatchObject({ status: 200, body: { uuid: first.body.uuid } });
    expect((await dev.call("GET", bundlesPath(INTEGRATION))).body).toEqual({
      bundles: [
        {
          uuid: first.body.uuid,
          name: "Example ZIS integration for custom activity events",
          description: "Approve and route refund requests",
          integration: INTEGRATION,
          zendesk_account_id: 12345678,
          zis_template_version: "2019-10-14",
        },
      ],
      meta: NO_MORE,
    });
    expect((await dev.call("GET", bundlesPath("another_demo"))).body.bundles).toEqual([]);
  });

  it("installs and uninstalls job specs; an upload orphans the installed ones", async () => {
    const dev = await start();
    const listed = async () => (await dev.call("GET", jobSpecsPath(INTEGRATION))).body;
    const spec = (installed: boolean) => ({
      job_specs: [
        {
          name: JOB_SPEC,
          event_source: "sunshine",
          event_type: "activity.UserActivityCreated",
          flow_name: "zis:refund_demo:flow:RefundRequestFlow",
          installed,
        },
      ],
      meta: NO_MORE,
    });
    expect(await listed()).toEqual({ job_specs: [], meta: NO_MORE });
    await dev.call("POST", bundlesPath(INTEGRATION), tutorial);
    expect(await listed()).toEqual(spec(false));

    expect(await dev.call("POST", installPath(JOB_SPEC))).toMatchObject({ status: 200, body: {} });
    expect(await listed()).toEqual(spec(true));

    // Uploading again uninstalls the bundle's job specs, as real users report.
    expect((await dev.call("POST", bundlesPath(INTEGRATION), tutorial)).status).toBe(200);
    expect(await listed()).toEqual(spec(false));

    // The bare name works while only one uploaded job spec has it.
    expect(await dev.call("POST", installPath("RefundRequestJobSpec"))).toMatchObject({
      status: 200,
      body: {},
    });
    expect(await listed()).toEqual(spec(true));
    expect(await dev.call("DELETE", installPath("RefundRequestJobSpec"))).toMatchObject({
      status: 200,
      body: {},
    });
    expect(await listed()).toEqual(spec(false));
    expect((await dev.call("POST", installPath(JOB_SPEC))).status).toBe(200);
    expect((await dev.call("DELETE", installPath(JOB_SPEC))).status).toBe(200);
    expect(await listed()).toEqual(spec(false));
  });

  it("answers 404 for an unknown job spec and 400 without a name or for an ambiguous bare name", async () => {
    const dev = await start();
    await dev.call("POST", bundlesPath(INTEGRATION), tutorial);
    const unknown = "no uploaded bundle has the job spec zis:refund_demo:job_spec:Nope";
    expect(await dev.call("POST", installPath("zis:refund_demo:job_spec:Nope"))).toMatchObject({
      status: 404,
      body: { errors: [{ code: "1040", detail: unknown, status: "404" }], message: unknown },
    });
    expect(await dev.call("POST", "/api/services/zis/registry/job_specs/install")).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: "job_spec_name is required", status: "400" }] },
    });

    await dev.call("POST", bundlesPath("another_demo"), tutorialForAnother);
    const ambiguous =
      "RefundRequestJobSpec names job specs of several integrations: zis:refund_demo:job_spec:RefundRequestJobSpec, zis:another_demo:job_spec:RefundRequestJobSpec";
    expect(await dev.call("POST", installPath("RefundRequestJobSpec"))).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: ambiguous, status: "400" }], message: ambiguous },
    });
    expect(
      (await dev.call("POST", installPath("zis:another_demo:job_spec:RefundRequestJobSpec"))).status,
    ).toBe(200);
    expect((await dev.call("GET", jobSpecsPath("another_demo"))).body.job_specs[0].installed).toBe(true);
    expect((await dev.call("GET", jobSpecsPath(INTEGRATION))).body.job_specs[0].installed).toBe(false);
  });

  it("answers 405 for methods the registry paths do not take", async () => {
    const dev = await start();
    for (const [method, urlPath] of [
      ["GET", installPath(JOB_SPEC)],
      ["DELETE", bundlesPath(INTEGRATION)],
      ["POST", jobSpecsPath(INTEGRATION)],
    ] as const)
      expect(await dev.call(method, urlPath)).toMatchObject({
        status: 405,
        body: { error: "MethodNotAllowed" },
      });
  });
});

describe("the tutorial through the Events API", () => {
  it("runs the three test cases: two refunds to the request bin, one ticket", async () => {
    const dev = await start();
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);

    expect(await sendEvent(dev, CASE_1)).toBe("1");
    expect(await sendEvent(dev, CASE_2)).toBe("2");
    const john = await profileOfRun(dev, 1);
    const jennifer = await profileOfRun(dev, 2);
    expect(john).toEqual({
      id: PROFILE_ID,
      name: "John Doe",
      source: "acme_store",
      type: "customer",
      user_id: 10001,
      identifiers: [{ type: "email", value: JOHN }],
      attributes: { membership: "basic" },
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    });
    expect(jennifer).toMatchObject({ user_id: 10002, attributes: { membership: "premium" } });
    expect(jennifer.id).not.toBe(john.id);

    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body).toEqual({
      requests: [
        refundRequest(1, { order_id: "789", refund_amount: "100.00", user_profile_id: john.id }),
        refundRequest(2, { order_id: "456", refund_amount: "200.00", user_profile_id: jennifer.id }),
      ],
    });
    expect(await dev.call("GET", searchPath("type:ticket"))).toMatchObject({
      status: 200,
      body: { count: 0 },
    });

    expect(await sendEvent(dev, CASE_3)).toBe("3");
    const jane = await profileOfRun(dev, 3);
    expect(jane).toMatchObject({ name: "Jane Doe", user_id: 10003, attributes: { membership: "basic" } });
    expect(await dev.call("GET", `/api/v2/users/${jane.user_id}.json`)).toMatchObject({
      status: 200,
      body: { user: { id: 10003, name: "Jane Doe", email: JANE, role: "end-user", created_at: TIMESTAMP } },
    });
    const search = await dev.call("GET", searchPath(`requester:${JANE}`));
    expect(search.status).toBe(200);
    expect(search.body).toEqual({
      results: [
        {
          ...ticketView(dev.url, 1, {
            subject: "Refund request for order 123",
            description: "Hi,\n I'm requesting a $200.00 refund for order 123.",
            requester_id: 10003,
          }),
          result_type: "ticket",
        },
      ],
      facets: null,
      next_page: null,
      previous_page: null,
      count: 1,
    });
    // Still exactly two refunds, and one ticket in all.
    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests).toHaveLength(2);
    expect((await dev.call("GET", searchPath("type:ticket"))).body.count).toBe(1);

    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body).toEqual({
      runs: [tutorialRun(1, STATES_CASE_1), tutorialRun(2, STATES_CASE_2), tutorialRun(3, STATES_CASE_3)],
    });
  });

  it("shows a run's trace, output and requests at /zisflow/runs/{id}", async () => {
    const dev = await start();
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_3);
    const { run } = (await dev.call("GET", "/zisflow/runs/1", undefined, {})).body;
    expect(run).toMatchObject({ ...tutorialRun(1, STATES_CASE_3), output: { ticket: { id: 1 } } });
    expect(run.trace.map((t: { state: string }) => t.state)).toEqual(STATES_CASE_3);
    const profileId = run.trace[0].input.input.activity_event.user_activity.profile_id;
    expect(run.requests).toEqual([
      {
        action: "GetUserProfile",
        method: "GET",
        url: `${dev.url}/api/v2/user_profiles/${profileId}`,
        headers: {},
        connection: "zendesk",
      },
      {
        action: "CreateZendeskTicket",
        method: "POST",
        url: `${dev.url}/api/v2/tickets.json`,
        headers: { "Content-Type": "application/json" },
        body: {
          ticket: {
            subject: "Refund request for order 123",
            comment: { body: "Hi,\n I'm requesting a $200.00 refund for order 123." },
            requester_id: 10001,
          },
        },
        connection: "zendesk",
      },
    ]);
    expect(run.trace[0].input.input.activity_event).toEqual({
      meta: { occurred_at: TIMESTAMP, ref: PROFILE_ID, version: "1.0" },
      type: "User Activity Created",
      user_activity: {
        id: PROFILE_ID,
        type: "refund_request",
        source: "online_order",
        user_id: 10001,
        profile_id: profileId,
        properties: { order_id: "123", refund_amount: "200.00" },
        created_at: TIMESTAMP,
      },
    });
    expect(await dev.call("GET", "/zisflow/runs/2", undefined, {})).toMatchObject({
      status: 404,
      body: { error: "RecordNotFound", description: "Not found" },
    });
  });

  it("updates the profile of a second event for the same email instead of creating another", async () => {
    const dev = await start();
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_3);
    const first = await profileOfRun(dev, 1);

    const second = {
      event: { source: "online_order", type: "order_shipped", properties: { order_id: "123" } },
      profile: {
        name: "Jane Doe",
        source: "acme_store",
        type: "customer",
        attributes: { loyalty: "gold" },
        identifiers: [
          { type: "email", value: JANE },
          { type: "phone_number", value: "+15550100" },
        ],
      },
    };
    expect(await sendEvent(dev, second)).toBe("2");
    const updated = await profileOfRun(dev, 2);
    expect(updated).toEqual({
      ...first,
      identifiers: [
        { type: "email", value: JANE },
        { type: "phone_number", value: "+15550100" },
      ],
      attributes: { membership: "basic", loyalty: "gold" },
      updated_at: TIMESTAMP,
    });
    expect(updated.id).toBe(first.id);
    expect(updated.user_id).toBe(10001);
    expect((await dev.call("GET", "/api/v2/users/10002.json")).status).toBe(404);
    // Not a refund request: the flow goes straight to Finish, and no second ticket appears.
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs[1]).toEqual(
      tutorialRun(2, ["CheckEventSourceAndType", "Finish"]),
    );
    expect((await dev.call("GET", searchPath(`requester:${JANE}`))).body.count).toBe(1);
  });
});

describe("the Events API", () => {
  it("accepts events with nothing installed and runs nothing", async () => {
    const dev = await start();
    expect(await sendEvent(dev, CASE_1)).toBe("");
    // Uploaded but not installed: still nothing runs.
    await dev.call("POST", bundlesPath(INTEGRATION), tutorial);
    expect(await sendEvent(dev, CASE_3)).toBe("");
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body).toEqual({ runs: [] });
    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body).toEqual({ requests: [] });
    expect((await dev.call("GET", searchPath("type:ticket"))).body.count).toBe(0);
    // The profiles and users were still created.
    expect((await dev.call("GET", "/api/v2/users/10001.json")).body.user).toMatchObject({ email: JOHN });
    expect((await dev.call("GET", "/api/v2/users/10002.json")).body.user).toMatchObject({ email: JANE });
  });

  it("refuses invalid bodies, listing the problems", async () => {
    const dev = await start();
    const problems = (...details: string[]) => ({
      status: 400,
      body: { errors: details.map((detail) => ({ title: "Invalid request", detail })) },
    });
    expect(await dev.call("POST", "/api/v2/user_profiles/events", {})).toMatchObject(
      problems("event is required", "profile is required"),
    );
    expect(await dev.call("POST", "/api/v2/user_profiles/events", [CASE_1])).toMatchObject(
      problems("event is required", "profile is required"),
    );
    expect(
      await dev.call("POST", "/api/v2/user_profiles/events", {
        event: { source: 1, properties: [] },
        profile: { identifiers: [] },
      }),
    ).toMatchObject(
      problems(
        "event.source must be a string",
        "event.type must be a string",
        "event.properties must be an object",
        "profile.source must be a string",
        "profile.type must be a string",
        "profile.identifiers must be a non-empty list of { type, value }",
      ),
    );
    expect(
      await dev.call("POST", "/api/v2/user_profiles/events", {
        event: CASE_1.event,
        profile: { ...CASE_1.profile, identifiers: [{ type: "email", value: JOHN }, { type: "email" }] },
      }),
    ).toMatchObject(problems("profile.identifiers must be a non-empty list of { type, value }"));
    // Nothing was created.
    expect((await dev.call("GET", "/api/v2/users/10001.json")).status).toBe(404);
    expect(await dev.call("GET", "/api/v2/user_profiles/events")).toMatchObject({ status: 405 });
  });

  it("answers 404 for an unknown profile or user", async () => {
    const dev = await start();
    const notFound = { status: 404, body: { error: "RecordNotFound", description: "Not found" } };
    expect(await dev.call("GET", "/api/v2/user_profiles/01NOPE")).toMatchObject(notFound);
    expect(await dev.call("GET", "/api/v2/users/10001.json")).toMatchObject(notFound);
  });
});

describe("tickets", () => {
  it("creates a ticket (201) and shows it", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1); // creates user 10001
    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: {
        subject: "Printer on fire",
        comment: { body: "Please help." },
        requester_id: 10001,
        priority: "urgent",
        type: "incident",
        tags: ["hardware", 7],
      },
    });
    const expected = ticketView(dev.url, 1, {
      subject: "Printer on fire",
      description: "Please help.",
      requester_id: 10001,
      priority: "urgent",
      type: "incident",
      tags: ["hardware"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ ticket: expected });
    expect(await dev.call("GET", "/api/v2/tickets/1.json")).toMatchObject({
      status: 200,
      body: { ticket: expected },
    });
    expect((await dev.call("GET", "/api/v2/tickets/1")).body).toEqual({ ticket: expected });
    expect(await dev.call("GET", "/api/v2/tickets/2.json")).toMatchObject({
      status: 404,
      body: { error: "RecordNotFound", description: "Not found" },
    });
    expect(await dev.call("GET", "/api/v2/tickets.json")).toMatchObject({ status: 405 });
  });

  it("refuses a ticket without a comment body, with an unknown requester, or without a ticket", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1);
    expect(
      await dev.call("POST", "/api/v2/tickets.json", {
        ticket: { subject: "x", comment: {}, requester_id: 10001 },
      }),
    ).toMatchObject({
      status: 422,
      body: {
        error: "RecordInvalid",
        description: "Description: cannot be blank (give ticket.comment.body)",
      },
    });
    expect(
      await dev.call("POST", "/api/v2/tickets.json", {
        ticket: { subject: "x", comment: { body: "" }, requester_id: 10001 },
      }),
    ).toMatchObject({ status: 422 });
    expect(
      await dev.call("POST", "/api/v2/tickets.json", {
        ticket: { comment: { body: "b" }, requester_id: 999 },
      }),
    ).toMatchObject({
      status: 422,
      body: { error: "RecordInvalid", description: "Requester: no user with id 999" },
    });
    expect(await dev.call("POST", "/api/v2/tickets.json", { subject: "x" })).toMatchObject({
      status: 400,
      body: { error: "RecordInvalid", description: 'the body must be { "ticket": { … } }' },
    });
    // None of them took a ticket id.
    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { comment: { body: "b" }, requester_id: 10001 },
    });
    expect(created.body.ticket).toMatchObject({ id: 1, subject: null, raw_subject: null, description: "b" });
  });

  it("emits ticket.TicketCreated to an installed job spec", async () => {
    const dev = await start();
    const bundle = tinyBundle("ticket_demo", {
      jobSpec: "OnTicketCreated",
      eventSource: "support",
      eventType: "ticket.TicketCreated",
      states: {
        Remember: {
          Type: "Action",
          ActionName: "zis:common:action:PatchConfig",
          Parameters: {
            scope: "last_ticket",
            config: {
              "id.$": "$.input.ticket_event.ticket.id",
              "requester_id.$": "$.input.ticket_event.ticket.requester_id",
              "status.$": "$.input.ticket_event.ticket.status",
            },
          },
          Next: "Done",
        },
        Done: { Type: "Succeed" },
      },
    });
    await uploadAndInstall(dev, "ticket_demo", bundle, "zis:ticket_demo:job_spec:OnTicketCreated");
    await sendEvent(dev, CASE_1); // a sunshine event: the ticket job spec does not run
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([]);

    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { subject: "Hello", comment: { body: "World" }, requester_id: 10001, tags: ["vip"] },
    });
    expect(created.status).toBe(201);
    await dev.server.idle();
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      {
        id: 1,
        at: TIMESTAMP,
        job_spec: "zis:ticket_demo:job_spec:OnTicketCreated",
        event_source: "support",
        event_type: "ticket.TicketCreated",
        status: "succeeded",
        flow: "TinyFlow",
        states: ["Remember", "Done"],
        error: null,
        log: "Execution Successful",
      },
    ]);
    expect((await dev.call("GET", configsPath("ticket_demo", "/last_ticket"))).body).toEqual({
      config: {
        scope: "last_ticket",
        config: { id: 1, requester_id: 10001, status: "new" },
        integration: "ticket_demo",
        zendesk_account_id: 12345678,
      },
    });
    const { run } = (await dev.call("GET", "/zisflow/runs/1", undefined, {})).body;
    const ticket = created.body.ticket;
    expect(run.trace[0].input.input).toEqual({
      ticket_event: {
        meta: { occurred_at: ticket.created_at, ref: "ticket-1", version: "1.0" },
        type: "Ticket Created",
        ticket: ticketSummary(ticket, { status: "new", tags: ["vip"] }),
      },
    });
  });

  it("stops flows that trigger flows five events deep", async () => {
    const dev = await start();
    const bundle = tinyBundle("loop_demo", {
      eventSource: "support",
      eventType: "ticket.TicketCreated",
      resources: {
        CreateTicket: {
          type: "ZIS::Action::Http",
          properties: {
            name: "CreateTicket",
            definition: {
              method: "POST",
              path: "/api/v2/tickets.json",
              connectionName: "zendesk",
              requestBody: {
                ticket: { subject: "again", comment: { body: "again" }, "requester_id.$": "$.requester" },
              },
            },
          },
        },
      },
      states: {
        Create: {
          Type: "Action",
          ActionName: "zis:loop_demo:action:CreateTicket",
          Parameters: { "requester.$": "$.input.ticket_event.ticket.requester_id" },
          Next: "Done",
        },
        Done: { Type: "Succeed" },
      },
    });
    await uploadAndInstall(dev, "loop_demo", bundle, "TinyJobSpec");
    await sendEvent(dev, CASE_1);
    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { subject: "first", comment: { body: "first" }, requester_id: 10001 },
    });
    expect(created.status).toBe(201);
    await dev.server.idle();
    const runs = (await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs;
    expect(runs.map((r: { status: string }) => r.status)).toEqual(Array(5).fill("succeeded"));
    expect((await dev.call("GET", searchPath("type:ticket"))).body.count).toBe(6);
  });
});

describe("search", () => {
  it("finds tickets by requester id or email, status and free words", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1); // John: user 10001
    await sendEvent(dev, CASE_3); // Jane: user 10002
    const create = async (ticket: Record<string, unknown>) =>
      (await dev.call("POST", "/api/v2/tickets.json", { ticket })).body.ticket.id as number;
    await create({ subject: "Broken printer", comment: { body: "It jams." }, requester_id: 10001 });
    await create({
      subject: "Refund please",
      comment: { body: "Order 42" },
      requester_id: 10002,
      status: "open",
    });
    await create({
      subject: "Thanks",
      comment: { body: "The printer works now" },
      requester_id: 10001,
      status: "solved",
    });

    const ids = async (query: string) => {
      const reply = await dev.call("GET", searchPath(query));
      expect(reply.status).toBe(200);
      expect(reply.body.count).toBe(reply.body.results.length);
      for (const result of reply.body.results) expect(result.result_type).toBe("ticket");
      return reply.body.results.map((r: { id: number }) => r.id);
    };
    expect(await ids("requester:10001")).toEqual([1, 3]);
    expect(await ids(`requester:${JANE}`)).toEqual([2]);
    expect(await ids(`requester:${JOHN.toUpperCase()}`)).toEqual([1, 3]);
    expect(await ids("requester:nobody@example.com")).toEqual([]);
    expect(await ids("requester:424242")).toEqual([]);
    expect(await ids("status:open")).toEqual([2]);
    expect(await ids("status:SOLVED")).toEqual([3]);
    expect(await ids("printer")).toEqual([1, 3]);
    expect(await ids('"refund please"')).toEqual([2]);
    expect(await ids("type:ticket printer status:new")).toEqual([1]);
    expect(await ids(`requester:${JOHN} works`)).toEqual([3]);
    expect(await ids("")).toEqual([1, 2, 3]);
  });

  it("refuses unsupported keys and other types, saying what is supported", async () => {
    const dev = await start();
    expect(await dev.call("GET", searchPath("assignee:me"))).toMatchObject({
      status: 400,
      body: {
        error: "InvalidQuery",
        description:
          "zisflow dev supports requester:, status:, type:ticket, type:user and free words in search queries, not assignee:",
      },
    });
    expect(await dev.call("GET", searchPath("type:organization"))).toMatchObject({
      status: 400,
      body: {
        error: "InvalidQuery",
        description: "zisflow dev searches tickets and users only, not type:organization",
      },
    });
    expect(await dev.call("POST", "/api/v2/search.json")).toMatchObject({ status: 405 });
  });
});

describe("Configs API", () => {
  const view = (scope: string, config: Record<string, unknown>, integration = "cfg_demo") => ({
    scope,
    config,
    integration,
    zendesk_account_id: 12345678,
  });

  it("creates, shows, filters, merges, replaces and deletes configs", async () => {
    const dev = await start();
    const settings = { greeting: "Hello", limits: { daily: 5, weekly: 20 } };
    expect(
      await dev.call("POST", configsPath("cfg_demo"), { scope: "app_settings", config: settings }),
    ).toMatchObject({ status: 201, body: { config: view("app_settings", settings) } });
    await dev.call("POST", configsPath("cfg_demo"), { scope: "app_flags", config: { beta: true } });
    await dev.call("POST", configsPath("cfg_demo"), { scope: "other", config: { x: 1 } });

    const duplicate = "a config with scope app_settings already exists";
    expect(
      await dev.call("POST", configsPath("cfg_demo"), { scope: "app_settings", config: {} }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: duplicate, status: "400" }], message: duplicate },
    });
    const needs = "a config needs a scope (string) and a config (object)";
    for (const body of [{ scope: "x" }, { config: {} }, { scope: "x", config: [1] }])
      expect(await dev.call("POST", configsPath("cfg_demo"), body)).toMatchObject({
        status: 400,
        body: { errors: [{ code: "1010", detail: needs, status: "400" }] },
      });

    expect(await dev.call("GET", configsPath("cfg_demo", "/app_settings"))).toMatchObject({
      status: 200,
      body: { config: view("app_settings", settings) },
    });
    expect(await dev.call("GET", configsPath("cfg_demo", "/missing"))).toMatchObject({
      status: 404,
      body: { error: "RecordNotFound", description: "Not found" },
    });
    const scopes = async (query: string) =>
      (await dev.call("GET", configsPath("cfg_demo", query))).body.configs.map(
        (c: { scope: string }) => c.scope,
      );
    expect(await scopes("?filter[scope]=app_*")).toEqual(["app_settings", "app_flags"]);
    expect(await scopes(`?${encodeURIComponent("filter[scope]")}=app_*`)).toEqual([
      "app_settings",
      "app_flags",
    ]);
    expect(await scopes("?filter[scope]=other")).toEqual(["other"]);
    expect(await scopes("?filter[scope]=app")).toEqual([]);
    expect(await scopes("")).toEqual(["app_settings", "app_flags", "other"]);
    expect((await dev.call("GET", configsPath("someone_else"))).body).toEqual({ configs: [] });

    const patched = { greeting: "Hello", limits: { daily: 5, monthly: 60 }, extra: "y" };
    expect(
      await dev.call("PATCH", configsPath("cfg_demo", "/app_settings"), {
        config: { limits: { weekly: null, monthly: 60 }, extra: "y" },
      }),
    ).toMatchObject({ status: 200, body: { config: view("app_settings", patched) } });
    expect(
      await dev.call("PUT", configsPath("cfg_demo", "/app_settings"), { config: { greeting: "Hi" } }),
    ).toMatchObject({ status: 200, body: { config: view("app_settings", { greeting: "Hi" }) } });
    expect((await dev.call("GET", configsPath("cfg_demo", "/app_settings"))).body).toEqual({
      config: view("app_settings", { greeting: "Hi" }),
    });
    expect(
      await dev.call("PATCH", configsPath("cfg_demo", "/app_settings"), { greeting: "no wrapper" }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: 'the body must be { "config": { … } }', status: "400" }] },
    });

    const deleted = await dev.call("DELETE", configsPath("cfg_demo", "/app_flags"));
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await dev.call("GET", configsPath("cfg_demo", "/app_flags"))).status).toBe(404);
    expect((await dev.call("DELETE", configsPath("cfg_demo", "/app_flags"))).status).toBe(404);
    expect(await scopes("")).toEqual(["app_settings", "other"]);
  });

  it("shares configs with flows: LoadConfig sees a config created through the API", async () => {
    const dev = await start();
    const bundle = tinyBundle("cfg_demo", {
      eventSource: "sunshine",
      eventType: "activity.UserActivityCreated",
      states: {
        Load: {
          Type: "Action",
          ActionName: "zis:common:action:LoadConfig",
          Parameters: { scope: "app_settings" },
          ResultPath: "$.settings",
          Next: "Echo",
        },
        Echo: {
          Type: "Action",
          ActionName: "zis:common:action:PatchConfig",
          Parameters: {
            scope: "echo",
            config: {
              "greeting.$": "$.settings.config.greeting",
              "order.$": "$.input.activity_event.user_activity.properties.order_id",
            },
          },
          Next: "Done",
        },
        Done: { Type: "Succeed" },
      },
    });
    await uploadAndInstall(dev, "cfg_demo", bundle, "zis:cfg_demo:job_spec:TinyJobSpec");

    // Before the config exists, LoadConfig fails the flow.
    await sendEvent(dev, CASE_1);
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs[0]).toMatchObject({
      status: "failed",
      states: ["Load"],
      error: { Error: "States.TaskFailed", Cause: 'config not found for scope "app_settings"' },
    });

    await dev.call("POST", configsPath("cfg_demo"), { scope: "app_settings", config: { greeting: "Howdy" } });
    await sendEvent(dev, CASE_3);
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs[1]).toMatchObject({
      status: "succeeded",
      states: ["Load", "Echo", "Done"],
    });
    expect((await dev.call("GET", configsPath("cfg_demo", "/echo"))).body).toEqual({
      config: view("echo", { greeting: "Howdy", order: "123" }),
    });
  });
});

describe("Links API", () => {
  const link = (
    linkType: string,
    left: { name: string; metadata?: Record<string, unknown>; name_attrs?: Record<string, unknown> },
    right: { name: string; metadata?: Record<string, unknown>; name_attrs?: Record<string, unknown> },
  ) => ({
    account_id: 12345678,
    integration: "links_demo",
    left_object: left,
    link_type: linkType,
    right_object: right,
    uuid: expect.stringMatching(UUID),
  });
  const key = (linkType: string, left: string, right: string) =>
    `?link_type=${linkType}&left_object_name=${encodeURIComponent(left)}&right_object_name=${encodeURIComponent(right)}`;

  it("creates, searches, patches and deletes links", async () => {
    const dev = await start();
    const create = (body: unknown) => dev.call("POST", linksPath("links_demo"), body);
    const first = await create({
      link_type: "ticket_to_thread",
      left_object: { name: "ticket:1", metadata: { subject: "A" } },
      right_object: { name: "thread:C1-100" },
    });
    const link1 = link(
      "ticket_to_thread",
      { name: "ticket:1", metadata: { subject: "A" }, name_attrs: { ticket: 1 } },
      { name: "thread:C1-100", name_attrs: { thread: "C1-100" } },
    );
    expect(first).toMatchObject({ status: 201, body: { link: link1 } });
    const uuid1 = first.body.link.uuid as string;
    const second = await create({
      link_type: "ticket_to_thread",
      left_object: { name: "ticket:2" },
      right_object: { name: "thread:C1-200", metadata: { channel: "C1" } },
    });
    expect(second.status).toBe(201);
    expect(second.body.link.uuid).not.toBe(uuid1);
    const link2 = second.body.link;
    await create({
      link_type: "ticket_to_user",
      left_object: { name: "ticket:1" },
      right_object: { name: "user:7" },
    });

    const duplicate = 'a ticket_to_thread link between "ticket:1" and "thread:C1-100" already exists';
    expect(
      await create({
        link_type: "ticket_to_thread",
        left_object: { name: "ticket:1" },
        right_object: { name: "thread:C1-100" },
      }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: duplicate, status: "400" }], message: duplicate },
    });
    const needs = "a link needs link_type, left_object.name and right_object.name";
    for (const body of [
      { link_type: "t", left_object: { name: "a" } },
      { left_object: { name: "a" }, right_object: { name: "b" } },
      { link_type: "t", left_object: { name: 1 }, right_object: { name: "b" } },
    ])
      expect(await create(body)).toMatchObject({ status: 400, body: { errors: [{ detail: needs }] } });

    const search = (query: string) => dev.call("GET", linksPath("links_demo", query));
    expect((await search("?link_type=ticket_to_thread&left_object_name=ticket:1")).body).toEqual({
      count: 1,
      links: [link1],
      meta: { has_more: false },
    });
    expect((await search("?link_type=ticket_to_thread&left_object_name=ticket:*")).body).toEqual({
      count: 2,
      links: [link1, link2],
      meta: { has_more: false },
    });
    expect((await search("?link_type=ticket_to_thread&right_object_name=thread:C1-2*")).body.links).toEqual([
      link2,
    ]);
    expect((await search("?link_type=ticket_to_user&left_object_name=ticket:1")).body.count).toBe(1);
    expect((await search("?link_type=ticket_to_thread&left_object_name=ticket:3")).body).toEqual({
      count: 0,
      links: [],
      meta: { has_more: false },
    });
    const page1 = (await search("?link_type=ticket_to_thread&left_object_name=ticket:*&page[size]=1")).body;
    expect(page1).toMatchObject({ count: 1, links: [link1], meta: { has_more: true } });
    const page2 = (
      await search(
        `?link_type=ticket_to_thread&left_object_name=ticket:*&page[size]=1&page[after]=${page1.meta.after}`,
      )
    ).body;
    expect(page2).toEqual({
      count: 1,
      links: [link2],
      meta: { before: expect.any(String), has_more: false },
    });
    // Paging back from the second page's first link gives the first page again.
    const back = (
      await search(
        `?link_type=ticket_to_thread&left_object_name=ticket:*&page[size]=1&page[before]=${page2.meta.before}`,
      )
    ).body;
    expect(back).toEqual({ count: 1, links: [link1], meta: { after: page1.meta.after, has_more: false } });

    expect(await search("?left_object_name=ticket:1")).toMatchObject({
      status: 400,
      body: { errors: [{ detail: "link_type is required" }] },
    });
    expect(await search("?link_type=ticket_to_thread")).toMatchObject({
      status: 400,
      body: { errors: [{ detail: "give left_object_name or right_object_name (or both)" }] },
    });
    expect(await search("?link_type=ticket_to_thread&left_object_name=*")).toMatchObject({
      status: 400,
      body: { errors: [{ detail: 'a lone "*" wildcard is not supported' }] },
    });

    const patched = await dev.call(
      "PATCH",
      linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-100")),
      {
        left_object: { metadata: { status: "solved" } },
        right_object: { name: "thread:C1-101" },
      },
    );
    expect(patched).toMatchObject({
      status: 200,
      body: {
        link: {
          ...link1,
          left_object: {
            name: "ticket:1",
            metadata: { subject: "A", status: "solved" },
            name_attrs: { ticket: 1 },
          },
          right_object: { name: "thread:C1-101", name_attrs: { thread: "C1-101" } },
          uuid: uuid1,
        },
      },
    });
    const missing = 'no ticket_to_thread link between "ticket:1" and "thread:C1-100"';
    expect(
      await dev.call("PATCH", linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-100")), {
        left_object: { metadata: {} },
      }),
    ).toMatchObject({ status: 404, body: { errors: [{ code: "1010", detail: missing, status: "404" }] } });
    expect(
      await dev.call(
        "PATCH",
        linksPath("links_demo", "?link_type=ticket_to_thread&left_object_name=ticket:1"),
        {},
      ),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ detail: "link_type, left_object_name and right_object_name are required" }] },
    });
    expect(
      await dev.call("PATCH", linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-101")), {
        left_object: { name: ["ticket:2"] },
      }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: expect.stringMatching(/^left_object\.name: /) }] },
    });
    expect(
      await dev.call(
        "PATCH",
        linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-101")),
        {},
      ),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail: "body: needs left_object or right_object" }] },
    });

    const deleted = await dev.call(
      "DELETE",
      linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-101")),
    );
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await search("?link_type=ticket_to_thread&left_object_name=ticket:*")).body.links).toEqual([
      link2,
    ]);
    expect(
      await dev.call("DELETE", linksPath("links_demo", key("ticket_to_thread", "ticket:1", "thread:C1-101"))),
    ).toMatchObject({
      status: 404,
      body: { errors: [{ detail: 'no ticket_to_thread link between "ticket:1" and "thread:C1-101"' }] },
    });
    expect(
      (
        await dev.call(
          "GET",
          linksPath("other_demo", "?link_type=ticket_to_thread&left_object_name=ticket:*"),
        )
      ).body.count,
    ).toBe(0);
    expect(await dev.call("PUT", linksPath("links_demo"), {})).toMatchObject({ status: 405 });
  });
});

describe("persistence", () => {
  it("keeps everything across a restart on the same database file; reset starts empty", async () => {
    const database = tempDatabase();
    const first = await start({ database });
    await uploadAndInstall(first, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(first, CASE_3);
    await sendEvent(first, CASE_1);
    await first.call("POST", configsPath(INTEGRATION), { scope: "settings", config: { threshold: 100 } });
    const created = await first.call("POST", linksPath(INTEGRATION), {
      link_type: "order_to_ticket",
      left_object: { name: "order:123" },
      right_object: { name: "ticket:1" },
    });
    expect(created.status).toBe(201);

    const snapshot = async (dev: Dev) => ({
      ticket: (await dev.call("GET", "/api/v2/tickets/1.json")).body,
      search: (await dev.call("GET", searchPath(`requester:${JANE}`))).body.results.map(
        (t: { id: number }) => t.id,
      ),
      jane: await profileOfRun(dev, 1),
      john: await profileOfRun(dev, 2),
      user: (await dev.call("GET", "/api/v2/users/10001.json")).body,
      bundles: (await dev.call("GET", bundlesPath(INTEGRATION))).body,
      jobSpecs: (await dev.call("GET", jobSpecsPath(INTEGRATION))).body,
      configs: (await dev.call("GET", configsPath(INTEGRATION))).body,
      links: (
        await dev.call("GET", linksPath(INTEGRATION, "?link_type=order_to_ticket&left_object_name=order:*"))
      ).body,
      requests: (await dev.call("GET", "/zisflow/requests")).body,
      runs: (await dev.call("GET", "/zisflow/runs")).body,
      run: (await dev.call("GET", "/zisflow/runs/1")).body,
    });
    const before = await snapshot(first);
    expect(before.ticket.ticket.subject).toBe("Refund request for order 123");
    expect(before.jobSpecs.job_specs[0].installed).toBe(true);
    expect(before.links.links).toEqual([created.body.link]);
    expect(before.requests.requests).toHaveLength(1);
    expect(before.runs.runs).toHaveLength(2);
    await first.close();

    const second = await start({ database });
    const after = await snapshot(second);
    // A ticket's url follows the server's current address; everything else is as it was.
    expect(after.ticket.ticket.url).toBe(`${second.url}/api/v2/tickets/1.json`);
    expect({ ...after, ticket: { ticket: { ...after.ticket.ticket, url: "" } } }).toEqual({
      ...before,
      ticket: { ticket: { ...before.ticket.ticket, url: "" } },
    });
    // Counters go on, and the job spec is still installed: a new event runs the flow again.
    expect(await sendEvent(second, CASE_2)).toBe("3");
    expect(
      (await second.call("GET", "/zisflow/requests")).body.requests.map((r: { id: number }) => r.id),
    ).toEqual([1, 2]);
    const next = await second.call("POST", "/api/v2/tickets.json", {
      ticket: { comment: { body: "b" }, requester_id: 10001 },
    });
    expect(next.body.ticket.id).toBe(2);
    expect(
      (
        await second.call("POST", linksPath(INTEGRATION), {
          link_type: "order_to_ticket",
          left_object: { name: "order:124" },
          right_object: { name: "ticket:2" },
        })
      ).body.link.uuid,
    ).not.toBe(created.body.link.uuid);
    await second.close();

    const third = await start({ database, reset: true });
    expect((await third.call("GET", "/api/v2/tickets/1.json")).status).toBe(404);
    expect((await third.call("GET", "/api/v2/users/10001.json")).status).toBe(404);
    expect((await third.call("GET", bundlesPath(INTEGRATION))).body.bundles).toEqual([]);
    expect((await third.call("GET", jobSpecsPath(INTEGRATION))).body.job_specs).toEqual([]);
    expect((await third.call("GET", configsPath(INTEGRATION))).body.configs).toEqual([]);
    expect(
      (await third.call("GET", linksPath(INTEGRATION, "?link_type=order_to_ticket&left_object_name=order:*")))
        .body.count,
    ).toBe(0);
    expect((await third.call("GET", "/zisflow/requests")).body).toEqual({ requests: [] });
    expect((await third.call("GET", "/zisflow/runs")).body).toEqual({ runs: [] });
    expect(await sendEvent(third, CASE_1)).toBe("");
  });
});

describe("request bin", () => {
  it("empties on DELETE /zisflow/requests", async () => {
    const dev = await start();
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_1);
    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests).toHaveLength(1);
    const deleted = await dev.call("DELETE", "/zisflow/requests", undefined, {});
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body).toEqual({ requests: [] });
    await sendEvent(dev, CASE_1);
    expect(
      (await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests.map(
        (r: { id: number }) => r.id,
      ),
    ).toEqual([2]);
    // The runs are kept.
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toHaveLength(2);
    expect(await dev.call("PUT", "/zisflow/requests", undefined, {})).toMatchObject({
      status: 405,
      body: { error: "MethodNotAllowed" },
    });
  });

  it("answers flows' external requests with binResponse when given", async () => {
    const dev = await start({ binResponse: { status: 503, body: { busy: true } } });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_1);
    const { runs } = (await dev.call("GET", "/zisflow/runs", undefined, {})).body;
    expect(runs[0]).toMatchObject({
      status: "failed",
      error: { Error: "States.TaskFailed", Cause: "external action failed due to status code: 503" },
    });
    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests[0].response).toEqual({
      status: 503,
      body: { busy: true },
      forwarded: false,
    });
  });

  it("forwards external requests with forwardExternal and records the answer", async () => {
    const fetchMock = vi.fn<typeof fetch>(
      async () =>
        new Response(JSON.stringify({ refund: "queued" }), {
          status: 201,
          headers: { "Content-Type": "application/json" },
        }),
    );
    const dev = await start({ forwardExternal: true, fetch: fetchMock });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_1);
    const john = await profileOfRun(dev, 1);
    const body = { order_id: "789", refund_amount: "100.00", user_profile_id: john.id };

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(REFUND_URL);
    expect(init?.method).toBe("POST");
    expect(init?.headers).toEqual({ "Content-Type": "application/json" });
    expect(JSON.parse(init?.body as string)).toEqual(body);

    expect((await dev.call("GET", "/zisflow/requests", undefined, {})).body).toEqual({
      requests: [refundRequest(1, body, { status: 201, body: { refund: "queued" }, forwarded: true })],
    });
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      tutorialRun(1, STATES_CASE_1),
    ]);
  });

  it("answers a flow 502 when forwarding fails, and the run says the flow failed", async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => {
      throw new Error("connect ECONNREFUSED 192.0.2.1:443");
    });
    const dev = await start({ forwardExternal: true, fetch: fetchMock });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await sendEvent(dev, CASE_1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const cause = "external action failed due to status code: 502";
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      {
        ...tutorialRun(1, [
          "CheckEventSourceAndType",
          "ConvertRefundAmountToNum",
          "CheckRefundAmount",
          "InitiateRefund",
        ]),
        status: "failed",
        error: { Error: "States.TaskFailed", Cause: cause },
        log: cause,
      },
    ]);
    const [entry] = (await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests;
    expect(entry.response).toEqual({
      status: 502,
      body: { error: `zisflow dev could not reach ${REFUND_URL}: connect ECONNREFUSED 192.0.2.1:443` },
      forwarded: true,
    });
  });
});

describe("runs", () => {
  it("records a flow that loops past the transition limit as an error run", async () => {
    const dev = await start();
    const bundle = tinyBundle("spin_demo", {
      eventSource: "sunshine",
      eventType: "activity.UserActivityCreated",
      states: { Spin: { Type: "Pass", Next: "Spin" } },
    });
    await uploadAndInstall(dev, "spin_demo", bundle, "TinyJobSpec");
    expect(await sendEvent(dev, CASE_1)).toBe("1");
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      {
        id: 1,
        at: TIMESTAMP,
        job_spec: "zis:spin_demo:job_spec:TinyJobSpec",
        event_source: "sunshine",
        event_type: "activity.UserActivityCreated",
        status: "error",
        error: {
          Error: "budget_exceeded",
          Cause: 'budget exceeded: transitions (10000) at state "Spin"',
        },
      },
    ]);
  });
});

/**
 * The refund service as a mock that holds each request until the test answers it: a run lasts exactly as long
 * as the test wants, without timers.
 */
class HeldRefunds {
  readonly #held: HeldRefund[] = [];
  readonly #waiting: Array<(held: HeldRefund) => void> = [];

  readonly mock: HttpMock = {
    match: { url: REFUND_URL },
    response: (request) =>
      new Promise<HttpResponse>((answer) => {
        const held = { request, answer };
        const waiting = this.#waiting.shift();
        if (waiting) waiting(held);
        else this.#held.push(held);
      }),
  };

  /** The next request the flows send, once one is held. */
  next(): Promise<HeldRefund> {
    const held = this.#held.shift();
    return held ? Promise.resolve(held) : new Promise((resolve) => this.#waiting.push(resolve));
  }
}

interface HeldRefund {
  readonly request: HttpRequest;
  readonly answer: (response: HttpResponse) => void;
}

/** Whether a promise has settled yet. */
function settled(promise: Promise<unknown>): () => boolean {
  let done = false;
  const settle = () => (done = true);
  void promise.then(settle, settle);
  return () => done;
}

describe("the run queue", () => {
  const EVENTS = "/api/v2/user_profiles/events";
  const CASE_4 = tutorialRefundEvent("790", "50.00", "John Doe", "basic", JOHN);
  const statuses = async (dev: Dev) =>
    (await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs.map(
      (r: { status: string }) => r.status,
    );

  it("answers requests while a flow runs, and runs the queued flows one after another in event order", async () => {
    const refunds = new HeldRefunds();
    const dev = await start({ mocks: [refunds.mock] });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);

    const first = await dev.call("POST", EVENTS, CASE_1);
    expect(first.status).toBe(202);
    expect(first.headers.get("x-zisflow-runs")).toBe("1");
    const refund789 = await refunds.next();
    expect(refund789.request.body).toMatchObject({ order_id: "789" });
    const drained = settled(dev.server.idle());

    // Run 1 waits for the refund service; the server goes on answering, and queues the next events' runs.
    expect((await dev.call("GET", "/zisflow/runs/1", undefined, {})).body.run).toEqual({
      id: 1,
      at: TIMESTAMP,
      job_spec: JOB_SPEC,
      event_source: "sunshine",
      event_type: "activity.UserActivityCreated",
      status: "running",
    });
    const second = await dev.call("POST", EVENTS, CASE_2);
    expect(second).toMatchObject({ status: 202, body: undefined });
    expect(second.headers.get("x-zisflow-runs")).toBe("2");
    expect((await dev.call("POST", EVENTS, CASE_4)).headers.get("x-zisflow-runs")).toBe("3");
    expect((await dev.call("GET", "/api/v2/users/10002.json")).body.user).toMatchObject({ email: JENNIFER });
    expect(await statuses(dev)).toEqual(["running", "queued", "queued"]);
    expect((await dev.call("GET", "/zisflow/runs/2", undefined, {})).body.run).toEqual({
      ...(await dev.call("GET", "/zisflow/runs/1", undefined, {})).body.run,
      id: 2,
      status: "queued",
    });
    expect(drained()).toBe(false);

    // Each run starts when the one before has ended: 456's refund comes only once 789's was answered.
    refund789.answer({ status: 200, body: {} });
    const refund456 = await refunds.next();
    expect(refund456.request.body).toMatchObject({ order_id: "456" });
    expect(await statuses(dev)).toEqual(["succeeded", "running", "queued"]);
    refund456.answer({ status: 500, body: {} });
    const refund790 = await refunds.next();
    expect(refund790.request.body).toMatchObject({ order_id: "790" });
    expect(await statuses(dev)).toEqual(["succeeded", "failed", "running"]);
    expect(drained()).toBe(false);
    refund790.answer({ status: 200, body: {} });

    await dev.server.idle();
    expect(drained()).toBe(true);
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      tutorialRun(1, STATES_CASE_1),
      {
        ...tutorialRun(2, STATES_CASE_2.slice(0, -1)),
        status: "failed",
        error: { Error: "States.TaskFailed", Cause: "external action failed due to status code: 500" },
        log: "external action failed due to status code: 500",
      },
      tutorialRun(3, STATES_CASE_1),
    ]);
    expect(
      (await dev.call("GET", "/zisflow/requests", undefined, {})).body.requests.map(
        (r: { body: { order_id: string } }) => r.body.order_id,
      ),
    ).toEqual(["789", "456", "790"]);
  });

  it("answers GET /zisflow/runs/ID?wait=SECONDS once the run has ended, /zisflow/runs?wait= once all have", async () => {
    const refunds = new HeldRefunds();
    const dev = await start({ mocks: [refunds.mock] });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await dev.call("POST", EVENTS, CASE_1);
    const refund789 = await refunds.next();
    await dev.call("POST", EVENTS, CASE_4);

    const runOne = dev.call("GET", "/zisflow/runs/1?wait=30", undefined, {});
    const allRuns = dev.call("GET", "/zisflow/runs?wait=30", undefined, {});
    const runOneAnswered = settled(runOne);
    const allRunsAnswered = settled(allRuns);
    // wait=0 answers at once, with the runs as they are.
    expect((await dev.call("GET", "/zisflow/runs/1?wait=0", undefined, {})).body.run.status).toBe("running");
    expect((await dev.call("GET", "/zisflow/runs/2?wait=0", undefined, {})).body.run.status).toBe("queued");
    expect([runOneAnswered(), allRunsAnswered()]).toEqual([false, false]);

    refund789.answer({ status: 200, body: {} });
    expect((await runOne).body.run).toMatchObject({ id: 1, status: "succeeded" });
    const refund790 = await refunds.next();
    expect(allRunsAnswered()).toBe(false);
    refund790.answer({ status: 200, body: {} });
    expect((await allRuns).body).toEqual({
      runs: [tutorialRun(1, STATES_CASE_1), tutorialRun(2, STATES_CASE_1)],
    });

    // Ended and unknown runs are answered at once; a wait that is not 0 to 60 seconds is refused.
    expect((await dev.call("GET", "/zisflow/runs/1?wait=60", undefined, {})).body.run.status).toBe(
      "succeeded",
    );
    expect(await dev.call("GET", "/zisflow/runs/3?wait=60", undefined, {})).toMatchObject({ status: 404 });
    for (const wait of ["", "abc", "-1", "61"])
      expect(await dev.call("GET", `/zisflow/runs?wait=${wait}`, undefined, {})).toMatchObject({
        status: 400,
        body: {
          error: "InvalidQuery",
          description: `wait takes a number of seconds from 0 to 60, not "${wait}"`,
        },
      });
  });

  it("answers a flow's own GET /zisflow/runs?wait= at once: it would wait for itself", async () => {
    const dev = await start();
    const bundle = tinyBundle("wait_demo", {
      eventSource: "sunshine",
      eventType: "activity.UserActivityCreated",
      resources: {
        ListRuns: {
          type: "ZIS::Action::Http",
          properties: {
            name: "ListRuns",
            definition: { method: "GET", path: "/zisflow/runs?wait=60", connectionName: "zendesk" },
          },
        },
      },
      states: {
        List: {
          Type: "Action",
          ActionName: "zis:wait_demo:action:ListRuns",
          ResultPath: "$.listed",
          Next: "Done",
        },
        Done: { Type: "Succeed" },
      },
    });
    await uploadAndInstall(dev, "wait_demo", bundle, "TinyJobSpec");
    await sendEvent(dev, CASE_1);
    const { run } = (await dev.call("GET", "/zisflow/runs/1", undefined, {})).body;
    expect(run).toMatchObject({ status: "succeeded" });
    expect(run.output.listed.runs).toEqual([expect.objectContaining({ id: 1, status: "running" })]);
  });

  it("stops by waiting for the running flow, recording the queued ones as not run", async () => {
    const refunds = new HeldRefunds();
    const database = tempDatabase();
    const dev = await start({ database, mocks: [refunds.mock] });
    await uploadAndInstall(dev, INTEGRATION, tutorial, JOB_SPEC);
    await dev.call("POST", EVENTS, CASE_1);
    const refund789 = await refunds.next();
    await dev.call("POST", EVENTS, CASE_4);

    const closing = dev.close();
    const closed = settled(closing);
    // The queued run is given up at once; the running one goes on, and the database stays open for it.
    const { data } = dev.server.zendesk;
    expect([data.run(1)?.status, data.run(2)?.status]).toEqual(["running", "error"]);
    expect(closed()).toBe(false);
    refund789.answer({ status: 200, body: {} });
    await closing;

    const again = await start({ database });
    expect((await again.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      tutorialRun(1, STATES_CASE_1),
      {
        id: 2,
        at: TIMESTAMP,
        job_spec: JOB_SPEC,
        event_source: "sunshine",
        event_type: "activity.UserActivityCreated",
        status: "error",
        error: { Error: "server_stopped", Cause: "zisflow dev stopped before the run ended" },
      },
    ]);
  });

  it("records runs a killed server left queued or running as ended with server_stopped", async () => {
    const database = tempDatabase();
    const db = new DevDatabase(database);
    const run = { at: "2026-01-01T00:00:00Z", job_spec: JOB_SPEC, event_source: "sunshine", event_type: "x" };
    db.put("run", "1", { id: 1, ...run, status: "succeeded" });
    db.put("run", "2", { id: 2, ...run, status: "running" });
    db.put("run", "3", { id: 3, ...run, status: "queued" });
    db.close();

    const dev = await start({ database });
    const stopped = { Error: "server_stopped", Cause: "zisflow dev stopped before the run ended" };
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toEqual([
      { id: 1, ...run, status: "succeeded" },
      { id: 2, ...run, status: "error", error: stopped },
      { id: 3, ...run, status: "error", error: stopped },
    ]);
  });
});

describe("malformed requests", () => {
  it("answers 400 InvalidJSON for a body that is not JSON", async () => {
    const dev = await start();
    for (const urlPath of ["/api/v2/tickets.json", bundlesPath(INTEGRATION), "/zisflow/requests"]) {
      const reply = await dev.call("POST", urlPath, "{not json");
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        error: "InvalidJSON",
        description: expect.stringMatching(/^the request body is not JSON: /),
      });
    }
    expect((await dev.call("GET", searchPath("type:ticket"))).body.count).toBe(0);
  });

  it("POST /zisflow/stop asks the server's owner to stop once the 202 is sent; a flow's own request cannot", async () => {
    const dev = await start();
    let stopRequested = false;
    void dev.server.zendesk.stopRequested.then(() => (stopRequested = true));
    const fromFlow = await dev.server.zendesk.handle({
      method: "POST",
      url: new URL(`${dev.url}/zisflow/stop`),
      headers: {},
      body: undefined,
      internal: true,
    });
    expect(fromFlow).toMatchObject({ status: 403, body: { error: "Forbidden" } });
    expect(
      await dev.call("POST", "/zisflow/stop", undefined, { Origin: "https://some.site.example" }),
    ).toMatchObject({
      status: 403,
      body: { error: "Forbidden", description: "a web page cannot stop zisflow dev" },
    });
    await Promise.resolve();
    expect(stopRequested).toBe(false);
    expect(await dev.call("POST", "/zisflow/stop", undefined, {})).toMatchObject({
      status: 202,
      body: { status: "stopping" },
    });
    await vi.waitFor(() => expect(stopRequested).toBe(true), { timeout: 2000, interval: 5 });
    // The server itself goes on until its owner closes it.
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).status).toBe(200);
  });

  it("answers 404 naming an unknown endpoint", async () => {
    const dev = await start();
    expect(await dev.call("GET", "/api/v2/widgets.json")).toMatchObject({
      status: 404,
      body: { error: "InvalidEndpoint", description: "zisflow dev does not serve GET /api/v2/widgets.json" },
    });
    expect(await dev.call("DELETE", "/api/services/zis/registry/refund_demo")).toMatchObject({
      status: 404,
      body: {
        error: "InvalidEndpoint",
        description: "zisflow dev does not serve DELETE /api/services/zis/registry/refund_demo",
      },
    });
    expect(await dev.call("POST", "/zisflow/runs", undefined, {})).toMatchObject({
      status: 404,
      body: {
        error: "InvalidEndpoint",
        description: "no POST /zisflow/runs: see GET /zisflow/requests and /zisflow/runs, POST /zisflow/stop",
      },
    });
    expect(await dev.call("GET", "/zisflow/nothing", undefined, {})).toMatchObject({
      status: 404,
      body: {
        error: "InvalidEndpoint",
        description:
          "no GET /zisflow/nothing: see GET /zisflow/requests and /zisflow/runs, POST /zisflow/stop",
      },
    });
  });
});

describe("fixed after review", () => {
  it("keeps two bundles of one integration apart, and the last upload wins a job spec name", async () => {
    const dev = await start();
    const states = { Done: { Type: "Succeed" } };
    const first = tinyBundle("two_demo", {
      name: "First",
      eventSource: "support",
      eventType: "ticket.TicketCreated",
      states,
    });
    const second = tinyBundle("two_demo", {
      name: "Second",
      eventSource: "support",
      eventType: "ticket.StatusChanged",
      states,
    });
    const a = await dev.call("POST", bundlesPath("two_demo"), first);
    const b = await dev.call("POST", bundlesPath("two_demo"), second);
    expect(a.body.uuid).not.toBe(b.body.uuid);
    expect(
      (await dev.call("GET", bundlesPath("two_demo"))).body.bundles.map((x: { name: string }) => x.name),
    ).toEqual(["First", "Second"]);
    // Both define TinyJobSpec: the one uploaded last is the one listed, until First is uploaded again.
    const eventTypes = async () =>
      (await dev.call("GET", jobSpecsPath("two_demo"))).body.job_specs.map(
        (s: { event_type: string }) => s.event_type,
      );
    expect(await eventTypes()).toEqual(["ticket.StatusChanged"]);
    await dev.call("POST", bundlesPath("two_demo"), first);
    expect(await eventTypes()).toEqual(["ticket.TicketCreated"]);
  });

  it("counts event depth per chain of events, not across concurrent requests", async () => {
    const dev = await start({
      forwardExternal: true,
      fetch: (async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return new Response("{}", { status: 200 });
      }) as typeof fetch,
    });
    await uploadAndInstall(dev, INTEGRATION, tutorial, "RefundRequestJobSpec");
    const runs = await Promise.all(Array.from({ length: 7 }, () => sendEvent(dev, CASE_1)));
    expect(runs.map((ids) => ids.split(",").length)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect((await dev.call("GET", "/zisflow/runs", undefined, {})).body.runs).toHaveLength(7);
  });

  it("saves what a run wrote to configs even when it ended in a harness error", async () => {
    const database = tempDatabase();
    const dev = await start({ database });
    const bundle = tinyBundle("spin_demo", {
      eventSource: "sunshine",
      eventType: "activity.UserActivityCreated",
      states: {
        Save: {
          Type: "Action",
          ActionName: "zis:common:action:PatchConfig",
          Parameters: { scope: "spin", config: { n: 1 } },
          ResultPath: "$.saved",
          Next: "Spin",
        },
        Spin: { Type: "Pass", Next: "Spin" },
      },
    });
    await uploadAndInstall(dev, "spin_demo", bundle, "TinyJobSpec");
    await sendEvent(dev, CASE_1);
    await dev.close();
    const again = await start({ database });
    expect((await again.call("GET", configsPath("spin_demo", "/spin"))).body).toMatchObject({
      config: { scope: "spin", config: { n: 1 } },
    });
  });

  it("answers 404 for PATCH or PUT of a config scope that does not exist", async () => {
    const dev = await start();
    expect(await dev.call("PATCH", configsPath("cfg_demo", "/nope"), { config: { a: 1 } })).toMatchObject({
      status: 404,
    });
    expect(await dev.call("PUT", configsPath("cfg_demo", "/nope"), { config: { a: 1 } })).toMatchObject({
      status: 404,
    });
  });
});

describe("credentials before bodies", () => {
  it("answers 401, not 400, to a request without credentials whatever its body", async () => {
    const dev = await start();
    const response = await fetch(`${dev.url}/api/v2/tickets.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{ not json",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Couldn't authenticate you" });
  });
});

describe("routing", () => {
  it("lets the first matching path decide: a method it does not take is 405, even if a later path takes it", async () => {
    const dev = await start();
    const notAllowed = { status: 405, body: { error: "MethodNotAllowed" } };
    // /user_profiles/events comes before /user_profiles/{id}, which would take GET.
    expect(await dev.call("GET", "/api/v2/user_profiles/events")).toMatchObject(notAllowed);
    expect(await dev.call("OPTIONS", configsPath("cfg_demo"))).toMatchObject(notAllowed);
    expect(await dev.call("POST", "/api/v2/search.json")).toMatchObject(notAllowed);
    expect(await dev.call("PUT", "/zisflow/requests", undefined, {})).toMatchObject(notAllowed);
    // The runs are read-only: other methods get the inspection 404.
    expect(await dev.call("DELETE", "/zisflow/runs/1", undefined, {})).toMatchObject({
      status: 404,
      body: {
        error: "InvalidEndpoint",
        description:
          "no DELETE /zisflow/runs/1: see GET /zisflow/requests and /zisflow/runs, POST /zisflow/stop",
      },
    });
  });

  it("matches with or without .json and a trailing slash, and numeric ids only where the API has them", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1);
    const user = { id: 10001, name: "John Doe", email: JOHN, role: "end-user", created_at: TIMESTAMP };
    for (const urlPath of ["/api/v2/users/10001", "/api/v2/users/10001.json", "/api/v2/users/10001/"])
      expect(await dev.call("GET", urlPath)).toMatchObject({ status: 200, body: { user } });
    expect(await dev.call("GET", "/api/v2/users/john")).toMatchObject({
      status: 404,
      body: { error: "InvalidEndpoint", description: "zisflow dev does not serve GET /api/v2/users/john" },
    });
    expect(await dev.call("GET", "/api/v2/search?query=type:ticket")).toMatchObject({
      status: 200,
      body: { count: 0 },
    });
  });

  it("decodes path segments, answering 400 InvalidPath for a malformed one", async () => {
    const dev = await start();
    expect(await dev.call("POST", configsPath("cfg%20demo"), { scope: "s", config: { a: 1 } })).toMatchObject(
      { status: 201, body: { config: { scope: "s", integration: "cfg demo" } } },
    );
    expect(await dev.call("GET", configsPath("cfg%ZZ"))).toEqual({
      status: 400,
      body: {
        error: "InvalidPath",
        description: "/api/services/zis/integrations/cfg%ZZ/configs: URI malformed",
      },
      headers: expect.any(Headers),
    });
  });

  it("answers 400 for a link query the link store refuses", async () => {
    const dev = await start();
    const detail = "page_size must be an integer from 1 to 100, found 0";
    expect(
      await dev.call("GET", linksPath("links_demo", "?link_type=t&left_object_name=a&page[size]=0")),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ code: "1010", detail, status: "400" }], message: detail },
    });
  });
});

describe("ticket event payloads", () => {
  it("emits ticket.CommentAdded and ticket.StatusChanged with the comment, its author and both statuses", async () => {
    const dev = await start();
    const remember = (name: string, eventType: string) =>
      tinyBundle("ticket_demo", {
        name,
        jobSpec: name,
        eventSource: "support",
        eventType,
        states: { Done: { Type: "Succeed" } },
      });
    await uploadAndInstall(
      dev,
      "ticket_demo",
      remember("OnComment", "ticket.CommentAdded"),
      "zis:ticket_demo:job_spec:OnComment",
    );
    await uploadAndInstall(
      dev,
      "ticket_demo",
      remember("OnStatus", "ticket.StatusChanged"),
      "zis:ticket_demo:job_spec:OnStatus",
    );
    await sendEvent(dev, CASE_1);
    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { subject: "Hello", comment: { body: "World" }, requester_id: 10001 },
    });
    expect(created.status).toBe(201);

    const updated = await dev.call("PUT", "/api/v2/tickets/1.json", {
      ticket: { comment: { body: "Any news?", public: false }, status: "open" },
    });
    expect(updated).toMatchObject({ status: 200, body: { ticket: { id: 1, status: "open" } } });
    expect(updated.headers.get("x-zisflow-runs")).toBe("1,2");
    await dev.server.idle();

    const after = updated.body.ticket;
    const summary = ticketSummary(after, { status: "open", tags: [] });
    const meta = { occurred_at: after.updated_at, ref: "ticket-1", version: "1.0" };
    const inputOf = async (id: number) =>
      (await dev.call("GET", `/zisflow/runs/${id}`, undefined, {})).body.run.trace[0].input.input;
    expect(await inputOf(1)).toEqual({
      ticket_event: {
        meta,
        type: "Comment Created",
        ticket: summary,
        comment: {
          id: 2,
          body: "Any news?",
          is_public: false,
          author: { id: 10001, name: "John Doe", is_staff: false },
        },
      },
    });
    expect(await inputOf(2)).toEqual({
      ticket_event: { meta, type: "Status Changed", ticket: summary, previous: "new", current: "open" },
    });
  });
});

/** The ticket summary an event payload carries for ticket 1 of John Doe, as the local Zendesk writes it. */
function ticketSummary(
  ticket: { created_at: string; updated_at: string },
  { status, tags }: { status: string; tags: string[] },
) {
  return {
    id: 1,
    status,
    priority: null,
    type: null,
    tags,
    assignee_id: null,
    group_id: null,
    requester_id: 10001,
    submitter_id: 10001,
    organization_id: null,
    brand_id: 1,
    form_id: 1,
    external_id: null,
    via: { channel: "api" },
    created_at: ticket.created_at,
    updated_at: ticket.updated_at,
  };
}

describe("users", () => {
  const user = (id: number, name: string, email: string) => ({
    id,
    name,
    email,
    role: "end-user",
    created_at: TIMESTAMP,
  });
  const JOHN_USER = user(10001, "John Doe", JOHN);
  const JENNIFER_USER = user(10002, "Jennifer Doe", JENNIFER);
  const JANE_USER = user(10003, "Jane Doe", JANE);

  it("lists users a page at a time, with next_page, previous_page and count", async () => {
    const dev = await start();
    expect(await dev.call("GET", "/api/v2/users.json")).toMatchObject({
      status: 200,
      body: { users: [], next_page: null, previous_page: null, count: 0 },
    });
    for (const event of [CASE_1, CASE_2, CASE_3]) await sendEvent(dev, event);
    const all = await dev.call("GET", "/api/v2/users.json");
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      users: [JOHN_USER, JENNIFER_USER, JANE_USER],
      next_page: null,
      previous_page: null,
      count: 3,
    });
    expect((await dev.call("GET", "/api/v2/users")).body).toEqual(all.body);
    expect((await dev.call("GET", "/api/v2/users.json?per_page=2")).body).toEqual({
      users: [JOHN_USER, JENNIFER_USER],
      next_page: `${dev.url}/api/v2/users.json?per_page=2&page=2`,
      previous_page: null,
      count: 3,
    });
    expect((await dev.call("GET", "/api/v2/users.json?page=2&per_page=2")).body).toEqual({
      users: [JANE_USER],
      next_page: null,
      previous_page: `${dev.url}/api/v2/users.json?page=1&per_page=2`,
      count: 3,
    });
    expect((await dev.call("GET", "/api/v2/users.json?page=3&per_page=2")).body).toEqual({
      users: [],
      next_page: null,
      previous_page: `${dev.url}/api/v2/users.json?page=2&per_page=2`,
      count: 3,
    });
    // per_page above 100 is taken as 100.
    expect((await dev.call("GET", "/api/v2/users.json?per_page=500")).body.users).toHaveLength(3);
    for (const query of ["page=0", "page=x", "per_page=0", "per_page=-1"]) {
      const name = query.split("=")[0];
      expect(await dev.call("GET", `/api/v2/users.json?${query}`)).toMatchObject({
        status: 400,
        body: { error: "InvalidPaginationParameter", description: `${name} must be a positive integer` },
      });
    }
    expect(await dev.call("POST", "/api/v2/users.json", { user: { name: "x" } })).toMatchObject({
      status: 405,
    });
  });

  it("shows a user, and answers 404 RecordNotFound for a missing id", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1);
    expect(await dev.call("GET", "/api/v2/users/10001.json")).toMatchObject({
      status: 200,
      body: { user: JOHN_USER },
    });
    expect((await dev.call("GET", "/api/v2/users/10001.json")).body).toEqual({ user: JOHN_USER });
    expect(await dev.call("GET", "/api/v2/users/10002.json")).toMatchObject({
      status: 404,
      body: { error: "RecordNotFound", description: "Not found" },
    });
  });

  it("finds a user by email at /users/search.json (any case) and by name words", async () => {
    const dev = await start();
    for (const event of [CASE_1, CASE_2, CASE_3]) await sendEvent(dev, event);
    const found = async (query: string) => {
      const reply = await dev.call("GET", `/api/v2/users/search.json?query=${encodeURIComponent(query)}`);
      expect(reply.status).toBe(200);
      return reply.body;
    };
    expect(await found(`email:${JANE}`)).toEqual({
      users: [JANE_USER],
      next_page: null,
      previous_page: null,
      count: 1,
    });
    expect((await found(`email:${JANE.toUpperCase()}`)).users).toEqual([JANE_USER]);
    expect((await found(`email:"${JENNIFER}"`)).users).toEqual([JENNIFER_USER]);
    expect((await found(JOHN)).users).toEqual([JOHN_USER]);
    expect((await found("doe")).users).toEqual([JOHN_USER, JENNIFER_USER, JANE_USER]);
    expect((await found("email:nobody@example.com")).users).toEqual([]);
    // email: matches whole addresses, not parts of them.
    expect((await found("email:doe@example.com")).users).toEqual([]);
    expect(
      (await dev.call("GET", `/api/v2/users/search?query=${encodeURIComponent(`email:${JOHN}`)}`)).body.users,
    ).toEqual([JOHN_USER]);
    expect(await dev.call("GET", "/api/v2/users/search.json")).toMatchObject({
      status: 400,
      body: { error: "InvalidQuery", description: "give query= (email:<address> or words of the name)" },
    });
    expect(await dev.call("GET", "/api/v2/users/search.json?query=role:admin")).toMatchObject({
      status: 400,
      body: {
        error: "InvalidQuery",
        description: "zisflow dev supports email: and free words in user searches, not role:",
      },
    });
  });

  it("finds users with type:user at /search.json, as results of result_type user", async () => {
    const dev = await start();
    for (const event of [CASE_1, CASE_2, CASE_3]) await sendEvent(dev, event);
    expect(await dev.call("GET", searchPath(`type:user email:${JENNIFER}`))).toMatchObject({
      status: 200,
      body: {
        results: [{ ...JENNIFER_USER, result_type: "user" }],
        facets: null,
        next_page: null,
        previous_page: null,
        count: 1,
      },
    });
    expect((await dev.call("GET", searchPath(`type:user email:${JENNIFER}`))).body).toEqual({
      results: [{ ...JENNIFER_USER, result_type: "user" }],
      facets: null,
      next_page: null,
      previous_page: null,
      count: 1,
    });
    expect((await dev.call("GET", searchPath("type:user jane"))).body.results).toEqual([
      { ...JANE_USER, result_type: "user" },
    ]);
    expect((await dev.call("GET", searchPath("type:user email:nobody@example.com"))).body.count).toBe(0);
    // Without type:, email: (a keyword of users only) finds users, as Zendesk's search of every type does.
    expect((await dev.call("GET", searchPath(`email:${JENNIFER}`))).body).toEqual({
      results: [{ ...JENNIFER_USER, result_type: "user" }],
      facets: null,
      next_page: null,
      previous_page: null,
      count: 1,
    });
    expect(await dev.call("GET", searchPath("type:user status:open"))).toMatchObject({
      status: 400,
      body: {
        error: "InvalidQuery",
        description: "zisflow dev supports email: and free words in type:user search queries, not status:",
      },
    });
    expect(await dev.call("GET", searchPath("type:user type:ticket"))).toMatchObject({
      status: 400,
      body: { error: "InvalidQuery", description: "zisflow dev searches one type at a time" },
    });
  });
});

describe("ticket requester by name and email", () => {
  it("uses the user of the requester's email, else creates one, as requester_id", async () => {
    const dev = await start();
    await sendEvent(dev, CASE_1); // John: user 10001
    const create = (ticket: Record<string, unknown>) =>
      dev.call("POST", "/api/v2/tickets.json", { ticket: { comment: { body: "Hi" }, ...ticket } });

    const existing = await create({ requester: { name: "Johnny", email: JOHN.toUpperCase() } });
    expect(existing.status).toBe(201);
    expect(existing.body).toEqual({
      ticket: ticketView(dev.url, 1, { subject: null, description: "Hi", requester_id: 10001 }),
    });
    // Found, not renamed.
    expect((await dev.call("GET", "/api/v2/users/10001.json")).body.user.name).toBe("John Doe");

    const created = await create({ requester: { name: "Ann Other", email: "ann@example.com" } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      ticket: ticketView(dev.url, 2, { subject: null, description: "Hi", requester_id: 10002 }),
    });
    expect((await dev.call("GET", "/api/v2/users/10002.json")).body).toEqual({
      user: {
        id: 10002,
        name: "Ann Other",
        email: "ann@example.com",
        role: "end-user",
        created_at: TIMESTAMP,
      },
    });
    // Without a name, the new user is named by its email.
    expect((await create({ requester: { email: "bob@example.com" } })).body.ticket.requester_id).toBe(10003);
    expect((await dev.call("GET", "/api/v2/users/10003.json")).body.user).toMatchObject({
      name: "bob@example.com",
      email: "bob@example.com",
    });
    // requester_id wins over requester.
    expect(
      (await create({ requester_id: 10001, requester: { name: "X", email: "x@example.com" } })).body.ticket
        .requester_id,
    ).toBe(10001);
    expect((await dev.call("GET", "/api/v2/users.json")).body.count).toBe(3);
  });

  it("refuses a requester without an email address, or with an empty name, creating nothing", async () => {
    const dev = await start();
    const invalid = {
      status: 422,
      body: {
        error: "RecordInvalid",
        description:
          "Requester: ticket.requester must be { name?, email } with an email address and a non-empty name",
      },
    };
    for (const requester of [
      { name: "No Email" },
      { name: "Bad", email: "not-an-email" },
      { name: "", email: "empty@example.com" },
      { name: "   ", email: "blank@example.com" },
      { name: 7, email: "seven@example.com" },
      "someone@example.com",
    ]) {
      const reply = await dev.call("POST", "/api/v2/tickets.json", {
        ticket: { comment: { body: "Hi" }, requester },
      });
      expect({ status: reply.status, body: reply.body }).toEqual(invalid);
    }
    const neither = await dev.call("POST", "/api/v2/tickets.json", { ticket: { comment: { body: "Hi" } } });
    expect({ status: neither.status, body: neither.body }).toEqual({
      status: 422,
      body: {
        error: "RecordInvalid",
        description: "Requester: give ticket.requester_id (a user id) or ticket.requester ({ name, email })",
      },
    });
    // A requester with no comment body is refused before the user is created.
    expect(
      await dev.call("POST", "/api/v2/tickets.json", {
        ticket: { comment: {}, requester: { name: "Late", email: "late@example.com" } },
      }),
    ).toMatchObject({ status: 422 });
    expect((await dev.call("GET", "/api/v2/users.json")).body.count).toBe(0);
  });
});

describe("ticket tags", () => {
  it("adds (PUT), sets (POST, 201) and removes (DELETE) tags, answering the ticket's tags", async () => {
    const dev = await start();
    const created = await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { comment: { body: "Hi" }, requester: { email: "ann@example.com" }, tags: ["first"] },
    });
    expect(created.status).toBe(201);
    const tags = "/api/v2/tickets/1/tags.json";
    const reply = async (method: string, urlPath: string, body?: unknown) => {
      const { status, body: answer } = await dev.call(method, urlPath, body);
      return { status, body: answer };
    };
    expect(await reply("GET", tags)).toEqual({ status: 200, body: { tags: ["first"] } });
    expect(await reply("PUT", tags, { tags: ["vip", "first", "refund", "vip"] })).toEqual({
      status: 200,
      body: { tags: ["first", "vip", "refund"] },
    });
    expect(await reply("DELETE", tags, { tags: ["first", "absent"] })).toEqual({
      status: 200,
      body: { tags: ["vip", "refund"] },
    });
    expect(await reply("POST", "/api/v2/tickets/1/tags", { tags: ["only", "only"] })).toEqual({
      status: 201,
      body: { tags: ["only"] },
    });
    expect(await reply("POST", tags, { tags: [] })).toEqual({ status: 201, body: { tags: [] } });
    expect(await reply("PUT", tags, { tags: [" spaced "] })).toEqual({
      status: 200,
      body: { tags: ["spaced"] },
    });
    const ticket = (await dev.call("GET", "/api/v2/tickets/1.json")).body.ticket;
    expect(ticket.tags).toEqual(["spaced"]);
    expect(ticket.updated_at).toEqual(TIMESTAMP);
  });

  it("refuses bodies without a list of tags, and answers 404 for a missing ticket", async () => {
    const dev = await start();
    await dev.call("POST", "/api/v2/tickets.json", {
      ticket: { comment: { body: "Hi" }, requester: { email: "ann@example.com" }, tags: ["kept"] },
    });
    const tags = "/api/v2/tickets/1/tags.json";
    const reply = async (method: string, urlPath: string, body?: unknown) => {
      const { status, body: answer } = await dev.call(method, urlPath, body);
      return { status, body: answer };
    };
    const noList = {
      status: 400,
      body: { error: "RecordInvalid", description: 'the body must be { "tags": [ … ] }' },
    };
    expect(await reply("PUT", tags, { tags: "vip" })).toEqual(noList);
    expect(await reply("POST", tags, { tag: ["vip"] })).toEqual(noList);
    expect(await reply("DELETE", tags)).toEqual(noList);
    const badTag = {
      status: 422,
      body: { error: "RecordInvalid", description: "Tags: each tag must be a non-empty string" },
    };
    expect(await reply("PUT", tags, { tags: ["ok", 7] })).toEqual(badTag);
    expect(await reply("POST", tags, { tags: [" "] })).toEqual(badTag);
    expect(await reply("GET", tags)).toEqual({ status: 200, body: { tags: ["kept"] } });
    const notFound = { status: 404, body: { error: "RecordNotFound", description: "Not found" } };
    expect(await reply("GET", "/api/v2/tickets/2/tags.json")).toEqual(notFound);
    expect(await reply("PUT", "/api/v2/tickets/2/tags.json", { tags: ["vip"] })).toEqual(notFound);
    expect(await reply("PATCH", tags, { tags: ["vip"] })).toEqual({
      status: 405,
      body: { error: "MethodNotAllowed" },
    });
  });
});
