import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundleModule } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import type { JsonObject } from "../../src/model/json.js";
import {
  bundleIntegration,
  deploy,
  DeployError,
  describeErrorBody,
  findBuildPlaceholders,
  makeRedactor,
  NO_CREDENTIALS,
  normalizeBaseUrl,
  parseRetryAfter,
  planDeployment,
  ZendeskClient,
  type Credentials,
  type DeployEvent,
  type ZendeskClientOptions,
} from "../../src/deploy/index.js";
import {
  startScriptedServer,
  type RecordedRequest,
  type ScriptedServer,
} from "../support/scripted-server.js";
import { ROOT } from "../support/shared.js";

// --- A scripted Zendesk (test/support/scripted-server.ts): records every request, answers from a queue. ---

let zendesk: ScriptedServer;
beforeAll(async () => {
  zendesk = await startScriptedServer();
});
afterAll(() => zendesk.close());
beforeEach(() => {
  zendesk.reset();
  sleeps.length = 0;
});

/** The injected sleep: records the waits, never waits. */
const sleeps: number[] = [];
const sleep = async (ms: number): Promise<void> => {
  sleeps.push(ms);
};

const EMAIL = "admin@example.com";
const TOKEN = "Zt0k3n-sup3r-s3cr3t-9f8e7d";
const TOKEN_HEADER = "Basic " + Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64");
const API_TOKEN: Credentials = { kind: "api_token", email: EMAIL, token: TOKEN };

const client = (options: Partial<ZendeskClientOptions> = {}) =>
  new ZendeskClient({ baseUrl: zendesk.baseUrl, credentials: API_TOKEN, sleep, ...options });

const UPLOAD_PATH = "/api/services/zis/registry/refund_demo/bundles";
const INSTALL_PATH =
  "/api/services/zis/registry/job_specs/install?job_spec_name=zis%3Arefund_demo%3Ajob_spec%3ARefundRequestJobSpec";

/** flows/refund-requests.ts built with --integration refund_demo --set EXTERNAL_TARGET_URL=… */
let refundBundle: JsonObject;
beforeAll(async () => {
  const definition = await loadBundleModule(path.join(ROOT, "flows/refund-requests.ts"));
  const compiled = compileBundle(definition, {
    integration: "refund_demo",
    params: { EXTERNAL_TARGET_URL: "https://example.com/refunds" },
  });
  expect(compiled.findings).toEqual([]);
  refundBundle = compiled.bundle;
});

