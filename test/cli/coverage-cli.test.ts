import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import refundBundle from "../../flows/refund-requests.js";
import { coverageCommand } from "../../src/cli/coverage.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { bundleHash, COVERAGE_DIR_ENV } from "../../src/coverage/index.js";
import { NO_RUNS_NOTE } from "../../src/coverage/report.js";
import { runCli } from "../support/cli.js";
import { ROOT } from "../support/shared.js";
import {
  activityEvent,
  profileResponse,
  TUTORIAL_BUNDLE_FILE,
  tutorialBundleJson,
} from "../support/tutorial.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-coverage-cli-"));
  write("event-50.json", activityEvent("refund_request", { order_id: "789", refund_amount: "50.00" }));
  write("event-200.json", activityEvent("refund_request", { order_id: "456", refund_amount: "200.00" }));
  write("mocks-50.json", { http: [REFUND_OK] });
  write("mocks-premium.json", {
    http: [{ match: { action: "GetUserProfile" }, response: profileResponse("premium") }, REFUND_OK],
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `content` as indented JSON to `name` in the temp folder. */
function write(name: string, content: unknown): string {
  writeFileSync(path.join(dir, name), JSON.stringify(content, null, 2) + "\n");
  return name;
}

const REFUND_OK = {
  match: { action: "InitiateRefund", method: "POST", url: "EXTERNAL_TARGET_URL" },
  response: { status: 200, body: { ok: true } },
};

const cli = (...args: string[]) => runCli(args, dir);

/** The compiled tutorial bundle and its module, by absolute path (the CLI runs in the temp folder). */
const BUNDLE = TUTORIAL_BUNDLE_FILE;
const MODULE = path.join(ROOT, "flows/refund-requests.ts");
const LINKS = path.join(ROOT, "dist-bundles/ticket_slack_links.json");
const TUTORIAL_HASH = bundleHash(tutorialBundleJson());

/** A fresh recording dir name (relative to the temp folder, as a user would type it). */
let recordings = 0;
const newRecordDir = () => `rec-${++recordings}`;

async function run50(record: string) {
  const result = await cli(
    "run",
    BUNDLE,
    "--event",
    "event-50.json",
    "--mocks",
    "mocks-50.json",
    "--record",
    record,
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("succeeded: Execution Successful");
}

async function runPremium(record: string) {
  const result = await cli(
    "run",
    BUNDLE,
    "--event",
    "event-200.json",
    "--mocks",
    "mocks-premium.json",
    "--record",
    record,
  );
  expect(result.code).toBe(0);
}

const TABLE_50 = [
  "flow               runs  states     branches   catches",
  "RefundRequestFlow     1  5/8 62.5%  2/6 33.3%  —",
  "",
  "never reached:",
  "  RefundRequestFlow: state GetUserProfile",
  "  RefundRequestFlow: state CheckForPremiumMembership",
  "  RefundRequestFlow: state CreateZendeskTicket",
  "  RefundRequestFlow: branch CheckEventSourceAndType: default → Finish",
  "  RefundRequestFlow: branch CheckRefundAmount: default → GetUserProfile",
  '  RefundRequestFlow: branch CheckForPremiumMembership: rule 1 (…profile.attributes.membership = "premium") → InitiateRefund',
  "  RefundRequestFlow: branch CheckForPremiumMembership: default → CreateZendeskTicket",
  "",
].join("\n");

interface CoverageJson {
  flows: {
    bundle: string;
    bundleHash: string;
    flow: string;
    runs: number;
    states: { covered: number; total: number; missed: string[] };
    branches: { covered: number; total: number; missed: string[] };
    catches: { covered: number; total: number; missed: string[] };
    percent: { states: number; branches: number; catches: number };
  }[];
  threshold?: number;
  below?: string[];
}

describe("zisflow run --record, then zisflow coverage --dir", () => {
  let record: string;
  beforeAll(async () => {
    record = newRecordDir();
    await run50(record);
  });

  it("run --record DIR (relative to the working directory) writes the bundle once and a runs file", () => {
    expect(readdirSync(path.join(dir, record, "bundles"))).toEqual([`${TUTORIAL_HASH}.json`]);
    expect(readdirSync(path.join(dir, record, "runs"))).toHaveLength(1);
  });

  it("prints the table and what was never reached (exit 0)", async () => {
    const result = await cli("coverage", "--dir", record);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(TABLE_50);
  });

  it("--json prints the tallies with their percentages", async () => {
    const result = await cli("coverage", "--dir", record, "--json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as CoverageJson;
    expect(Object.keys(json)).toEqual(["flows"]);
    expect(json.flows).toHaveLength(1);
    const [flow] = json.flows;
    expect(flow).toMatchObject({
      bundle: "Example ZIS integration for custom activity events",
      bundleHash: TUTORIAL_HASH,
      flow: "RefundRequestFlow",
      runs: 1,
      states: { covered: 5, total: 8 },
      branches: { covered: 2, total: 6 },
      catches: { covered: 0, total: 0, missed: [] },
    });
    expect(flow!.states.missed).toEqual([
      "GetUserProfile",
      "CheckForPremiumMembership",
      "CreateZendeskTicket",
    ]);
    expect(flow!.percent.states).toBe(62.5);
    expect(flow!.percent.branches).toBeCloseTo(33.333, 3);
    expect(flow!.percent.catches).toBe(100);
  });

  it("--threshold 100 exits 1 and names each flow and kind below it on stderr", async () => {
    const result = await cli("coverage", "--dir", record, "--threshold", "100");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(TABLE_50);
    expect(result.stderr).toBe(
      "zisflow coverage: RefundRequestFlow: states 62.5% is below 100%\n" +
        "zisflow coverage: RefundRequestFlow: branches 33.3% is below 100%\n",
    );
  });

  it("--threshold under every kind exits 0; just above one kind exits 1", async () => {
    const under = await cli("coverage", "--dir", record, "--threshold", "33");
    expect([under.code, under.stderr]).toEqual([0, ""]);
    const above = await cli("coverage", "--dir", record, "--threshold", "50");
    expect(above.code).toBe(1);
    expect(above.stderr).toBe("zisflow coverage: RefundRequestFlow: branches 33.3% is below 50%\n");
  });

  it("--json with --threshold carries the verdict", async () => {
    const result = await cli("coverage", "--dir", record, "--json", "--threshold", "100");
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as CoverageJson;
    expect(json.threshold).toBe(100);
    expect(json.below).toEqual([
      "RefundRequestFlow: states 62.5% is below 100%",
      "RefundRequestFlow: branches 33.3% is below 100%",
    ]);
  });

  it.each(["abc", "101", "-1", "50%"])("--threshold=%s is a usage error (exit 2)", async (value) => {
    const result = await cli("coverage", "--dir", record, `--threshold=${value}`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `zisflow coverage: --threshold takes a percentage from 0 to 100, not "${value}"\n`,
    );
  });

  it("an explicit bundle path reports that bundle", async () => {
    const result = await cli("coverage", BUNDLE, "--dir", record);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(TABLE_50);
  });

  it("a bundle no recorded run used is reported at 0 with runs 0", async () => {
    const result = await cli("coverage", BUNDLE, LINKS, "--dir", record);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "flow                      runs  states     branches   catches",
      "RefundRequestFlow            1  5/8 62.5%  2/6 33.3%  —",
      "SyncTicketCommentToSlack     0  0/11 0%    0/3 0%     0/2 0%",
    ]);
    expect(lines).toContain("  SyncTicketCommentToSlack: state RemoveDuplicateLinks › DeleteDuplicateLink");
    expect(lines).toContain(
      "  SyncTicketCommentToSlack: catch ReplyInSlackThread: States.ALL → SlackPostFailed",
    );
  });

  it("the bundle module, compiled on the fly, has the same hash and so the same runs", async () => {
    const result = await cli("coverage", MODULE, "--dir", record);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(TABLE_50);
    const json = JSON.parse(
      (await cli("coverage", MODULE, "--dir", record, "--json")).stdout,
    ) as CoverageJson;
    expect(json.flows[0]!.bundleHash).toBe(TUTORIAL_HASH);
  });

  it("a bundle file that cannot be read is exit 2, naming it", async () => {
    const result = await cli("coverage", "missing.json", "--dir", record);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^zisflow coverage: missing\.json: /);
  });

  it("coverage --help prints its usage", async () => {
    const result = await cli("coverage", "--help");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Usage: zisflow coverage \[BUNDLE\.json\|MODULE\.ts \.\.\.\] \[--dir DIR\]/,
    );
  });
});

