import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployCommand } from "../../src/cli/deploy.js";
import { loadBundleModule } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import type { JsonObject } from "../../src/model/json.js";
import { runCli } from "../support/cli.js";
import { startScriptedServer, type ScriptedServer } from "../support/scripted-server.js";
import { ROOT } from "../support/shared.js";

// --- A scripted Zendesk (test/support/scripted-server.ts): records every request, answers from a queue. ---

let zendesk: ScriptedServer;
beforeAll(async () => {
  zendesk = await startScriptedServer();
});
afterAll(() => zendesk.close());
/** The waits deploy asked the injected sleep for (it never waits). */
const sleeps: number[] = [];

// --- The environment: every variable deploy reads is cleared before each test and restored after. ---

const ENV_NAMES = [
  "ZENDESK_URL",
  "ZENDESK_SUBDOMAIN",
  "ZENDESK_EMAIL",
  "ZENDESK_API_TOKEN",
  "ZENDESK_PASSWORD",
  "ZENDESK_OAUTH_TOKEN",
] as const;
let savedEnv: Record<string, string | undefined>;
beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
  for (const name of ENV_NAMES) delete process.env[name];
  zendesk.reset();
  sleeps.length = 0;
});
afterEach(() => {
  for (const name of ENV_NAMES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

const EMAIL = "admin@example.com";
const TOKEN = "Zt0k3n-sup3r-s3cr3t-9f8e7d";
const BASE64 = Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64");
const useToken = () => {
  process.env.ZENDESK_EMAIL = EMAIL;
  process.env.ZENDESK_API_TOKEN = TOKEN;
};

const MODULE = path.join(ROOT, "flows/refund-requests.ts");
const BUILD_ARGS = [
  "--integration",
  "refund_demo",
  "--set",
  "EXTERNAL_TARGET_URL=https://example.com/refunds",
];
const UPLOAD_PATH = "/api/services/zis/registry/refund_demo/bundles";
const INSTALL_PATH =
  "/api/services/zis/registry/job_specs/install?job_spec_name=zis%3Arefund_demo%3Ajob_spec%3ARefundRequestJobSpec";
const BUNDLE_NAME = "Example ZIS integration for custom activity events";

/**
 * MODULE built with BUILD_ARGS, in the temp folder: deploying it sends what deploying MODULE does. The tests about
 * what deploy does over HTTP deploy it, as loading the module takes longer than all the rest.
 */
const BUILT = "built.json";

let dir: string;
let refundBundle: JsonObject;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-deploy-"));
  const compiled = compileBundle(await loadBundleModule(MODULE), {
    integration: "refund_demo",
    params: { EXTERNAL_TARGET_URL: "https://example.com/refunds" },
  });
  refundBundle = compiled.bundle;
  write(BUILT, refundBundle);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  writeFileSync(path.join(dir, name), JSON.stringify(content, null, 2) + "\n");
  return name;
}

/** `zisflow deploy …` in the temp folder, with the injected sleep (real fetch, local server). */
async function deployCli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await deployCommand(
    args,
    { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  return { code, stdout, stderr };
}

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

function expectNoSecret(...texts: string[]) {
  for (const text of texts) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(BASE64);
  }
}

describe("zisflow deploy", () => {
  it("deploys flows/refund-requests.ts: upload, then install, one line each", async () => {
    useToken();
    const run = await deployCli(MODULE, ...BUILD_ARGS, "--url", zendesk.baseUrl);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `uploaded bundle "${BUNDLE_NAME}" to integration refund_demo`,
      "installed job spec zis:refund_demo:job_spec:RefundRequestJobSpec",
    ]);
    expect(zendesk.requests.map((r) => [r.method, r.url])).toEqual([
      ["POST", UPLOAD_PATH],
      ["POST", INSTALL_PATH],
    ]);
    expect(JSON.parse(zendesk.requests[0]!.body)).toEqual(refundBundle);
    expect(zendesk.requests[0]!.headers["content-type"]).toBe("application/json");
    expect(zendesk.requests.map((r) => r.headers.authorization)).toEqual([
      `Basic ${BASE64}`,
      `Basic ${BASE64}`,
    ]);
  });

  it("is registered in main, and deploys bundle JSON to the integration its references use", async () => {
    useToken();
    process.env.ZENDESK_URL = zendesk.baseUrl;
    const run = await runCli(["deploy", BUILT], dir);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      `uploaded bundle "${BUNDLE_NAME}" to integration refund_demo`,
      "installed job spec zis:refund_demo:job_spec:RefundRequestJobSpec",
    ]);
    expect(zendesk.requests.map((r) => r.url)).toEqual([UPLOAD_PATH, INSTALL_PATH]);
    expect(JSON.parse(zendesk.requests[0]!.body)).toEqual(refundBundle);
    const help = await runCli(["deploy", "--help"], dir);
    expect(help.stdout).toContain("an upload orphans the installed job");
    expect(help.stdout).toContain("options land in shell history and in");
  });

  it("sends a Bearer header for ZENDESK_OAUTH_TOKEN", async () => {
    process.env.ZENDESK_OAUTH_TOKEN = "oauth-abc.123";
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl);
    expect(run.code).toBe(0);
    expect(zendesk.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer oauth-abc.123",
      "Bearer oauth-abc.123",
    ]);
  });

  it("sends email:password basic auth with --email and ZENDESK_PASSWORD, and says which secret it uses", async () => {
    process.env.ZENDESK_PASSWORD = "correct horse:battery";
    process.env.ZENDESK_OAUTH_TOKEN = "oauth-abc.123";
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl, "--email", EMAIL);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      "zisflow deploy: ZENDESK_PASSWORD and ZENDESK_OAUTH_TOKEN are set; using ZENDESK_PASSWORD\n",
    );
    const basic = "Basic " + Buffer.from(`${EMAIL}:correct horse:battery`).toString("base64");
    expect(zendesk.requests.map((r) => r.headers.authorization)).toEqual([basic, basic]);
  });

  it("--json prints a summary of the steps", async () => {
    useToken();
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl, "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      dryRun: false,
      baseUrl: zendesk.baseUrl,
      integration: "refund_demo",
      bundle: BUNDLE_NAME,
      steps: [
        {
          step: "upload bundle",
          kind: "upload_bundle",
          method: "POST",
          url: zendesk.baseUrl + UPLOAD_PATH,
          status: "done",
          httpStatus: 200,
          attempts: 1,
        },
        {
          step: "install job spec RefundRequestJobSpec",
          kind: "install_job_spec",
          method: "POST",
          url: zendesk.baseUrl + INSTALL_PATH,
          jobSpec: "zis:refund_demo:job_spec:RefundRequestJobSpec",
          status: "done",
          httpStatus: 200,
          attempts: 1,
        },
      ],
    });
  });

  it("--dry-run prints the requests with the Authorization value redacted and sends nothing", async () => {
    useToken();
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl, "--dry-run");
    expect(run.code).toBe(0);
    expect(zendesk.requests).toEqual([]);
    expectNoSecret(run.stdout, run.stderr);
    const pretty = JSON.stringify(refundBundle, null, 2);
    expect(run.stdout).toBe(
      [
        `dry run: 2 requests to ${zendesk.baseUrl}, nothing sent`,
        "",
        "# upload bundle",
        `POST ${zendesk.baseUrl}${UPLOAD_PATH}`,
        "Authorization: Basic <redacted>",
        "Accept: application/json",
        "Content-Type: application/json",
        "",
        pretty,
        "",
        "# install job spec RefundRequestJobSpec",
        `POST ${zendesk.baseUrl}${INSTALL_PATH}`,
        "Authorization: Basic <redacted>",
        "Accept: application/json",
        "",
      ].join("\n"),
    );
    process.env.ZENDESK_SUBDOMAIN = "acme";
    delete process.env.ZENDESK_API_TOKEN;
    process.env.ZENDESK_OAUTH_TOKEN = "oauth-abc.123";
    const json = await deployCli(BUILT, "--dry-run", "--json");
    expect(json.code).toBe(0);
    expect(json.stdout).not.toContain("oauth-abc.123");
    const steps = (JSON.parse(json.stdout) as { steps: Array<{ status: string; request: unknown }> }).steps;
    expect(steps.map((s) => [s.status, s.request])).toEqual([
      [
        "planned",
        {
          method: "POST",
          url: `https://acme.zendesk.com${UPLOAD_PATH}`,
          headers: {
            Authorization: "Bearer <redacted>",
            Accept: "application/json",
            "Content-Type": "application/json",
          },
          body: refundBundle,
        },
      ],
      [
        "planned",
        {
          method: "POST",
          url: `https://acme.zendesk.com${INSTALL_PATH}`,
          headers: { Authorization: "Bearer <redacted>", Accept: "application/json" },
        },
      ],
    ]);
    expect(zendesk.requests).toEqual([]);
  });

  it("--dry-run needs no credentials: the same requests, Authorization shown as given none", async () => {
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl, "--dry-run");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(zendesk.requests).toEqual([]);
    const pretty = JSON.stringify(refundBundle, null, 2);
    expect(run.stdout).toBe(
      [
        `dry run: 2 requests to ${zendesk.baseUrl}, nothing sent`,
        "",
        "# upload bundle",
        `POST ${zendesk.baseUrl}${UPLOAD_PATH}`,
        "Authorization: <redacted; no credentials given>",
        "Accept: application/json",
        "Content-Type: application/json",
        "",
        pretty,
        "",
        "# install job spec RefundRequestJobSpec",
        `POST ${zendesk.baseUrl}${INSTALL_PATH}`,
        "Authorization: <redacted; no credentials given>",
        "Accept: application/json",
        "",
      ].join("\n"),
    );

    const viaMain = await runCli(
      ["deploy", MODULE, ...BUILD_ARGS, "--subdomain", "acme", "--dry-run", "--json"],
      dir,
    );
    expect(viaMain.stderr).toBe("");
    expect(viaMain.code).toBe(0);
    const steps = (JSON.parse(viaMain.stdout) as { steps: Array<{ status: string; request: unknown }> })
      .steps;
    expect(steps.map((s) => [s.status, s.request])).toEqual([
      [
        "planned",
        {
          method: "POST",
          url: `https://acme.zendesk.com${UPLOAD_PATH}`,
          headers: {
            Authorization: "<redacted; no credentials given>",
            Accept: "application/json",
            "Content-Type": "application/json",
          },
          body: refundBundle,
        },
      ],
      [
        "planned",
        {
          method: "POST",
          url: `https://acme.zendesk.com${INSTALL_PATH}`,
          headers: { Authorization: "<redacted; no credentials given>", Accept: "application/json" },
        },
      ],
    ]);
  });

  it("--dry-run with a token but no email is still refused (exit 2), as the deploy would be", async () => {
    process.env.ZENDESK_API_TOKEN = TOKEN;
    const run = await runCli(["deploy", BUILT, "--url", zendesk.baseUrl, "--dry-run"], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "zisflow deploy: ZENDESK_API_TOKEN needs the admin's email: --email EMAIL or ZENDESK_EMAIL\n",
    );
  });

  it("reports each retry on stderr: 429 with Retry-After, then 503s", async () => {
    useToken();
    zendesk.script.push(
      { status: 429, headers: { "Retry-After": "3" } },
      { status: 503, body: "busy" },
      { status: 503, body: "busy" },
    );
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl);
    expect(run.code).toBe(0);
    expect(sleeps).toEqual([3000, 2000, 4000]);
    expect(lines(run.stderr)).toEqual([
      "upload bundle: HTTP 429, retrying in 3 s (attempt 2 of 4)",
      "upload bundle: HTTP 503, retrying in 2 s (attempt 3 of 4)",
      "upload bundle: HTTP 503, retrying in 4 s (attempt 4 of 4)",
    ]);
    expect(zendesk.requests.map((r) => r.url)).toEqual([
      UPLOAD_PATH,
      UPLOAD_PATH,
      UPLOAD_PATH,
      UPLOAD_PATH,
      INSTALL_PATH,
    ]);
  });

  it("fails after 3 retries of a 500 and does not run the install", async () => {
    useToken();
    for (let i = 0; i < 4; i++) zendesk.script.push({ status: 500, body: { error: "InternalError" } });
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(lines(run.stderr)).toEqual([
      "upload bundle: HTTP 500, retrying in 1 s (attempt 2 of 4)",
      "upload bundle: HTTP 500, retrying in 2 s (attempt 3 of 4)",
      "upload bundle: HTTP 500, retrying in 4 s (attempt 4 of 4)",
      `zisflow deploy: upload bundle failed: POST ${zendesk.baseUrl}${UPLOAD_PATH} → HTTP 500 (after 4 attempts): InternalError`,
      "zisflow deploy: not run: install job spec RefundRequestJobSpec",
    ]);
    expect(zendesk.requests.map((r) => r.url)).toEqual([UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH]);
  });

  it("turns a 400 Zendesk error body into a readable message and installs nothing", async () => {
    useToken();
    zendesk.script.push({
      status: 400,
      body: {
        errors: [{ code: "1010", detail: "Bundle contains duplicated resources", status: "400" }],
        message: "Invalid bundle",
      },
    });
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl, "--json");
    expect(run.code).toBe(1);
    expect(zendesk.requests).toHaveLength(1);
    const message = `upload bundle failed: POST ${zendesk.baseUrl}${UPLOAD_PATH} → HTTP 400: Invalid bundle: Bundle contains duplicated resources (code 1010)`;
    expect(lines(run.stderr)).toEqual([
      `zisflow deploy: ${message}`,
      "zisflow deploy: not run: install job spec RefundRequestJobSpec",
    ]);
    const summary = JSON.parse(run.stdout) as {
      ok: boolean;
      steps: Array<{ status: string }>;
      error: unknown;
    };
    expect(summary.ok).toBe(false);
    expect(summary.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(summary.error).toEqual({ code: "http_error", step: "upload bundle", status: 400, message });
  });

  it("never prints a credential, even when Zendesk echoes the Authorization header back", async () => {
    useToken();
    zendesk.script.push((request) => ({
      status: 401,
      body: {
        errors: [{ code: "1001", detail: `Invalid credentials in ${request.headers.authorization}` }],
        message: `user ${EMAIL}/token:${TOKEN} unknown`,
      },
    }));
    const run = await deployCli(BUILT, "--url", zendesk.baseUrl);
    expect(run.code).toBe(1);
    expectNoSecret(run.stdout, run.stderr);
    expect(run.stderr).toContain(
      "HTTP 401: user <redacted> unknown: Invalid credentials in Basic <redacted> (code 1001)",
    );

    // Echoed in a raw (non-JSON) 5xx body, on every attempt.
    for (let i = 0; i < 4; i++)
      zendesk.script.push((request) => ({ status: 502, body: `proxy saw ${request.headers.authorization}` }));
    const raw = await deployCli(BUILT, "--url", zendesk.baseUrl, "--json");
    expect(raw.code).toBe(1);
    expectNoSecret(raw.stdout, raw.stderr);
    expect(raw.stderr).toContain("HTTP 502 (after 4 attempts): proxy saw Basic <redacted>");
  });
});

