/**
 * The jq check of build, validate and deploy: a Jq state's literal expr that jq 1.8.2 does not compile, or that
 * calls a builtin the sandbox refuses, fails every run, so it is an error before any run.
 */
import { describe, expect, it } from "vitest";
import { jqProgramFindings } from "../../src/interpreter/jq/check.js";
import { JQ_ACTION_NAME } from "../../src/model/names.js";
import { flowBundle } from "../support/bundles.js";

const FLOW = "/resources/TestFlow/properties/definition/States";

/** A flow of one Jq state per program, named J0, J1, … */
const jqStates = (parameters: ReadonlyArray<Record<string, unknown>>) =>
  flowBundle(
    Object.fromEntries(
      parameters.map((p, i) => [
        `J${i}`,
        {
          Type: "Action",
          ActionName: JQ_ACTION_NAME,
          Parameters: { "data.$": "$.input", ...p },
          ResultPath: `$.r${i}`,
          ...(i < parameters.length - 1 ? { Next: `J${i + 1}` } : { End: true }),
        },
      ]),
    ),
  );

describe("jqProgramFindings", () => {
  it("reports each literal expr jq does not compile, or the sandbox refuses, with jq's message at its pointer", async () => {
    const findings = await jqProgramFindings(
      jqStates([
        { expr: "[.[] | select(.error != null) | length" },
        { expr: "{c: $chan}" },
        { expr: "[.[] | foo]" },
        { expr: "input" },
      ]),
    );
    expect(findings).toEqual([
      {
        code: "jq_program_error",
        severity: "error",
        path: `${FLOW}/J0/Parameters/expr`,
        data: { message: "jq: error: syntax error, unexpected end of file, expecting '|' or ',' or ']'" },
      },
      {
        code: "jq_program_error",
        severity: "error",
        path: `${FLOW}/J1/Parameters/expr`,
        data: { message: "jq: error: $chan is not defined" },
      },
      {
        code: "jq_program_error",
        severity: "error",
        path: `${FLOW}/J2/Parameters/expr`,
        data: { message: "jq: error: foo/0 is not defined" },
      },
      {
        code: "jq_program_error",
        severity: "error",
        path: `${FLOW}/J3/Parameters/expr`,
        data: { message: "jq: input is not available in ZIS flows" },
      },
    ]);
  });

  it("finds nothing in programs that compile (the own engine's, or jq's alone), nor in an expr.$ from the data", async () => {
    expect(
      await jqProgramFindings(
        jqStates([
          { expr: "{n: (.refund_amount | tonumber)}" },
          // ?// is jq-wasm's to run: compiled there, not run (repeat would never end).
          { expr: ". as [$a] ?// $a | [limit(1; repeat($a))]" },
          { "expr.$": "$.input.program" },
        ]),
      ),
    ).toEqual([]);
  });
});
