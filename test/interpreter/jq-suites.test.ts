/**
 * jq 1.8.2's own test suites (../shared/third-party/jq-1.8.2), run three ways: through the function the Jq action
 * uses (own engine, else jq-wasm), through the own engine alone, and through jq-wasm alone. Every case jq-wasm
 * passes must pass through the action, but for the ones the sandbox refuses; the own engine must never answer
 * one of them differently. The counts are pinned, so a regression (or a gain to record) fails the test.
 */
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runJqProgram, runOwnJq, runWasmJq } from "../../src/interpreter/jq/index.js";
import { JQ_SUITE_FILES, readJqSuite, type JqSuiteCase } from "../support/jq-suites.js";
import { SHARED_AVAILABLE, SHARED_SKIP_REASON } from "../support/shared.js";

/** Cases jq-wasm passes that the action refuses on purpose: they need what the sandbox forbids. */
const SANDBOXED: Record<string, string> = {
  "jq.test:1969": "modulemeta (modules)",
  "jq.test:1973": "modulemeta (modules)",
  "jq.test:1977": "modulemeta (modules)",
  "jq.test:2337": "input (more input)",
  "jq.test:2341": "debug (stderr)",
  "man.test:686": "$ENV (the environment)",
  "man.test:690": "env (the environment)",
};

/** Per file: cases, passed by jq-wasm, by the action, by the own engine alone, and left by it to jq-wasm. */
const PINNED: Record<(typeof JQ_SUITE_FILES)[number], [number, number, number, number, number]> = {
  "jq.test": [531, 493, 492, 449, 59],
  "man.test": [231, 226, 226, 221, 7],
  "onig.test": [47, 47, 47, 41, 6],
  "manonig.test": [19, 19, 19, 18, 1],
  "base64.test": [10, 10, 10, 8, 2],
  "uri.test": [20, 20, 20, 20, 0],
  "optional.test": [2, 2, 2, 2, 0],
};

/**
 * A test's input or expected output text as a value. A few are not JSON (`nan`, `Infinity`): such a case
 * fails every way alike, through a marker no engine outputs.
 */
function parse(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, "")) as unknown;
  } catch {
    return { notJson: text };
  }
}
/** Values as JSON keeps them: what both engines' outputs and the expectations come down to. */
const normal = (values: readonly unknown[]): unknown[] =>
  values.map((v) => JSON.parse(JSON.stringify(v) ?? "null"));
const passes = (
  outcome: Awaited<ReturnType<typeof runJqProgram>> | "unsupported",
  expected: unknown[],
): boolean =>
  outcome !== "unsupported" && outcome.ok && isDeepStrictEqual(normal(outcome.outputs), normal(expected));

interface Verdicts {
  readonly wasm: boolean;
  readonly action: boolean;
  readonly own: "pass" | "fail" | "unsupported";
  /** Where the own engine answers: whether it is jq-wasm's answer to the letter (key order, error text). */
  readonly ownAsWasm: boolean | undefined;
}

/**
 * Where the two cannot be compared: the sandbox refused the program (modules, input, the environment), or
 * jq-wasm trapped (a getpath 10,000 deep overflows its stack, where jq itself answers null).
 */
const refusedOrCrashed = (
  own: Awaited<ReturnType<typeof runJqProgram>>,
  wasm: Awaited<ReturnType<typeof runJqProgram>>,
): boolean =>
  (!own.ok && own.message.endsWith("is not available in ZIS flows")) ||
  (!wasm.ok && wasm.message.startsWith("jq crashed:"));

/** An answer as the Jq action would see it: outputs as JSON text, key order included, or the message. */
const answer = (outcome: Awaited<ReturnType<typeof runJqProgram>>): string =>
  outcome.ok ? outcome.outputs.map((v) => JSON.stringify(v)).join("\n") : `error: ${outcome.message}`;

describe.skipIf(!SHARED_AVAILABLE)(`jq 1.8.2's test suites${SHARED_SKIP_REASON}`, () => {
  const results = new Map<string, Array<{ test: JqSuiteCase; verdicts: Verdicts }>>();
  beforeAll(async () => {
    for (const file of JQ_SUITE_FILES) {
      const rows = [];
      for (const test of readJqSuite(file).cases) {
        const input = parse(test.input);
        const expected = test.expected.map(parse);
        const own = runOwnJq(test.program, input);
        const wasm = await runWasmJq(test.program, input);
        rows.push({
          test,
          verdicts: {
            wasm: passes(wasm, expected),
            action: passes(await runJqProgram(test.program, input), expected),
            own: own === "unsupported" ? "unsupported" : passes(own, expected) ? "pass" : "fail",
            ownAsWasm:
              own === "unsupported" || refusedOrCrashed(own, wasm) ? undefined : answer(own) === answer(wasm),
          } satisfies Verdicts,
        });
      }
      results.set(file, rows);
    }
  }, 120_000);

  it.each(JQ_SUITE_FILES)(
    "%s: every case jq-wasm passes passes through the Jq action (but the sandboxed)",
    (file) => {
      const regressions = results
        .get(file)!
        .filter(
          ({ test, verdicts }) => verdicts.wasm && !verdicts.action && !SANDBOXED[`${file}:${test.line}`],
        )
        .map(({ test }) => `${file}:${test.line}: ${test.program}`);
      expect(regressions).toEqual([]);
    },
  );

  it.each(JQ_SUITE_FILES)("%s: the own engine never answers a case jq-wasm passes differently", (file) => {
    const wrong = results
      .get(file)!
      .filter(
        ({ test, verdicts }) =>
          verdicts.wasm && verdicts.own === "fail" && !SANDBOXED[`${file}:${test.line}`],
      )
      .map(({ test }) => `${file}:${test.line}: ${test.program}`);
    expect(wrong).toEqual([]);
  });

  it.each(JQ_SUITE_FILES)(
    "%s: where the own engine answers, jq-wasm answers the same to the letter",
    (file) => {
      const different = results
        .get(file)!
        .filter(({ test, verdicts }) => verdicts.ownAsWasm === false && !SANDBOXED[`${file}:${test.line}`])
        .map(({ test }) => `${file}:${test.line}: ${test.program}`);
      expect(different).toEqual([]);
    },
  );

  it("the counts are as pinned: cases, jq-wasm, the action, the own engine, left to jq-wasm", () => {
    const counts = Object.fromEntries(
      JQ_SUITE_FILES.map((file) => {
        const rows = results.get(file)!;
        const count = (f: (v: Verdicts) => boolean): number => rows.filter((r) => f(r.verdicts)).length;
        return [
          file,
          [
            rows.length,
            count((v) => v.wasm),
            count((v) => v.action),
            count((v) => v.own === "pass"),
            count((v) => v.own === "unsupported"),
          ],
        ];
      }),
    );
    expect(counts).toEqual(PINNED);
  });

  it("refuses every program jq's suites say must not compile", async () => {
    for (const file of JQ_SUITE_FILES)
      for (const failure of readJqSuite(file).failures) {
        const outcome = await runJqProgram(failure.program, null);
        expect(outcome.ok, `${file}:${failure.line}: ${failure.program}`).toBe(false);
      }
  });
});
