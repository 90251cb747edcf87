import { describe, expect, it } from "vitest";
import { formatReferencePath, isPathPrefix, parseReferencePath } from "../../src/model/paths.js";
import { classifyDollarValue, findPlaceholders } from "../../src/model/template.js";

describe("reference paths (ASL subset, reference §5.3)", () => {
  it.each([
    ["$", []],
    ["$.input.ticket_event.ticket.id", ["input", "ticket_event", "ticket", "id"]],
    ["$.links[0].right_object.name_attrs.thread_ts", ["links", 0, "right_object", "name_attrs", "thread_ts"]],
    ["$.key-with-dash", ["key-with-dash"]],
    ["$['key with space']['x.y']", ["key with space", "x.y"]],
    ['$["double"]', ["double"]],
    ["$['it\\'s']", ["it's"]],
    ["$.a[10][2]", ["a", 10, 2]],
  ])("%s parses to %j", (text, segments) => {
    expect(parseReferencePath(text)).toEqual({ ok: true, segments });
  });

  it.each([
    ["input.x", "a reference path starts with '$'"],
    ["$..name", "recursive descent '..' is not supported"],
    ["$.links[*]", "only non-negative integer indexes are supported in brackets, found [*]"],
    ["$.a.*", "wildcards are not supported"],
    ["$.a[-1]", "only non-negative integer indexes are supported in brackets, found [-1]"],
    ["$.a[0:2]", "only non-negative integer indexes are supported in brackets, found [0:2]"],
    ["$[?(@.b==1)]", "only non-negative integer indexes are supported in brackets, found [?(@.b==1)]"],
    ["$.a['open", "unterminated bracket key at character 4"],
    ["$.a[1", "unterminated '[' at character 4"],
    ["$.", "empty key at character 2"],
    ["$ .a", "unexpected ' ' at character 2"],
  ])("%s is rejected: %s", (text, reason) => {
    expect(parseReferencePath(text)).toEqual({ ok: false, reason });
  });

  it("formats segments back in canonical form, round-tripping what it parses", () => {
    const segments = ["input", "odd key", "it's", 3, "plain_key-2"];
    const text = formatReferencePath(segments);
    expect(text).toBe("$.input['odd key']['it\\'s'][3].plain_key-2");
    expect(parseReferencePath(text)).toEqual({ ok: true, segments });
  });

  it("knows when one path names another or one of its ancestors", () => {
    expect(isPathPrefix(["a"], ["a", "b"])).toBe(true);
    expect(isPathPrefix([], ["a"])).toBe(true);
    expect(isPathPrefix(["a", "b"], ["a"])).toBe(false);
    expect(isPathPrefix(["a", 0], ["a", 1])).toBe(false);
  });
});

describe("placeholders (reference §5.5)", () => {
  it("finds {{$…}} with optional spaces and leaves other tools' {{name}} alone", () => {
    expect(findPlaceholders("a {{$.x}} b {{ $.y[0] }} c {{zis_integration_key}} ${{$.z}}")).toEqual([
      { path: "$.x", start: 2, end: 9 },
      { path: "$.y[0]", start: 12, end: 24 },
      { path: "$.z", start: 52, end: 59 },
    ]);
  });

  it("classifies .$ values: a path, or a template (possibly without placeholders)", () => {
    expect(classifyDollarValue("$.input.ticket")).toBe("path");
    expect(classifyDollarValue("{{$.input.ticket.id}}")).toBe("template");
    expect(classifyDollarValue("$ {{$.amount}}")).toBe("template");
    expect(classifyDollarValue("/api/v2/tickets.json")).toBe("template");
  });
});