describe("planDeployment", () => {
  it("uploads the bundle, then installs every job spec with its URL-encoded full name", () => {
    const plan = planDeployment(refundBundle, "refund_demo");
    expect(plan.integration).toBe("refund_demo");
    expect(plan.bundleName).toBe("Example ZIS integration for custom activity events");
    expect(plan.requests).toEqual([
      { step: "upload bundle", kind: "upload_bundle", method: "POST", path: UPLOAD_PATH, body: refundBundle },
      {
        step: "install job spec RefundRequestJobSpec",
        kind: "install_job_spec",
        method: "POST",
        path: INSTALL_PATH,
        jobSpec: "zis:refund_demo:job_spec:RefundRequestJobSpec",
      },
    ]);
  });

  it("installs every job spec, in the bundle's order, and encodes odd characters of names", () => {
    const resources = refundBundle.resources as JsonObject;
    const spec = resources.RefundRequestJobSpec as { properties: JsonObject };
    const bundle = {
      ...refundBundle,
      resources: {
        ...resources,
        Second: { type: "ZIS::JobSpec", properties: { ...spec.properties, name: "Second spec/&=" } },
      },
    };
    expect(planDeployment(bundle, "refund_demo").requests.map((r) => [r.step, r.path])).toEqual([
      ["upload bundle", UPLOAD_PATH],
      ["install job spec RefundRequestJobSpec", INSTALL_PATH],
      [
        "install job spec Second spec/&=",
        "/api/services/zis/registry/job_specs/install?job_spec_name=zis%3Arefund_demo%3Ajob_spec%3ASecond%20spec%2F%26%3D",
      ],
    ]);
  });

  it("refuses an integration key ZIS rejects (the INTEGRATION placeholder among them) and a bundle without a name", () => {
    for (const key of ["INTEGRATION", "", "a/b", "x".repeat(65)]) {
      const error = (() => {
        try {
          planDeployment(refundBundle, key);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(DeployError);
      expect((error as DeployError).code).toBe("invalid_plan");
    }
    expect(() => planDeployment({ resources: {} }, "acme")).toThrow("the bundle has no name");
  });
});

describe("bundle JSON: integration and placeholders", () => {
  const tutorialJson = JSON.parse(readFileSync(path.join(ROOT, "dist-bundles/my_zis_bundle.json"), "utf8"));

  it("finds the integration placeholder and the unset URL parameter in dist-bundles/my_zis_bundle.json", () => {
    expect(bundleIntegration(tutorialJson)).toBe("INTEGRATION");
    expect(findBuildPlaceholders(tutorialJson)).toEqual([
      {
        text: "INTEGRATION",
        kind: "integration",
        paths: [
          "/resources/RefundRequestJobSpec/properties/flow_name",
          "/resources/RefundRequestFlow/properties/definition/States/GetUserProfile/ActionName",
          "/resources/RefundRequestFlow/properties/definition/States/CreateZendeskTicket/ActionName",
          "/resources/RefundRequestFlow/properties/definition/States/InitiateRefund/ActionName",
        ],
      },
      {
        text: "EXTERNAL_TARGET_URL",
        kind: "parameter",
        paths: ["/resources/InitiateRefund/properties/definition/url"],
      },
    ]);
  });

  it("finds a parameter left at the start of a url or url.$ with a path after it", () => {
    const bundle = structuredClone(tutorialJson) as {
      resources: Record<string, { properties: { definition: Record<string, unknown> } }>;
    };
    const definition = bundle.resources.InitiateRefund!.properties.definition;
    delete definition.url;
    definition["url.$"] = "JIRA_BASE_URL/rest/api/2/issue/{{$.order_id}}";
    expect(findBuildPlaceholders(bundle).filter((p) => p.kind === "parameter")).toEqual([
      {
        text: "JIRA_BASE_URL",
        kind: "parameter",
        paths: ["/resources/InitiateRefund/properties/definition/url.$"],
      },
    ]);
  });

  it("finds none in the bundle built with values", () => {
    expect(bundleIntegration(refundBundle)).toBe("refund_demo");
    expect(findBuildPlaceholders(refundBundle)).toEqual([]);
  });
});

describe("ZendeskClient against a local server", () => {
  it("sends the exact upload and install requests, with email/token basic auth", async () => {
    const events: DeployEvent[] = [];
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client(), {
      onEvent: (e) => events.push(e),
    });
    expect(result.ok).toBe(true);
    expect(zendesk.requests.map((r) => [r.method, r.url])).toEqual([
      ["POST", UPLOAD_PATH],
      ["POST", INSTALL_PATH],
    ]);
    const [upload, install] = zendesk.requests;
    expect(JSON.parse(upload!.body)).toEqual(refundBundle);
    expect(upload!.body).toBe(JSON.stringify(refundBundle));
    expect(upload!.headers["content-type"]).toBe("application/json");
    expect(upload!.headers.authorization).toBe(TOKEN_HEADER);
    expect(TOKEN_HEADER).toBe("Basic YWRtaW5AZXhhbXBsZS5jb20vdG9rZW46WnQwazNuLXN1cDNyLXMzY3IzdC05ZjhlN2Q=");
    expect(install!.headers.authorization).toBe(TOKEN_HEADER);
    expect(install!.body).toBe("");
    expect(install!.headers["content-type"]).toBeUndefined();
    expect(result.steps.map((s) => [s.step, s.status, s.httpStatus, s.attempts])).toEqual([
      ["upload bundle", "done", 200, 1],
      ["install job spec RefundRequestJobSpec", "done", 200, 1],
    ]);
    expect(events.map((e) => e.type)).toEqual(["attempt", "done", "attempt", "done"]);
    expect(sleeps).toEqual([]);
  });

  it("sends email:password basic auth and Bearer OAuth tokens", async () => {
    await client({ credentials: { kind: "password", email: EMAIL, password: "pa:ss wörd" } }).send("s", {
      method: "POST",
      path: "/x",
    });
    await client({ credentials: { kind: "oauth", token: "oauth-abc.123" } }).send("s", {
      method: "POST",
      path: "/y",
    });
    expect(zendesk.requests.map((r) => r.headers.authorization)).toEqual([
      "Basic " + Buffer.from(`${EMAIL}:pa:ss wörd`, "utf8").toString("base64"),
      "Bearer oauth-abc.123",
    ]);
  });

  it("waits Retry-After seconds after a 429, then succeeds", async () => {
    zendesk.script.push({ status: 429, headers: { "Retry-After": "3" }, body: { error: "TooManyRequests" } });
    const events: DeployEvent[] = [];
    const result = await client().send("upload bundle", { method: "POST", path: UPLOAD_PATH }, (e) =>
      events.push(e),
    );
    expect(result).toEqual({ status: 200, body: "{}", attempts: 2 });
    expect(sleeps).toEqual([3000]);
    expect(events.filter((e) => e.type === "retry")).toEqual([
      {
        type: "retry",
        step: "upload bundle",
        reason: "HTTP 429",
        status: 429,
        delayMs: 3000,
        attempt: 2,
        maxAttempts: 4,
      },
    ]);
    expect(zendesk.requests).toHaveLength(2);
  });

  it("reads a Retry-After date, caps long waits at 60 s, and backs off when there is none", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    zendesk.script.push(
      { status: 429, headers: { "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" } },
      { status: 429, headers: { "Retry-After": "3600" } },
      { status: 429 },
    );
    await client({ now: () => now }).send("s", { method: "POST", path: "/x" });
    expect(sleeps).toEqual([5000, 60_000, 4000]);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("retries 5xx with back-off 1 s, 2 s", async () => {
    zendesk.script.push({ status: 503, body: "down" }, { status: 503, body: "down" });
    const result = await client().send("s", { method: "POST", path: "/x" });
    expect(result.attempts).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
    expect(zendesk.requests).toHaveLength(3);
  });

  it("fails after 3 retries of a 500, naming the step, the request, the status and the body; later steps do not run", async () => {
    for (let i = 0; i < 4; i++)
      zendesk.script.push({ status: 500, body: "Internal Server Error: database on fire" });
    const events: DeployEvent[] = [];
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client(), {
      onEvent: (e) => events.push(e),
    });
    expect(result.ok).toBe(false);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(zendesk.requests.map((r) => r.url)).toEqual([UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH]);
    const error = result.error!;
    expect(error).toBeInstanceOf(DeployError);
    expect([error.code, error.step, error.status, error.attempts]).toEqual([
      "http_error",
      "upload bundle",
      500,
      4,
    ]);
    expect(error.message).toBe(
      `upload bundle failed: POST ${zendesk.baseUrl}${UPLOAD_PATH} → HTTP 500 (after 4 attempts): Internal Server Error: database on fire`,
    );
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(events.filter((e) => e.type === "retry").map((e) => (e as { attempt: number }).attempt)).toEqual([
      2, 3, 4,
    ]);
  });

  it("does not retry a 400, reads Zendesk's error body, and installs nothing", async () => {
    zendesk.script.push({
      status: 400,
      body: {
        errors: [{ code: "1010", detail: "Bundle contains duplicated resources", status: "400" }],
        message: "Invalid bundle",
      },
    });
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client());
    expect(zendesk.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(result.error?.message).toBe(
      `upload bundle failed: POST ${zendesk.baseUrl}${UPLOAD_PATH} → HTTP 400: Invalid bundle: Bundle contains duplicated resources (code 1010)`,
    );
    expect(result.steps.map((s) => [s.step, s.status, s.httpStatus])).toEqual([
      ["upload bundle", "failed", 400],
      ["install job spec RefundRequestJobSpec", "skipped", undefined],
    ]);
  });

  it("fails an install after a good upload, naming the install step", async () => {
    zendesk.script.push(
      { status: 200, body: { uuid: "u-1" } },
      { status: 404, body: { error: "RecordNotFound", description: "Not found" } },
    );
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client());
    expect(result.steps.map((s) => s.status)).toEqual(["done", "failed"]);
    expect(result.error?.message).toBe(
      `install job spec RefundRequestJobSpec failed: POST ${zendesk.baseUrl}${INSTALL_PATH} → HTTP 404: RecordNotFound: Not found`,
    );
  });

  it("retries network errors and reports them after the last attempt", async () => {
    zendesk.script.push({ destroy: true });
    const ok = await client().send("s", { method: "POST", path: "/x" });
    expect(ok.attempts).toBe(2);
    expect(sleeps).toEqual([1000]);

    sleeps.length = 0;
    // A port nothing listens on: connection refused, every time.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await client({ baseUrl: `http://127.0.0.1:${port}` })
      .send("upload bundle", { method: "POST", path: UPLOAD_PATH })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as DeployError).code).toBe("network_error");
    expect((error as DeployError).message).toBe(
      `upload bundle failed: POST http://127.0.0.1:${port}${UPLOAD_PATH} → network error: fetch failed (ECONNREFUSED) (after 4 attempts)`,
    );
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("does not follow redirects (they would carry the credentials elsewhere)", async () => {
    zendesk.script.push({ status: 301, headers: { Location: "https://elsewhere.example.com/x" } });
    const error = (await client()
      .send("s", { method: "POST", path: "/x" })
      .catch((e: unknown) => e)) as DeployError;
    expect(error.message).toBe(
      `s failed: POST ${zendesk.baseUrl}/x → HTTP 301: redirected to https://elsewhere.example.com/x; use that address as the base URL`,
    );
    expect(zendesk.requests).toHaveLength(1);
  });

  it("never lets a credential out: echoed headers and tokens in error bodies are scrubbed", async () => {
    const echo = (request: RecordedRequest) => ({
      status: 401,
      body: {
        errors: [{ code: "1001", detail: `bad credentials: ${request.headers.authorization} (${TOKEN})` }],
        message: `token ${encodeURIComponent(TOKEN)} rejected`,
      },
    });
    zendesk.script.push(echo);
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client());
    const error = result.error!;
    const base64 = TOKEN_HEADER.slice("Basic ".length);
    for (const text of [error.message, error.body ?? "", JSON.stringify(result)]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(base64);
    }
    expect(error.message).toBe(
      `upload bundle failed: POST ${zendesk.baseUrl}${UPLOAD_PATH} → HTTP 401: token <redacted> rejected: bad credentials: Basic <redacted> (<redacted>) (code 1001)`,
    );
    // An OAuth token, echoed in a 5xx body, too.
    const oauth = "oauth-secret-value-42";
    zendesk.script.push({ status: 400, body: `Authorization: Bearer ${oauth}` });
    const error2 = (await client({ credentials: { kind: "oauth", token: oauth } })
      .send("s", { method: "POST", path: "/x" })
      .catch((e: unknown) => e)) as DeployError;
    expect(error2.message).toBe(
      `s failed: POST ${zendesk.baseUrl}/x → HTTP 400: Authorization: Bearer <redacted>`,
    );
  });

  it("dry run: describes the requests with the Authorization value redacted and sends nothing", async () => {
    const events: DeployEvent[] = [];
    const result = await deploy(planDeployment(refundBundle, "refund_demo"), client(), {
      dryRun: true,
      onEvent: (e) => events.push(e),
    });
    expect(zendesk.requests).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.status, s.request?.url, s.request?.headers])).toEqual([
      [
        "planned",
        zendesk.baseUrl + UPLOAD_PATH,
        { Authorization: "Basic <redacted>", Accept: "application/json", "Content-Type": "application/json" },
      ],
      [
        "planned",
        zendesk.baseUrl + INSTALL_PATH,
        { Authorization: "Basic <redacted>", Accept: "application/json" },
      ],
    ]);
    expect(JSON.parse(result.steps[0]!.request!.body!)).toEqual(refundBundle);
    expect(events.map((e) => e.type)).toEqual(["planned", "planned"]);
  });
});

