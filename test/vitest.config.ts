import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { ZisflowCoverageReporter } from "../src/testing/coverage-reporter.js";
import SummaryReporter from "./support/summary-reporter.js";

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
    // Not the template of `zisflow init` (src/cli/init/template/test), which test/e2e runs in a project of its own.
    include: ["test/**/*.test.ts"],
    // "zisflow" (the example flows' import) is this checkout's sources in the test workers, where tsx loads bundle
    // modules: the package's own "zisflow-source" export condition.
    execArgv: ["--conditions=zisflow-source"],
    testTimeout: 20_000,
    // vitest's default is one worker fewer than the cores: one file at a time on a 2-core machine.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    setupFiles: [path.join(root, "src/testing/record-coverage.ts")],
    reporters: ["default", coverage, new SummaryReporter(() => coverage.failures)],
  },
});
