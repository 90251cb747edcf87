/** The model's table of built-in actions, and LoadLinks' rules: the one place the layers read them from. */
import { describe, expect, it } from "vitest";
import { BUILTIN_BUILDERS } from "../../src/dsl/actions.js";
import {
  BUILTIN_ACTION_SPECS,
  BUILTIN_ACTIONS,
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
    [0, "page_size must be an integer from 1 to 100, found 0"],
    [2.5, "page_size must be an integer from 1 to 100, found 2.5"],
    ["10", 'page_size must be an integer from 1 to 100, found "10"'],
  ])("page_size %j: %s", (size, problem) => {
    expect(pageSizeProblem(size)).toBe(problem);
  });

  it.each([
    ["ticket:1", undefined],
    ["ticket:*", undefined],
    ["*", 'a lone "*" wildcard is not supported'],
    ["ti*cket", 'the "*" wildcard must be the last character'],
  ])("object name pattern %j: %s", (pattern, problem) => {
    expect(objectNamePatternProblem(pattern)).toBe(problem);
  });
});