describe("configuration", () => {
  it("accepts https anywhere and plain http only on loopback; never echoes a URL with a password", () => {
    expect(normalizeBaseUrl("https://acme.zendesk.com/")).toEqual({
      ok: true,
      url: "https://acme.zendesk.com",
    });
    expect(normalizeBaseUrl("http://127.0.0.1:4567")).toEqual({ ok: true, url: "http://127.0.0.1:4567" });
    expect(normalizeBaseUrl("http://localhost:4567/zendesk/")).toEqual({
      ok: true,
      url: "http://localhost:4567/zendesk",
    });
    expect(normalizeBaseUrl("http://acme.zendesk.com")).toEqual({
      ok: false,
      problem:
        "refusing to send credentials over plain http to acme.zendesk.com; use https (http is for local emulators on localhost)",
    });
    const withPassword = normalizeBaseUrl("https://admin:hunter2@acme.zendesk.com");
    expect(withPassword).toEqual({
      ok: false,
      problem: "the base URL must not contain a user name or password",
    });
    expect(normalizeBaseUrl("admin:hunter2@acme.zendesk.com")).toEqual({
      ok: false,
      problem: "the base URL is not an http(s) URL",
    });
    expect(normalizeBaseUrl("acme")).toEqual({
      ok: false,
      problem: '"acme" is not a URL (expected e.g. https://acme.zendesk.com)',
    });
    expect(normalizeBaseUrl("https://acme.zendesk.com?x=1")).toMatchObject({ ok: false });
  });

  it("refuses credentials that cannot go in a header, without quoting them", () => {
    expect(() => client({ credentials: { kind: "oauth", token: "abc\ndef" } })).toThrow(
      "the OAuth token contains a line break or control character",
    );
    expect(() => client({ credentials: { kind: "api_token", email: EMAIL, token: "" } })).toThrow(
      "the API token is empty",
    );
  });
});