describe("zisflow coverage over several runs", () => {
  it("adds each run's states and branches; --threshold 50 then passes", async () => {
    const record = newRecordDir();
    await run50(record);
    await runPremium(record);
    const result = await cli("coverage", "--dir", record, "--threshold", "50");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n").slice(0, 2)).toEqual([
      "flow               runs  states     branches   catches",
      "RefundRequestFlow     2  7/8 87.5%  4/6 66.6%  —",
    ]);
    const strict = await cli("coverage", "--dir", record, "--threshold", "100");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(
      "zisflow coverage: RefundRequestFlow: states 87.5% is below 100%\n" +
        "zisflow coverage: RefundRequestFlow: branches 66.6% is below 100%\n",
    );
  });

  it("runs of the bundle module and of its JSON land on the same bundle", async () => {
    const record = newRecordDir();
    await run50(record);
    const viaModule = await cli(
      "run",
      MODULE,
      "--event",
      "event-200.json",
      "--mocks",
      "mocks-premium.json",
      "--record",
      record,
    );
    expect(viaModule.code).toBe(0);
    expect(readdirSync(path.join(dir, record, "bundles"))).toEqual([`${TUTORIAL_HASH}.json`]);
    const result = await cli("coverage", BUNDLE, "--dir", record, "--json");
    const json = JSON.parse(result.stdout) as CoverageJson;
    expect(json.flows.map((f) => [f.runs, f.states.covered, f.branches.covered])).toEqual([[2, 7, 4]]);
  });

  it("a run stopped by a harness error (a request no mock answers) is not recorded", async () => {
    const record = newRecordDir();
    const result = await cli("run", BUNDLE, "--event", "event-50.json", "--record", record);
    expect(result.code).toBe(2);
    const coverage = await cli("coverage", BUNDLE, "--dir", record, "--json");
    expect(coverage.code).toBe(0);
    expect((JSON.parse(coverage.stdout) as CoverageJson).flows[0]!.runs).toBe(0);
  });
});

