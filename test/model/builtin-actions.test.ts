/** The model's table of built-in actions, and LoadLinks' rules: the one place the layers read them from. */
import { describe, expect, it } from "vitest";
import { BUILTIN_BUILDERS } from "../../src/dsl/actions.js";
import {
  BUILTIN_ACTION_SPECS,
  BUILTIN_ACTIONS,
  describeLinksParameterProblem,
  objectNamePatternProblem,
  pageSizeProblem,
} from "../../src/model/builtin-actions.js";
import { parseActionName } from "../../src/model/names.js";

describe("built-in actions", () => {
  it("are the table's keys, each with a DSL builder, and known by name", () => {
    expect(BUILTIN_ACTIONS).toEqual([
      "LoadConfig",
      "PatchConfig",
      "LoadLinks",
      "CreateLink",
      "PatchLink",
      "DeleteLink",
    ]);
    expect(Object.keys(BUILTIN_BUILDERS)).toEqual(BUILTIN_ACTIONS);
    expect(parseActionName("zis:common:action:LoadLinks")).toEqual({
      kind: "builtin",
      name: "LoadLinks",
      known: true,
    });
    expect(parseActionName("zis:common:action:Nope")).toEqual({
      kind: "builtin",
      name: "Nope",
      known: false,
    });
  });

  it("say which return nothing", () => {
    expect(BUILTIN_ACTIONS.filter((name) => !BUILTIN_ACTION_SPECS[name].returnsResult)).toEqual([
      "PatchConfig",
      "DeleteLink",
    ]);
  });
});

describe("LoadLinks' rules", () => {
  it.each([
    [20, undefined],
    [1, undefined],
    [100, undefined],
    [0, { parameter: "page_size", problem: "page_size_range", found: { type: "number", text: "0" } }],
    [2.5, { parameter: "page_size", problem: "page_size_range", found: { type: "number", text: "2.5" } }],
    ["10", { parameter: "page_size", problem: "page_size_range", found: { type: "string", text: '"10"' } }],
  ])("page_size %j: %j", (size, problem) => {
    expect(pageSizeProblem(size)).toEqual(problem);
  });

  it.each([
    ["ticket:1", undefined],
    ["ticket:*", undefined],
    ["*", { parameter: "left_object_name", problem: "lone_wildcard" }],
    ["ti*cket", { parameter: "left_object_name", problem: "inner_wildcard" }],
  ])("object name pattern %j: %j", (pattern, problem) => {
    expect(objectNamePatternProblem("left_object_name", pattern)).toEqual(problem);
  });

  it.each([
    [
      { parameter: "page_size", problem: "page_size_range", found: { type: "string", text: '"10"' } },
      'page_size must be an integer from 1 to 100, found "10"',
    ],
    [{ parameter: "right_object_name", problem: "lone_wildcard" }, 'a lone "*" wildcard is not supported'],
    [
      { parameter: "right_object_name", problem: "inner_wildcard" },
      'the "*" wildcard must be the last character',
    ],
  ] as const)("%j reads %j", (problem, text) => {
    expect(describeLinksParameterProblem(problem)).toBe(text);
  });
});
