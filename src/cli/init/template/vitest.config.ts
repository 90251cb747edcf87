import { defineConfig } from "vitest/config";
import { ZisflowCoverageReporter } from "zisflow/testing";

export default defineConfig({
  test: {
    // Records every flow run the tests make, for the coverage report below and `zisflow coverage`.
    setupFiles: ["zisflow/testing/record-coverage"],
    // After the tests: the states, Choice branches and Catch paths of each flow the tests reached. A flow the
    // tests ran but did not cover completely fails the run.
    reporters: ["default", new ZisflowCoverageReporter({ threshold: 100 })],
  },
});
