import type { Reporter, TestModule } from "vitest/node";

/**
 * Prints the plain closing line CI reads: `N passed, N failed` (and skipped), counted over test cases, plus
 * the checks `otherFailures` names (flow coverage below its threshold).
 */
export default class SummaryReporter implements Reporter {
  constructor(readonly otherFailures: () => readonly string[] = () => []) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length + this.otherFailures().length;
    let skipped = 0;
    const skipReasons = new Set<string>();
    for (const module of testModules) {
      if (module.state() === "failed" && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else {
          skipped++;
          const reason = /\((skipped: [^)]*)\)/.exec(test.fullName)?.[1];
          if (reason) skipReasons.add(reason);
        }
      }
    }
    for (const reason of skipReasons) process.stdout.write(`\nnote: some suites were ${reason}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