describe("zisflow coverage of builds for an integration key and parameter values", () => {
  const ACME_URL = "https://refunds.example.com";
  /** flows/refund-requests.ts built with --integration acme --set EXTERNAL_TARGET_URL=<url>, as a file. */
  const acmeBundleFile = (name: string, url: string) =>
    write(
      name,
      compileBundle(refundBundle, { integration: "acme", params: { EXTERNAL_TARGET_URL: url } }).bundle,
    );
  const acmeMocks = (url: string) =>
    write(`mocks-${new URL(url).hostname}.json`, {
      http: [{ ...REFUND_OK, match: { ...REFUND_OK.match, url } }],
    });

  async function runAcme50(record: string, bundle: string, url: string) {
    const result = await cli(
      "run",
      bundle,
      "--event",
      "event-50.json",
      "--mocks",
      acmeMocks(url),
      "--record",
      record,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  }

  it("a run of the acme build counts toward the placeholder bundle and its module: the same table", async () => {
    const record = newRecordDir();
    const acme = acmeBundleFile("acme.json", ACME_URL);
    await runAcme50(record, acme, ACME_URL);
    const [recorded] = readdirSync(path.join(dir, record, "bundles"));
    expect(recorded).not.toBe(`${TUTORIAL_HASH}.json`);

    for (const reported of [BUNDLE, MODULE]) {
      const result = await cli("coverage", reported, "--dir", record);
      expect(result.stderr).toBe("");
      expect([result.code, result.stdout]).toEqual([0, TABLE_50]);
    }
    const json = JSON.parse(
      (await cli("coverage", BUNDLE, "--dir", record, "--json")).stdout,
    ) as CoverageJson;
    expect(json.flows.map((f) => [f.bundleHash, f.runs])).toEqual([[TUTORIAL_HASH, 1]]);
    // Without a bundle given, the acme build is reported by itself: the same table.
    expect((await cli("coverage", "--dir", record)).stdout).toBe(TABLE_50);
  });

  it("without bundles given, the placeholder build and two acme builds are one row with every run", async () => {
    const record = newRecordDir();
    await run50(record);
    await runPremium(record);
    await runAcme50(record, acmeBundleFile("acme-a.json", "https://a.example.com"), "https://a.example.com");
    await runAcme50(record, acmeBundleFile("acme-b.json", "https://b.example.com"), "https://b.example.com");
    expect(readdirSync(path.join(dir, record, "bundles"))).toHaveLength(3);
    const result = await cli("coverage", "--dir", record, "--json");
    const json = JSON.parse(result.stdout) as CoverageJson;
    expect(json.flows.map((f) => [f.flow, f.runs, f.states.covered, f.branches.covered])).toEqual([
      ["RefundRequestFlow", 4, 7, 4],
    ]);
    expect(json.flows[0]!.bundleHash).toBe(
      readdirSync(path.join(dir, record, "bundles"))
        .sort()[0]!
        .replace(/\.json$/, ""),
    );
  });
});

describe("zisflow coverage, unreadable recordings", () => {
  it("a directory with no recordings is exit 2 with a message naming it", async () => {
    const result = await cli("coverage", "--dir", "nowhere");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `zisflow coverage: ${path.join(dir, "nowhere")}: no recorded runs (record them with ` +
        `${COVERAGE_DIR_ENV}=${path.join(dir, "nowhere")}, zisflow run --record ${path.join(dir, "nowhere")}, ` +
        "or the vitest setup file zisflow/testing/record-coverage)\n",
    );
  });

  it("recordings holding no run: the bundle at 0, and a note on what records runs", async () => {
    mkdirSync(path.join(dir, "empty", "runs"), { recursive: true });
    mkdirSync(path.join(dir, "empty", "bundles"), { recursive: true });
    const result = await cli("coverage", BUNDLE, "--dir", "empty");
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[1]).toBe("RefundRequestFlow     0  0/8 0%  0/6 0%    —");
    expect(result.stderr).toBe(`zisflow coverage: ${NO_RUNS_NOTE}\n`);
  });

  it("a malformed runs file is exit 2, naming file:line", async () => {
    const record = newRecordDir();
    await run50(record);
    const runs = path.join(dir, record, "runs");
    writeFileSync(path.join(runs, "zz-broken.jsonl"), "{}\n\nnot json\n");
    const result = await cli("coverage", "--dir", record);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `zisflow coverage: ${path.join(runs, "zz-broken.jsonl")}:1: not a run record\n`,
    );
  });

  it("coverageCommand can be called directly with a CliIo", async () => {
    let stdout = "";
    let stderr = "";
    const code = await coverageCommand(["--dir", "nowhere-either"], {
      cwd: dir,
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
    });
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toContain(`${path.join(dir, "nowhere-either")}: no recorded runs`);
  });
});

