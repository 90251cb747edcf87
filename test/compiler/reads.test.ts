/**
 * The walks over Parameters and choice rules keep their own stack: they hold at any depth and length, even where
 * the validator's nesting limit does not stand before them (an action's caller, a rule read alone).
 */
import { describe, expect, it } from "vitest";
import { buildBundleView, type StateView } from "../../src/model/bundle-view.js";
import {
  dynamicReads,
  intrinsicFunctionName,
  isReferencePathText,
  stateReads,
} from "../../src/compiler/reads.js";

/** The one state of a one-flow bundle, as the bundle view sees it. */
function stateView(state: Record<string, unknown>): StateView {
  const view = buildBundleView({
    resources: {
      F: { type: "ZIS::Flow", properties: { name: "F", definition: { StartAt: "S", States: { S: state } } } },
    },
  });
  return view.machines[0]!.states[0]!;
}

const STATE = ["resources", "F", "properties", "definition", "States", "S"];

describe("dynamicReads", () => {
  it("reads a path 6,000 objects deep", () => {
    let value: unknown = { "x.$": "$.input.x" };
    for (let i = 0; i < 6_000; i++) value = { a: value };
    expect(dynamicReads(value, [])).toEqual([
      { path: "$.input.x", at: [...Array(6_000).fill("a"), "x.$"], via: "path" },
    ]);
  });

  it("reads in document order: a nested member's reads before the next member's", () => {
    const issues: Parameters<typeof dynamicReads>[2] = [];
    const reads = dynamicReads(
      {
        a: { "b.$": "$.one", c: [{ d: "{{$.three}}" }] },
        "e.$": 4,
        e: 1,
        "f.$": "x {{$.four}}",
      },
      ["P"],
      issues,
    );
    expect(reads).toEqual([
      { path: "$.one", at: ["P", "a", "b.$"], via: "path" },
      { path: "$.three", at: ["P", "a", "c", 0, "d"], via: "placeholder", legacy: true },
      { path: "$.four", at: ["P", "f.$"], via: "placeholder" },
    ]);
    expect(issues).toEqual([
      { kind: "duplicate_dollar_key", at: ["P", "e.$"], key: "e.$" },
      { kind: "dollar_key_not_string", at: ["P", "e.$"], key: "e.$" },
    ]);
  });
});

describe("isReferencePathText", () => {
  it("is true for $ and for $. or $[ followed by a path the model parses", () => {
    for (const text of ["$", "$.ticket.id", "$['a b']", "$[0].x", "$.key-with-dash"])
      expect([text, isReferencePathText(text)]).toEqual([text, true]);
  });
  it("is false for prices, text and paths the model rejects", () => {
    for (const text of ["$100", "$ 5", "$5.00", "$.", "$.a[*]", "$..a", "US$", "$x", " $.a", "$.a b"])
      expect([text, isReferencePathText(text)]).toEqual([text, false]);
  });
});

describe("intrinsicFunctionName", () => {
  it("names a States.<Name>( call, with or without space before the parenthesis", () => {
    expect(intrinsicFunctionName("States.Format('order {}', $.order_id)")).toBe("States.Format");
    expect(intrinsicFunctionName("States.StringToJson ($.body)")).toBe("States.StringToJson");
    expect(intrinsicFunctionName("States.Array($.a, $.b)")).toBe("States.Array");
    expect(intrinsicFunctionName("States.MathAdd($.n, 1)")).toBe("States.MathAdd");
  });
  it("is undefined for paths, templates and text naming States.", () => {
    for (const text of ["$.States.Format", "States.ALL", "see States.Format(…) {{$.x}}", "x States.Array()"])
      expect(intrinsicFunctionName(text)).toBeUndefined();
  });
});

describe("stateReads of a Choice state", () => {
  it("reads a comparison inside 10,000 Nots", () => {
    let rule: Record<string, unknown> = { Variable: "$.input.x", StringEqualsPath: "$.input.y" };
    for (let i = 0; i < 10_000; i++) rule = { Not: rule };
    const at = [...STATE, "Choices", 0, ...Array(10_000).fill("Not")];
    expect(stateReads(stateView({ Type: "Choice", Choices: [rule] }))).toEqual([
      { path: "$.input.x", at: [...at, "Variable"], via: "path", presenceTest: false },
      { path: "$.input.y", at: [...at, "StringEqualsPath"], via: "path" },
    ]);
  });

  it("reads 130,000 rules of an And inside a Not (once spread into push's arguments, past their limit)", () => {
    const rules = Array.from({ length: 130_000 }, (_, i) => ({ Variable: `$.v${i}`, IsPresent: true }));
    const reads = stateReads(stateView({ Type: "Choice", Choices: [{ Not: { And: rules } }] }));
    expect(reads).toHaveLength(130_000);
    expect(reads[129_999]).toEqual({
      path: "$.v129999",
      at: [...STATE, "Choices", 0, "Not", "And", 129_999, "Variable"],
      via: "path",
      presenceTest: true,
    });
  });
});
