import path from "node:path";
import { CoverageRecorder } from "../coverage/record.js";
import type { RunObserver } from "../interpreter/observers.js";

/** What `runFlow` and `runScenario` of `zisflow/testing` tell about each run they make. */
export class TestRuns {
  readonly #observers = new Set<RunObserver>();
  readonly #recorders = new Map<string, () => void>();

  /** Calls `observer` after every run the test helpers make. Returns a function that stops it. */
  observe(observer: RunObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  /**
   * Records every run the test helpers make into `dir`, for coverage. Returns a function that stops recording;
   * asking again for a directory already recorded into changes nothing (and the function returned then does
   * nothing: the first caller owns the recorder). Without vitest's isolation a setup file runs again before
   * each test file, over the same modules.
   */
  recordCoverage(dir: string): () => void {
    const absolute = path.resolve(dir);
    if (this.#recorders.has(absolute)) return () => {};
    const stopObserving = this.observe(new CoverageRecorder(absolute).record);
    const stop = () => {
      stopObserving();
      this.#recorders.delete(absolute);
    };
    this.#recorders.set(absolute, stop);
    return stop;
  }

  /** The observers a run starting now tells, in registration order. */
  observers(): readonly RunObserver[] {
    return [...this.#observers];
  }
}

/**
 * The test helpers' `TestRuns`, which the setup file `zisflow/testing/record-coverage` records with.
 *
 * State of this module, not of `globalThis`: vitest runs a test file's setup files in that test file's module
 * graph, so the setup file and the test's `zisflow/testing` share this object (per test file when isolated, per
 * worker when not). Runs outside the helpers (`runFlow` of `zisflow`, `zisflow run`, tsx-loaded modules, which
 * have module graphs of their own) are observed only through the `observers` their options pass.
 */
export const testRuns = new TestRuns();
