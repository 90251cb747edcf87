/** The model's choice rules: one classifier and one table of comparisons for every layer. */
import { describe, expect, it } from "vitest";
import {
  classifyRule,
  comparisonHolds,
  COMPARISON_OPERATORS,
  literalOperator,
} from "../../src/model/choice-rule.js";

describe("classifyRule", () => {
  it("names the one operator a rule holds", () => {
    expect(classifyRule({ Variable: "$.a", NumericLessThan: 3, Next: "X" })).toEqual({
      kind: "comparison",
      operator: "NumericLessThan",
      variable: "$.a",
      operand: 3,
    });
    expect(classifyRule({ And: [{}], Next: "X" })).toEqual({ kind: "and", rules: [{}] });
    expect(classifyRule({ Not: { IsNull: true } })).toEqual({ kind: "not", rule: { IsNull: true } });
  });

  it("calls a rule with no operator, several, or a list that is not one malformed", () => {
    expect(classifyRule({ Variable: "$.a", Next: "X" })).toEqual({
      kind: "malformed",
      problem: "operators",
      operators: [],
    });
    expect(classifyRule({ Variable: "$.a", StringEquals: "x", IsPresent: true, Or: [] })).toEqual({
      kind: "malformed",
      problem: "operators",
      operators: ["StringEquals", "IsPresent", "Or"],
    });
    expect(classifyRule({ Or: "x" })).toEqual({
      kind: "malformed",
      problem: "not_a_list",
      operators: ["Or"],
    });
  });
});

describe("comparisonHolds", () => {
  it.each([
    ["StringEquals", "a", "a", true],
    ["StringLessThan", "\u{1F600}", "\uFFFF", false], // by code point, not UTF-16 unit
    ["StringGreaterThanEquals", "b", "a", true],
    ["NumericEquals", 1, 1.0, true],
    ["NumericLessThanEquals", 2, 1, false],
    ["NumericGreaterThan", "2", 1, false], // a value of another type is false, never an error
    ["BooleanEquals", false, false, true],
    ["TimestampLessThan", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5Z", true],
    ["TimestampEquals", "2024-01-01T01:00:00+01:00", "2024-01-01T00:00:00Z", true],
    ["TimestampEquals", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00Z", false],
    ["IsPresent", undefined, false, true],
    ["IsPresent", null, true, true],
    ["IsNull", null, true, true],
    ["IsNull", 0, false, true],
  ] as const)("%s(%j, %j) is %s", (operator, value, operand, expected) => {
    expect(comparisonHolds(operator, value, operand)).toBe(expected);
  });

  it("reads a …Path operator as its literal operator's comparison", () => {
    expect(literalOperator("NumericLessThanPath")).toBe("NumericLessThan");
    expect(literalOperator("StringEquals")).toBe("StringEquals");
    expect(COMPARISON_OPERATORS.NumericLessThanPath).toEqual({
      values: "number",
      relation: "<",
      operandIsPath: true,
    });
    expect(comparisonHolds("NumericLessThanPath", 1, 2)).toBe(true);
  });
});
