import { describe, expect, it } from "vitest";
import { renderCondition } from "../../src/compiler/render/index.js";
import {
  and,
  booleanEquals,
  DslError,
  isNull,
  isPresent,
  not,
  numericEquals,
  numericGreaterThan,
  numericGreaterThanEquals,
  numericLessThan,
  numericLessThanEquals,
  or,
  path,
  stringEquals,
  stringGreaterThan,
  stringGreaterThanEquals,
  stringLessThan,
  stringLessThanEquals,
  timestampEquals,
  timestampGreaterThan,
  timestampGreaterThanEquals,
  timestampLessThan,
  timestampLessThanEquals,
} from "../../src/index.js";
import { pathProxy } from "../../src/dsl/ref.js";

interface Data {
  s: string;
  t: string;
  n: number;
  m: number;
  b: boolean;
  flag: boolean;
  maybe: string | null;
}
const $ = pathProxy<Data>();

describe("comparison builders", () => {
  it.each([
    [stringEquals($.s, "x"), { Variable: "$.s", StringEquals: "x" }],
    [stringEquals($.s, $.t), { Variable: "$.s", StringEqualsPath: "$.t" }],
    [stringLessThan($.s, "x"), { Variable: "$.s", StringLessThan: "x" }],
    [stringGreaterThan($.s, "x"), { Variable: "$.s", StringGreaterThan: "x" }],
    [stringLessThanEquals($.s, "x"), { Variable: "$.s", StringLessThanEquals: "x" }],
    [stringGreaterThanEquals($.s, "x"), { Variable: "$.s", StringGreaterThanEquals: "x" }],
    [numericEquals($.n, 1), { Variable: "$.n", NumericEquals: 1 }],
    [numericEquals($.n, $.m), { Variable: "$.n", NumericEqualsPath: "$.m" }],
    [numericLessThan($.n, 1), { Variable: "$.n", NumericLessThan: 1 }],
    [numericLessThan($.n, $.m), { Variable: "$.n", NumericLessThanPath: "$.m" }],
    [numericGreaterThan($.n, 1), { Variable: "$.n", NumericGreaterThan: 1 }],
    [numericGreaterThan($.n, $.m), { Variable: "$.n", NumericGreaterThanPath: "$.m" }],
    [numericLessThanEquals($.n, 100), { Variable: "$.n", NumericLessThanEquals: 100 }],
    [numericLessThanEquals($.n, $.m), { Variable: "$.n", NumericLessThanEqualsPath: "$.m" }],
    [numericGreaterThanEquals($.n, 1.5), { Variable: "$.n", NumericGreaterThanEquals: 1.5 }],
    [numericGreaterThanEquals($.n, $.m), { Variable: "$.n", NumericGreaterThanEqualsPath: "$.m" }],
    [booleanEquals($.b, true), { Variable: "$.b", BooleanEquals: true }],
    [booleanEquals($.b, $.flag), { Variable: "$.b", BooleanEqualsPath: "$.flag" }],
    [
      timestampEquals($.t, "2024-01-01T00:00:00Z"),
      { Variable: "$.t", TimestampEquals: "2024-01-01T00:00:00Z" },
    ],
    [
      timestampLessThan($.t, "2024-01-01T00:00:00Z"),
      { Variable: "$.t", TimestampLessThan: "2024-01-01T00:00:00Z" },
    ],
    [
      timestampGreaterThan($.t, "2024-01-01T00:00:00Z"),
      { Variable: "$.t", TimestampGreaterThan: "2024-01-01T00:00:00Z" },
    ],
    [
      timestampLessThanEquals($.t, "2024-01-01T00:00:00Z"),
      { Variable: "$.t", TimestampLessThanEquals: "2024-01-01T00:00:00Z" },
    ],
    [
      timestampGreaterThanEquals($.t, "2024-01-01T00:00:00Z"),
      { Variable: "$.t", TimestampGreaterThanEquals: "2024-01-01T00:00:00Z" },
    ],
    [isPresent($.maybe), { Variable: "$.maybe", IsPresent: true }],
    [isPresent($.maybe, false), { Variable: "$.maybe", IsPresent: false }],
    [isNull($.maybe), { Variable: "$.maybe", IsNull: true }],
    [stringEquals($.maybe, "x"), { Variable: "$.maybe", StringEquals: "x" }],
  ])("renders %o", (condition, expected) => {
    expect(renderCondition(condition)).toStrictEqual(expected);
  });
});

describe("logical builders", () => {
  it("nest And, Or and Not without Next on the inner rules", () => {
    const condition = and(isPresent($.maybe), or(stringEquals($.s, "a"), not(numericEquals($.n, 0))));
    expect(renderCondition(condition)).toStrictEqual({
      And: [
        { Variable: "$.maybe", IsPresent: true },
        { Or: [{ Variable: "$.s", StringEquals: "a" }, { Not: { Variable: "$.n", NumericEquals: 0 } }] },
      ],
    });
  });

  it("refuse an empty And/Or", () => {
    expect(() => and()).toThrow(DslError);
    expect(() => or()).toThrow(expect.objectContaining({ code: "empty_logical_rule" }));
  });

  it("take escape-hatch paths typed by the author", () => {
    expect(renderCondition(stringEquals(path<string>("$.config['x.y']"), "1"))).toStrictEqual({
      Variable: "$.config['x.y']",
      StringEquals: "1",
    });
  });
});