describe("a client without credentials (a dry run)", () => {
  it("describes requests with the Authorization header as NO_CREDENTIALS, and refuses to send them", async () => {
    const bare = client({ credentials: undefined });
    expect(bare.authScheme).toBeUndefined();
    expect(bare.describe({ method: "POST", path: "/x", body: { a: 1 } })).toEqual({
      method: "POST",
      url: `${zendesk.baseUrl}/x`,
      headers: {
        Authorization: "<redacted; no credentials given>",
        Accept: "application/json",
        "Content-Type": "application/json",
      },
      body: '{"a":1}',
    });
    expect(NO_CREDENTIALS).toBe("<redacted; no credentials given>");
    expect(bare.redact("nothing to hide")).toBe("nothing to hide");
    await expect(bare.send("upload bundle", { method: "POST", path: "/x" })).rejects.toMatchObject({
      code: "invalid_config",
      message: "upload bundle: no credentials to send the request with",
    });
    expect(zendesk.requests).toEqual([]);
  });
});

describe("describeErrorBody", () => {
  it("reads the Registry's and the Support API's error shapes", () => {
    expect(
      describeErrorBody(
        JSON.stringify({
          errors: [{ code: "1010", detail: "invalid flow", status: "400" }],
          message: "invalid flow",
        }),
      ),
    ).toBe("invalid flow (code 1010)");
    expect(
      describeErrorBody(
        JSON.stringify({
          errors: [
            { code: "1010", detail: "a" },
            { code: "1011", detail: "b" },
          ],
          message: "Bad",
        }),
      ),
    ).toBe("Bad: a (code 1010); b (code 1011)");
    expect(describeErrorBody('{"error":"Couldn\'t authenticate you"}')).toBe("Couldn't authenticate you");
    expect(describeErrorBody('{"error":{"title":"Forbidden","message":"You do not have access"}}')).toBe(
      "Forbidden: You do not have access",
    );
  });

  it("quotes other bodies raw, whitespace collapsed, truncated to 500 characters", () => {
    expect(describeErrorBody("<html>\n  <body>Bad Gateway</body>\n</html>")).toBe(
      "<html> <body>Bad Gateway</body> </html>",
    );
    expect(describeErrorBody("")).toBe("(empty body)");
    expect(describeErrorBody('{"unexpected": true}')).toBe('{"unexpected": true}');
    const long = "x".repeat(700);
    expect(describeErrorBody(long)).toBe(`${"x".repeat(500)}… (200 more characters)`);
  });
});

describe("makeRedactor", () => {
  const secret = `p@ss w0rd/&<>"%+:é`;
  const redact = makeRedactor([secret]);

  it("hides the secret in every form a server might echo it", () => {
    const echoes = [
      secret,
      encodeURIComponent(secret),
      encodeURIComponent(secret).toLowerCase(),
      new URLSearchParams({ u: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      "p@ss w0rd/&amp;&lt;&gt;&quot;%+:é",
    ];
    for (const echo of echoes) expect(redact(`before ${echo} after`)).toBe("before <redacted> after");
  });

  it("is idempotent, even for a one-letter secret", () => {
    const short = makeRedactor(["e"]);
    expect(short("upload the bundle")).toBe("upload th<redacted> bundl<redacted>");
    expect(short(short("upload the bundle"))).toBe("upload th<redacted> bundl<redacted>");
    expect(short("Authorization: Basic <redacted>")).toBe("Authorization: Basic <redacted>");
  });
});
