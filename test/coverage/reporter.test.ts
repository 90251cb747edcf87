import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Reporter } from "vitest/node";
import refundBundle from "../../flows/refund-requests.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { bundleHash, COVERAGE_DIR_ENV } from "../../src/coverage/index.js";
import { NO_RUNS_NOTE } from "../../src/coverage/report.js";
import { runFlow, testRuns, ZisflowCoverageReporter, type RunOptions } from "../../src/testing/index.js";
import type { VitestRun } from "../../src/testing/coverage-reporter.js";
import {
  activityEvent,
  profileResponse,
  TUTORIAL_BUNDLE_FILE,
  tutorialBundleJson,
} from "../support/tutorial.js";

const tutorial = tutorialBundleJson();

/** The tutorial as `zisflow build --integration acme --set EXTERNAL_TARGET_URL=<url>` writes it. */
const acmeBuild = (url: string): unknown =>
  compileBundle(refundBundle, { integration: "acme", params: { EXTERNAL_TARGET_URL: url } }).bundle;

let dir: string;
let stop: (() => void) | undefined;
let previousEnv: string | undefined;
let previousExitCode: typeof process.exitCode;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-coverage-reporter-"));
  previousEnv = process.env[COVERAGE_DIR_ENV];
  previousExitCode = process.exitCode;
});
afterEach(() => {
  stop?.();
  stop = undefined;
  vi.restoreAllMocks();
  if (previousEnv === undefined) delete process.env[COVERAGE_DIR_ENV];
  else process.env[COVERAGE_DIR_ENV] = previousEnv;
  process.exitCode = previousExitCode;
  rmSync(dir, { recursive: true, force: true });
});

/** The report's first lines after one run of the ≤ 100 path. */
const REPORT_50 = [
  "",
  "zisflow coverage",
  "flow               runs  states     branches   catches",
  "RefundRequestFlow     1  5/8 62.5%  2/6 33.3%  —",
];

const REFUND_OK = { match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } };

const run = (
  refund_amount: string,
  http: NonNullable<RunOptions["mocks"]>["http"],
  type = "refund_request",
  bundle: unknown = tutorial,
) =>
  runFlow(bundle, {
    input: activityEvent(type, { order_id: "789", refund_amount }),
    subdomain: "acme",
    mocks: { http },
  });

/** Calls the reporter's end of run with process.stdout captured; returns what it printed. */
function endOfRun(reporter: ZisflowCoverageReporter): string {
  let printed = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    reporter.onTestRunEnd();
  } finally {
    spy.mockRestore();
  }
  return printed;
}

/** onInit with the stale recordings it must clear already there, and vitest's run when given. */
function init(reporter: ZisflowCoverageReporter, vitest?: VitestRun): void {
  for (const part of ["runs", "bundles"]) {
    mkdirSync(path.join(dir, part), { recursive: true });
    writeFileSync(path.join(dir, part, `stale.${part === "runs" ? "jsonl" : "json"}`), "stale");
  }
  writeFileSync(path.join(dir, "keep.txt"), "not the reporter's");
  reporter.onInit(vitest);
  expect(existsSync(path.join(dir, "runs"))).toBe(false);
  expect(existsSync(path.join(dir, "bundles"))).toBe(false);
  expect(readdirSync(dir)).toEqual(["keep.txt"]);
  expect(process.env[COVERAGE_DIR_ENV]).toBe(dir);
}

