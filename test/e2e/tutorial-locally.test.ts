/**
 * The tutorial end to end, as the README's "Try the tutorial locally" section runs it: `zisflow dev` and
 * `zisflow deploy` as real processes, then the tutorial's three Events API requests with the bodies of its curl
 * commands (example.com addresses: the tutorial's are obfuscated), then its search for the ticket, then Ctrl-C.
 * The suite's one test of a server the CLI starts as a process, and of the signal that ends it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZISFLOW_FROM_SOURCES } from "../support/cli.js";
import { ROOT } from "../support/shared.js";
import { tutorialRefundEvent } from "../support/tutorial.js";

const AUTH = `Basic ${Buffer.from("admin@example.com:local-password").toString("base64")}`;
const dir = mkdtempSync(path.join(tmpdir(), "zisflow-e2e-"));
let dev: ChildProcess;
/** What `zisflow dev` has printed so far. */
let devOutput = "";
let base = "";

/** Starts `zisflow dev` on a free port and resolves with its URL, read from its first line. */
function startDev(): Promise<string> {
  dev = spawn(
    process.execPath,
    [...ZISFLOW_FROM_SOURCES, "dev", "--port", "0", "--db", path.join(dir, "dev.sqlite"), "--reset"],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    dev.stdout!.on("data", (chunk: Buffer) => {
      devOutput += chunk.toString();
      const url = /local Zendesk at (http:\/\/\S+)/.exec(devOutput)?.[1];
      if (url) resolve(url);
    });
    dev.stderr!.on("data", (chunk: Buffer) => reject(new Error(chunk.toString())));
    dev.once("exit", (code) => reject(new Error(`zisflow dev exited with ${code}: ${devOutput}`)));
  });
}

beforeAll(async () => {
  base = await startDev();
}, 30_000);

afterAll(() => {
  dev?.kill("SIGINT");
  rmSync(dir, { recursive: true, force: true });
});

async function zendesk(method: string, pathAndQuery: string, body?: unknown) {
  const response = await fetch(`${base}${pathAndQuery}`, {
    method,
    headers: { Authorization: AUTH, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

describe("the tutorial against zisflow dev", () => {
  it("deploys, then routes the three refund requests as the tutorial says", async () => {
    const deploy = spawnSync(
      process.execPath,
      [
        ...ZISFLOW_FROM_SOURCES,
        "deploy",
        path.join(ROOT, "flows/refund-requests.ts"),
        "--integration",
        "refund_demo",
        "--set",
        "EXTERNAL_TARGET_URL=https://refunds.example.com/start",
        "--url",
        base,
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, ZENDESK_EMAIL: "admin@example.com", ZENDESK_PASSWORD: "local-password" },
      },
    );
    expect(deploy.stdout).toBe(
      [
        'uploaded bundle "Example ZIS integration for custom activity events" to integration refund_demo',
        "installed job spec zis:refund_demo:job_spec:RefundRequestJobSpec",
        "",
      ].join("\n"),
    );
    expect(deploy.stderr).not.toContain("local-password");
    expect(deploy.status).toBe(0);

    const cases = [
      tutorialRefundEvent("789", "100.00", "John Doe", "basic", "john.doe@example.com"),
      tutorialRefundEvent("456", "200.00", "Jennifer Doe", "premium", "jennifer.doe@example.com"),
      tutorialRefundEvent("123", "200.00", "Jane Doe", "basic", "jane.doe@example.com"),
    ];
    for (const body of cases)
      expect((await zendesk("POST", "/api/v2/user_profiles/events", body)).status).toBe(202);
    // The flows run after the Events API answered: this answers once they have all ended.
    expect((await zendesk("GET", "/zisflow/runs?wait=30")).status).toBe(200);

    // Test cases 1 and 2: the external target received the two refund payloads.
    const bin = (await zendesk("GET", "/zisflow/requests")).body as {
      requests: Array<{ method: string; url: string; body: Record<string, unknown> }>;
    };
    expect(bin.requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      {
        method: "POST",
        url: "https://refunds.example.com/start",
        body: { order_id: "789", refund_amount: "100.00", user_profile_id: expect.any(String) },
      },
      {
        method: "POST",
        url: "https://refunds.example.com/start",
        body: { order_id: "456", refund_amount: "200.00", user_profile_id: expect.any(String) },
      },
    ]);
    // Each payload carries the profile the event created: the premium one is Jennifer's.
    const premium = await zendesk(
      "GET",
      `/api/v2/user_profiles/${String(bin.requests[1]!.body.user_profile_id)}`,
    );
    expect(premium.body).toMatchObject({
      profile: { name: "Jennifer Doe", attributes: { membership: "premium" } },
    });

    // Test case 3: the tutorial's search finds one ticket for the requester.
    const search = await zendesk(
      "GET",
      `/api/v2/search.json?${new URLSearchParams({ query: "requester:jane.doe@example.com" })}`,
    );
    expect(search.status).toBe(200);
    const { results } = search.body as { results: Array<Record<string, unknown>> };
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      subject: "Refund request for order 123",
      description: "Hi,\n I'm requesting a $200.00 refund for order 123.",
      result_type: "ticket",
    });
  }, 60_000);

  it("stops on Ctrl-C (SIGINT), saying so, with exit code 0", async () => {
    const exited = new Promise((resolve) => dev.once("exit", (code, signal) => resolve({ code, signal })));
    dev.kill("SIGINT");
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(devOutput).toMatch(/\nzisflow dev: stopped\n$/);
  });
});
