// Brings vitest's types into every program that sees the matchers' augmentation below, kept in the .d.ts too
// (vitest is an optional peer: nothing of it is imported at run time).
/// <reference types="vitest" preserve="true" />
/**
 * Test helpers for flows (`zisflow/testing`): vitest matchers over run results, and a scenario runner that
 * sends several events through one store so later runs see the links and configs earlier runs wrote.
 *
 *     import { expect } from "vitest";
 *     import { installMatchers, runScenario } from "zisflow/testing";
 *     installMatchers(expect);
 *     expect(result).toHaveVisited(["CheckEventSourceAndType", "Finish"]);
 */
import * as interpreter from "../interpreter/run.js";
import { createStore, type RunOptions, type RunResult } from "../interpreter/run.js";
import type { ZisStore } from "../interpreter/stores.js";
import { compilePath, isMissing, lookup } from "../interpreter/data.js";
import type { HttpRequest } from "../interpreter/mocks.js";
import { testRuns } from "./test-runs.js";

export { createStore, type RunOptions, type RunResult } from "../interpreter/run.js";
export type { ObservedRun, RunObserver } from "../interpreter/observers.js";
export { VirtualClock } from "../interpreter/clock.js";
export { ZisStore } from "../interpreter/stores.js";
export { testRuns, type TestRuns } from "./test-runs.js";
export {
  ZisflowCoverageReporter,
  type CoverageReporterOptions,
  type VitestRun,
} from "./coverage-reporter.js";

/**
 * What a request must look like; members left out are not compared. `body` is compared deeply, and
 * `body: undefined` expects a request that sent no body.
 */
export interface RequestExpectation {
  /** The action's `properties.name`. @default not compared */
  readonly action?: string;
  /** Upper case, as sent. @default not compared */
  readonly method?: string;
  /** Absolute URL, query string included. @default not compared */
  readonly url?: string;
  /** @default not compared */
  readonly body?: unknown;
  /** Every header sent, exactly. @default not compared */
  readonly headers?: Readonly<Record<string, string>>;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

interface MatcherContext {
  equals(a: unknown, b: unknown): boolean;
  utils: { printReceived(value: unknown): string; printExpected(value: unknown): string };
  isNot: boolean;
}

function asResult(received: unknown): RunResult {
  if (!received || typeof received !== "object" || !("states" in received) || !("status" in received))
    throw new TypeError("expected the result of runFlow()");
  return received as RunResult;
}

function pick(request: HttpRequest, expected: RequestExpectation): Partial<HttpRequest> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(expected)) picked[key] = request[key as keyof HttpRequest];
  return picked as Partial<HttpRequest>;
}