describe("ZisflowCoverageReporter", () => {
  it("is a vitest Reporter (checked here: its declaration does not import vitest/node, which needs Node's types)", () => {
    const reporter: Reporter = new ZisflowCoverageReporter();
    expect(typeof reporter.onInit).toBe("function");
    expect(typeof reporter.onTestRunEnd).toBe("function");
  });

  it("below the threshold: prints the report, lists the failures, sets process.exitCode to 1", async () => {
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 100 });
    init(reporter);
    stop = testRuns.recordCoverage(process.env[COVERAGE_DIR_ENV]!);
    await run("50.00", [REFUND_OK]);
    stop();

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed).toBe(
      [
        "",
        "zisflow coverage",
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
        "zisflow coverage FAILED: RefundRequestFlow: states 62.5% is below 100%",
        "zisflow coverage FAILED: RefundRequestFlow: branches 33.3% is below 100%",
        "",
      ].join("\n"),
    );
    expect(reporter.failures).toEqual([
      "RefundRequestFlow: states 62.5% is below 100%",
      "RefundRequestFlow: branches 33.3% is below 100%",
    ]);
    expect(process.exitCode).toBe(1);
  });

  it("at the threshold: no failures and process.exitCode left alone", async () => {
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 100 });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK]);
    await run("200.00", [
      { match: { action: "GetUserProfile" }, response: profileResponse("premium") },
      REFUND_OK,
    ]);
    await run("200.00", [
      { match: { action: "GetUserProfile" }, response: profileResponse("basic") },
      { match: { action: "CreateZendeskTicket" }, response: { status: 201, body: {} } },
    ]);
    await run("5.00", [], "page_view");
    stop();

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed).toBe(
      [
        "",
        "zisflow coverage",
        "flow               runs  states    branches  catches",
        "RefundRequestFlow     4  8/8 100%  6/6 100%  —",
        "",
      ].join("\n"),
    );
    expect(reporter.failures).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it("without bundles, reports every bundle recorded; without a threshold, never fails", async () => {
    const reporter = new ZisflowCoverageReporter({ dir });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK]);
    stop();

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed.split("\n").slice(0, 4)).toEqual(REPORT_50);
    expect(printed).not.toContain("FAILED");
    expect(reporter.failures).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it("a listed bundle file that is missing fails the run, naming it", async () => {
    const missing = path.join(dir, "dist-bundles", "gone.json");
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE, missing] });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK]);
    stop();

    process.exitCode = undefined;
    const failure = `${missing}: no such file (build it first: zisflow build)`;
    expect(endOfRun(reporter)).toBe(`\nzisflow coverage FAILED: ${failure}\n`);
    expect(reporter.failures).toEqual([failure]);
    expect(process.exitCode).toBe(1);
  });

  it("listed bundles with no recordings at all are at 0, and fail the threshold", () => {
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 100 });
    init(reporter);
    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed.split("\n").slice(0, 5)).toEqual([
      "",
      `zisflow coverage: ${dir}: no recorded runs (record them with ${COVERAGE_DIR_ENV}=${dir}, zisflow run --record ${dir}, or the vitest setup file zisflow/testing/record-coverage)`,
      "",
      "zisflow coverage",
      "flow               runs  states  branches  catches",
    ]);
    expect(reporter.failures).toEqual([
      "RefundRequestFlow: states 0% is below 100%",
      "RefundRequestFlow: branches 0% is below 100%",
    ]);
    expect(process.exitCode).toBe(1);
  });

  it("recordings without a run: the report says what records runs", () => {
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE] });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    stop();
    expect(endOfRun(reporter).split("\n").slice(0, 4)).toEqual([
      "",
      `zisflow coverage: ${NO_RUNS_NOTE}`,
      "",
      "zisflow coverage",
    ]);
  });

  it("runs of a version of the flow whose states differ from the listed file's are reported as not counted", async () => {
    // The flow as edited since the bundle file was built: a state renamed.
    const edited = JSON.parse(JSON.stringify(tutorial).replaceAll('"Finish"', '"Done"')) as unknown;
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE] });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK], "refund_request", edited);
    await run("50.00", [REFUND_OK], "refund_request", edited);
    stop();

    const printed = endOfRun(reporter);
    expect(printed.split("\n").slice(3, 4)).toEqual(["RefundRequestFlow     0  0/8 0%  0/6 0%    —"]);
    expect(printed.split("\n").slice(-3)).toEqual([
      "not counted:",
      "  RefundRequestFlow: 2 runs of a version whose states or transitions differ (is the bundle file older than the flow? zisflow build)",
      "",
    ]);
  });

  it("a listed placeholder bundle counts the runs of its flow built with --integration acme and a parameter value", async () => {
    const acme = acmeBuild("https://refunds.example.com");
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 60 });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK], "refund_request", acme);
    stop();
    expect(readdirSync(path.join(dir, "bundles"))).toEqual([`${bundleHash(acme)}.json`]);

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed.split("\n").slice(0, 4)).toEqual(REPORT_50);
    expect(reporter.failures).toEqual(["RefundRequestFlow: branches 33.3% is below 60%"]);
    expect(process.exitCode).toBe(1);
  });

  it("without bundles, builds of a flow differing only in parameter values are one row", async () => {
    const reporter = new ZisflowCoverageReporter({ dir });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    await run("50.00", [REFUND_OK], "refund_request", acmeBuild("https://a.example.com"));
    await run("50.00", [REFUND_OK], "refund_request", acmeBuild("https://b.example.com"));
    await run("5.00", [], "page_view");
    stop();
    expect(readdirSync(path.join(dir, "bundles"))).toHaveLength(3);

    const printed = endOfRun(reporter);
    expect(printed.split("\n").slice(0, 5)).toEqual([
      "",
      "zisflow coverage",
      "flow               runs  states     branches  catches",
      "RefundRequestFlow     3  5/8 62.5%  3/6 50%   —",
      "",
    ]);
  });

  it("a listed bundle no test ran shows at 0 and fails the threshold", async () => {
    const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 50 });
    init(reporter);
    stop = testRuns.recordCoverage(dir);
    stop();

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed).toContain("RefundRequestFlow     0  0/8 0%  0/6 0%    —\n");
    expect(reporter.failures).toEqual([
      "RefundRequestFlow: states 0% is below 50%",
      "RefundRequestFlow: branches 0% is below 50%",
    ]);
    expect(process.exitCode).toBe(1);
  });

  it("nothing recorded: prints why, and does not fail", () => {
    const reporter = new ZisflowCoverageReporter({ dir, threshold: 100 });
    init(reporter);

    process.exitCode = undefined;
    const printed = endOfRun(reporter);
    expect(printed).toBe(
      `\nzisflow coverage: ${dir}: no recorded runs (record them with ${COVERAGE_DIR_ENV}=${dir}, ` +
        `zisflow run --record ${dir}, or the vitest setup file zisflow/testing/record-coverage)\n`,
    );
    expect(reporter.failures).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  describe("the threshold applies to whole runs", () => {
    /** vitest's run as the reporter sees it: the test files the project has, and a `-t` pattern if any. */
    const vitestRun = (files: number, testNamePattern?: RegExp): VitestRun => ({
      config: { testNamePattern },
      globTestSpecifications: async () =>
        Array.from({ length: files }, (_, i) => ({ moduleId: `t${i}.test.ts` })),
    });
    const belowThreshold = async (vitest: VitestRun, ranFiles: number) => {
      const reporter = new ZisflowCoverageReporter({ dir, bundles: [TUTORIAL_BUNDLE_FILE], threshold: 100 });
      init(reporter, vitest);
      await vitest.globTestSpecifications();
      reporter.onTestRunStart(Array.from({ length: ranFiles }, (_, i) => ({ moduleId: `t${i}.test.ts` })));
      stop = testRuns.recordCoverage(dir);
      await run("50.00", [REFUND_OK]);
      stop();
      process.exitCode = undefined;
      return { printed: endOfRun(reporter), failures: reporter.failures, exitCode: process.exitCode };
    };
    const FILTERED = "(only some tests ran: the 100% threshold applies to whole runs)\n";

    it("a run filtered by test name reports, but does not fail", async () => {
      const { printed, failures, exitCode } = await belowThreshold(vitestRun(3, /refund/), 3);
      expect(printed).toContain("RefundRequestFlow     1  5/8 62.5%  2/6 33.3%  —\n");
      expect(printed.endsWith(FILTERED)).toBe(true);
      expect(printed).not.toContain("FAILED");
      expect({ failures, exitCode }).toEqual({ failures: [], exitCode: undefined });
    });

    it("a run of some of the test files reports, but does not fail", async () => {
      const { printed, failures, exitCode } = await belowThreshold(vitestRun(3), 1);
      expect(printed.endsWith(FILTERED)).toBe(true);
      expect({ failures, exitCode }).toEqual({ failures: [], exitCode: undefined });
    });

    it("a run of every test file fails below the threshold", async () => {
      const { printed, failures, exitCode } = await belowThreshold(vitestRun(3), 3);
      expect(printed).not.toContain(FILTERED);
      expect(failures).toEqual([
        "RefundRequestFlow: states 62.5% is below 100%",
        "RefundRequestFlow: branches 33.3% is below 100%",
      ]);
      expect(exitCode).toBe(1);
    });
  });

  it("defaults its directory to $ZISFLOW_COVERAGE_DIR", () => {
    process.env[COVERAGE_DIR_ENV] = dir;
    const reporter = new ZisflowCoverageReporter();
    init(reporter);
  });
});