describe(`${COVERAGE_DIR_ENV}`, () => {
  const previous = process.env[COVERAGE_DIR_ENV];
  afterEach(() => {
    if (previous === undefined) delete process.env[COVERAGE_DIR_ENV];
    else process.env[COVERAGE_DIR_ENV] = previous;
  });

  it("makes zisflow run record without --record, and is coverage's default --dir", async () => {
    const fromEnv = path.join(dir, "from-env");
    process.env[COVERAGE_DIR_ENV] = fromEnv;
    const result = await cli("run", BUNDLE, "--event", "event-50.json", "--mocks", "mocks-50.json");
    expect(result.code).toBe(0);
    expect(readdirSync(path.join(fromEnv, "bundles"))).toEqual([`${TUTORIAL_HASH}.json`]);

    const byEnv = await cli("coverage");
    expect(byEnv.code).toBe(0);
    expect(byEnv.stdout).toBe(TABLE_50);

    process.env[COVERAGE_DIR_ENV] = path.join(dir, "elsewhere");
    const byDir = await cli("coverage", "--dir", "from-env");
    expect(byDir.stdout).toBe(TABLE_50);
  });

  it("--record wins over the environment variable", async () => {
    const envDir = path.join(dir, "env-loses");
    process.env[COVERAGE_DIR_ENV] = envDir;
    const record = newRecordDir();
    await run50(record);
    expect(existsSync(envDir)).toBe(false);
    expect(readdirSync(path.join(dir, record, "runs"))).toHaveLength(1);
  });
});