/** The matchers; `installMatchers(expect)` registers them. */
export const matchers = {
  /** The states that ran, exactly and in order. */
  toHaveVisited(this: MatcherContext, received: unknown, states: readonly string[]): MatcherResult {
    const result = asResult(received);
    return {
      pass: this.equals(result.states, states),
      message: () => `expected the run ${this.isNot ? "not " : ""}to visit exactly these states, in order`,
      actual: result.states,
      expected: states,
    };
  },
  /** The flow ended in success. */
  toHaveSucceeded(this: MatcherContext, received: unknown): MatcherResult {
    const result = asResult(received);
    return {
      pass: result.status === "succeeded",
      message: () =>
        result.status === "succeeded"
          ? "expected the flow to fail, but it succeeded"
          : `expected the flow to succeed, but it failed with ${result.error?.Error}: ${result.error?.Cause} (states: ${result.states.join(" → ")})`,
    };
  },
  /** The flow failed; `error` members given (Error, Cause) must match. */
  toHaveFailedWith(
    this: MatcherContext,
    received: unknown,
    error: { Error?: string | undefined; Cause?: string | RegExp | undefined } = {},
  ): MatcherResult {
    const result = asResult(received);
    const cause = result.error?.Cause ?? "";
    // search() ignores lastIndex, so a /g or /y pattern gives the same answer every time.
    const causeOk =
      error.Cause === undefined ||
      (error.Cause instanceof RegExp ? cause.search(error.Cause) >= 0 : cause === error.Cause);
    const errorOk = error.Error === undefined || result.error?.Error === error.Error;
    const expected = this.utils.printExpected(error);
    return {
      pass: result.status === "failed" && causeOk && errorOk,
      message: () =>
        this.isNot
          ? `expected the flow not to fail with ${expected}, but it failed with ${this.utils.printReceived(result.error)}`
          : result.status === "failed"
            ? `expected the flow to fail with ${expected}, it failed with ${this.utils.printReceived(result.error)}`
            : `expected the flow to fail, but it succeeded (states: ${result.states.join(" → ")})`,
      actual: result.error,
      expected: error,
    };
  },
  /** Some request matches `expected` (deep equality on each member given). */
  toHaveSentRequest(this: MatcherContext, received: unknown, expected: RequestExpectation): MatcherResult {
    const result = asResult(received);
    const candidates = result.requests.map((r) => pick(r, expected));
    const pass = candidates.some((candidate) => this.equals(candidate, expected));
    return {
      pass,
      message: () =>
        pass
          ? `expected no request like ${this.utils.printExpected(expected)}`
          : `expected a request like ${this.utils.printExpected(expected)}; the run sent ${result.requests.length}: ${this.utils.printReceived(candidates)}`,
      actual: candidates.length === 1 ? candidates[0] : candidates,
      expected,
    };
  },
  /** Exactly these requests, in order (each compared on the members given). */
  toHaveSentRequests(
    this: MatcherContext,
    received: unknown,
    expected: readonly RequestExpectation[],
  ): MatcherResult {
    const result = asResult(received);
    const actual = result.requests.map((r, i) => pick(r, expected[i] ?? {}));
    return {
      pass: actual.length === expected.length && this.equals(actual, expected),
      message: () => `expected exactly ${expected.length} request(s) like these, in order`,
      actual,
      expected,
    };
  },
  /** The value at a reference path of the final flow data (`$.customer.profile`, `$.links[0].uuid`) equals `value`. */
  toHaveOutputAt(this: MatcherContext, received: unknown, path: string, value: unknown): MatcherResult {
    const result = asResult(received);
    const found = lookup(result.output, compilePath(path.startsWith("$") ? path : `$.${path}`));
    const actual = isMissing(found) ? undefined : found;
    return {
      pass: this.equals(actual, value),
      message: () =>
        `expected ${path} of the final flow data ${this.isNot ? "not " : ""}to equal ${this.utils.printExpected(value)}`,
      actual,
      expected: value,
    };
  },
};

/** Registers the matchers on vitest's `expect`. */
export function installMatchers(expect: { extend(matchers: object): void }): void {
  expect.extend(matchers);
}

declare module "vitest" {
  // vitest declares Matchers<T = any>; an augmentation must repeat the declaration exactly.
  interface Matchers<T = any> {
    toHaveVisited(states: readonly string[]): T;
    toHaveSucceeded(): T;
    toHaveFailedWith(
      error?: { Error?: string | undefined; Cause?: string | RegExp | undefined } | undefined,
    ): T;
    toHaveSentRequest(expected: RequestExpectation): T;
    toHaveSentRequests(expected: readonly RequestExpectation[]): T;
    toHaveOutputAt(path: string, value: unknown): T;
  }
}

/**
 * `runFlow` of `zisflow`, telling the observers of `testRuns` (the setup file `zisflow/testing/record-coverage`
 * records with them) after those `options.observers` lists.
 */
export function runFlow(bundle: unknown, options: RunOptions): Promise<RunResult> {
  return interpreter.runFlow(bundle, {
    ...options,
    observers: [...(options.observers ?? []), ...testRuns.observers()],
  });
}

/**
 * Sends events one after another through the same store (links, configs) and returns each run's result.
 * Options apply to every run; `events` may carry their own flow name.
 */
export async function runScenario(
  bundle: unknown,
  events: ReadonlyArray<{
    readonly input: unknown;
    /** @default the bundle's only flow */
    readonly flow?: string | undefined;
  }>,
  options: Omit<RunOptions, "input" | "flow"> & {
    /** @default a new store for the bundle (`createStore(bundle, options)`), shared by the events */
    readonly store?: ZisStore | undefined;
  } = {},
): Promise<{ readonly results: RunResult[]; readonly store: ZisStore }> {
  const store = options.store ?? createStore(bundle, options);
  const results: RunResult[] = [];
  for (const event of events) {
    results.push(
      await runFlow(bundle, {
        ...options,
        store,
        input: event.input,
        ...(event.flow ? { flow: event.flow } : {}),
      }),
    );
  }
  return { results, store };
}