describe("zisflow deploy refuses, sending nothing", () => {
  it("without credentials or an account: exit 2 naming the variables", async () => {
    const viaMain = await runCli(["deploy", MODULE, ...BUILD_ARGS, "--url", zendesk.baseUrl], dir);
    expect(viaMain.code).toBe(2);
    expect(viaMain.stderr).toBe(
      "zisflow deploy: deploy needs credentials in the environment: ZENDESK_API_TOKEN (with --email or ZENDESK_EMAIL), " +
        "ZENDESK_PASSWORD (with the email) or ZENDESK_OAUTH_TOKEN. They are not taken as options, which land in shell history and in ps\n",
    );
    process.env.ZENDESK_API_TOKEN = TOKEN;
    const noEmail = await runCli(["deploy", MODULE, ...BUILD_ARGS, "--url", zendesk.baseUrl], dir);
    expect(noEmail.stderr).toBe(
      "zisflow deploy: ZENDESK_API_TOKEN needs the admin's email: --email EMAIL or ZENDESK_EMAIL\n",
    );
    const noAccount = await runCli(["deploy", MODULE, ...BUILD_ARGS, "--email", EMAIL], dir);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toBe(
      "zisflow deploy: deploy needs the account: --subdomain NAME or --url BASE_URL, or the environment variable ZENDESK_SUBDOMAIN or ZENDESK_URL\n",
    );
    expect(zendesk.requests).toEqual([]);
  });

  it("usage errors: secrets as options, two accounts, plain http elsewhere, unknown --set, --set on JSON", async () => {
    useToken();
    const cases: Array<[string[], string]> = [
      [
        [MODULE, ...BUILD_ARGS, "--url", zendesk.baseUrl, `--token=${TOKEN}`],
        "credentials are read only from the environment (ZENDESK_API_TOKEN, ZENDESK_PASSWORD, ZENDESK_OAUTH_TOKEN): options land in shell history and in ps",
      ],
      [
        [MODULE, ...BUILD_ARGS, "--url", zendesk.baseUrl, "--subdomain", "acme"],
        "give --url or --subdomain, not both",
      ],
      [
        [MODULE, ...BUILD_ARGS, "--url", "http://acme.example.com"],
        "refusing to send credentials over plain http to acme.example.com; use https (http is for local emulators on localhost)",
      ],
      [
        [MODULE, ...BUILD_ARGS, "--subdomain", "acme.zendesk.com"],
        '--subdomain takes the NAME of NAME.zendesk.com, found "acme.zendesk.com"',
      ],
      [
        [MODULE, ...BUILD_ARGS, "--set", "SLACK_CHANNEL=C1", "--url", zendesk.baseUrl],
        `--set SLACK_CHANNEL: ${MODULE} uses no build parameter of that name (its parameters: EXTERNAL_TARGET_URL)`,
      ],
      [
        [MODULE, "--set", "EXTERNAL_TARGET_URL=https://x", "--url", zendesk.baseUrl],
        "deploying a bundle module needs --integration KEY (the integration to deploy to)",
      ],
      [
        [path.join(ROOT, "dist-bundles/my_zis_bundle.json"), "--set", "X=1", "--url", zendesk.baseUrl],
        "--set is for bundle modules (.ts); bundle JSON is deployed as it is",
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["deploy", ...args], dir);
      expect([run.code, run.stderr]).toEqual([2, `zisflow deploy: ${message}\n`]);
      expectNoSecret(run.stdout, run.stderr);
    }
    expect(zendesk.requests).toEqual([]);
  });

  it("a bundle module whose --set value makes its url not absolute is refused, even as a dry run", async () => {
    const run = await deployCli(
      MODULE,
      "--integration",
      "refund_demo",
      "--set",
      "EXTERNAL_TARGET_URL=refunds.example.com",
      "--url",
      zendesk.baseUrl,
      "--dry-run",
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(lines(run.stderr)[0]).toBe(
      `${MODULE}:/resources/InitiateRefund/properties/definition/url: error url_parameter_not_absolute: "refunds.example.com", built from EXTERNAL_TARGET_URL, is not an absolute http(s) URL`,
    );
    expect(zendesk.requests).toEqual([]);
  });

  it("a bundle module with a build parameter left unset: exit 1 naming it", async () => {
    useToken();
    const run = await deployCli(MODULE, "--integration", "refund_demo", "--url", zendesk.baseUrl);
    expect(run.code).toBe(1);
    // No url_not_absolute: a build does not report it for a param(...) left without a value.
    expect(lines(run.stderr)).toEqual([
      `zisflow deploy: ${MODULE}: refused, nothing was sent: build parameter without a value: EXTERNAL_TARGET_URL (pass --set EXTERNAL_TARGET_URL=VALUE)`,
    ]);
    expect(zendesk.requests).toEqual([]);
  });

  it("bundle JSON with placeholders: dist-bundles/my_zis_bundle.json as built by default", async () => {
    useToken();
    const file = path.join(ROOT, "dist-bundles/my_zis_bundle.json");
    const run = await deployCli(file, "--url", zendesk.baseUrl);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      `${file}:/resources/InitiateRefund/properties/definition/url: warning url_not_absolute: "EXTERNAL_TARGET_URL" is not an absolute http(s) URL`,
      `${file}:/resources/RefundRequestJobSpec/properties/flow_name: error: "INTEGRATION" is the integration placeholder, not an integration key (and 3 more places)`,
      `${file}:/resources/InitiateRefund/properties/definition/url: error: "EXTERNAL_TARGET_URL" is an unreplaced build parameter`,
      `zisflow deploy: ${file}: refused, nothing was sent: it still holds build placeholders (INTEGRATION, EXTERNAL_TARGET_URL); build it with zisflow build --integration KEY --set NAME=VALUE --out DIR, or deploy the module`,
    ]);
    const mismatch = await runCli(
      ["deploy", file, "--integration", "refund_demo", "--url", zendesk.baseUrl],
      dir,
    );
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toBe(
      `zisflow deploy: --integration refund_demo does not match the integration ${file} references use: INTEGRATION ` +
        "(the build placeholder: build the bundle with zisflow build --integration KEY)\n",
    );
    expect(zendesk.requests).toEqual([]);
  });

  it("bundle JSON whose key differs from --integration: exit 2 naming both", async () => {
    useToken();
    const run = await runCli(["deploy", BUILT, "--integration", "other_key", "--url", zendesk.baseUrl], dir);
    expect([run.code, run.stderr]).toEqual([
      2,
      "zisflow deploy: --integration other_key does not match the integration built.json references use: refund_demo\n",
    ]);
    expect(zendesk.requests).toEqual([]);
  });

  it("a bundle with validator errors: exit 1, findings as zisflow validate prints them", async () => {
    useToken();
    const broken = structuredClone(refundBundle) as {
      resources: {
        RefundRequestFlow: { properties: { definition: { States: Record<string, JsonObject> } } };
      };
    };
    broken.resources.RefundRequestFlow.properties.definition.States.CheckRefundAmount!.Default = "Nowhere";
    const file = write("broken.json", broken);
    const run = await deployCli(file, "--url", zendesk.baseUrl);
    expect(run.code).toBe(1);
    const at = "broken.json:/resources/RefundRequestFlow/properties/definition/States";
    const unreachable = (state: string) =>
      `${at}/${state}: warning unreachable_state: no path from StartAt "CheckEventSourceAndType" reaches "${state}"`;
    expect(lines(run.stderr)).toEqual([
      `${at}/CheckRefundAmount/Default: error unknown_next_state: no state named "Nowhere" in this state machine`,
      unreachable("GetUserProfile"),
      unreachable("CheckForPremiumMembership"),
      unreachable("CreateZendeskTicket"),
      "zisflow deploy: broken.json: refused, nothing was sent: 1 error, 3 warnings",
    ]);
    expect(zendesk.requests).toEqual([]);

    const unreadable = await deployCli("missing.json", "--url", zendesk.baseUrl);
    expect([unreadable.code, unreadable.stderr]).toEqual([2, "zisflow deploy: missing.json: no such file\n"]);
  });
});
