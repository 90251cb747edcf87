import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { ZisflowCoverageReporter } from "../src/testing/coverage-reporter.js";
import SummaryReporter from "./support/summary-reporter.js";

/** Test files that start the local Zendesk, in process or as a process. */
const SERVERS = ["test/devserver/**/*.test.ts", "test/cli/dev-cli.test.ts", "test/e2e/**/*.test.ts"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const coverage = new ZisflowCoverageReporter({
  dir: path.join(root, "coverage/zisflow"),
  bundles: [
    path.join(root, "dist-bundles/my_zis_bundle.json"),
    path.join(root, "dist-bundles/ticket_slack_links.json"),
  ],
  threshold: 100,
});

/**
 * The test command's configuration: every flow run the tests make is recorded, and the example flows must be
 * covered completely (states, Choice branches, Catch paths). The summary line CI reads comes last.
 */
export default defineConfig({
  test: {
    root,
    // "zisflow" (the example flows' import) is this checkout's sources in the test workers, where tsx loads bundle
    // modules: the package's own "zisflow-source" export condition.
    execArgv: ["--conditions=zisflow-source"],
    testTimeout: 20_000,
    // vitest's default is one worker fewer than the cores: one file at a time on a 2-core machine.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    setupFiles: [path.join(root, "src/testing/record-coverage.ts")],
    // Each project lists its own files (a project's lists would add to the root's). Not the template of
    // `zisflow init` (src/cli/init/template/test), which test/e2e runs in a project of its own.
    projects: [
      // Test files share their worker's modules: nothing in src/ keeps global state (test/architecture.test.ts),
      // and the coverage setup file keeps one recorder per folder; this saves a fifth of the suite's time.
      {
        extends: true,
        test: { name: "shared", include: ["test/**/*.test.ts"], exclude: SERVERS, isolate: false },
      },
      // Servers, SQLite files and run queues of the local Zendesk get modules of their own per test file.
      { extends: true, test: { name: "isolated", include: SERVERS } },
    ],
    reporters: ["default", coverage, new SummaryReporter(() => coverage.failures)],
  },
});
