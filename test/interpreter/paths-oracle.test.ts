import fc from "fast-check";
import { JSONPath } from "jsonpath-plus";
import { describe, expect, it } from "vitest";
import { compilePath, isMissing, lookup } from "../../src/interpreter/data.js";

/**
 * The interpreter evaluates reference paths itself (parsed once, no library call per state). jsonpath-plus is
 * the oracle: on the ASL reference-path subset both must find the same value, or both nothing. `eval: false`
 * always (jsonpath-plus 10.x evaluates filter code otherwise; see research/libraries.md).
 */
function oracle(path: string, json: unknown): { found: boolean; value?: unknown } {
  const results = JSONPath({ path, json: json as object, eval: false, wrap: true }) as unknown[];
  return results.length === 0 ? { found: false } : { found: true, value: results[0] };
}

/**
 * jsonpath-plus indexes into strings the JavaScript way (`$.a[0]` on "x" gives "x"); ASL reference paths (and
 * Jayway, AWS's engine) find nothing there. The oracle is not consulted for such paths.
 */
function indexesIntoString(path: string, json: unknown): boolean {
  const segments = compilePath(path).segments;
  let current = json;
  for (const segment of segments) {
    if (typeof segment === "number" && typeof current === "string") return true;
    if (current === null || typeof current !== "object") return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return false;
}

function ours(path: string, json: unknown): { found: boolean; value?: unknown } {
  const value = lookup(json, compilePath(path));
  return isMissing(value) ? { found: false } : { found: true, value };
}

describe("reference paths agree with jsonpath-plus", () => {
  it.each([
    ["$.input.ticket_event.ticket.id", { input: { ticket_event: { ticket: { id: 1001 } } } }],
    [
      "$.links[0].right_object.name_attrs.thread_ts",
      { links: [{ right_object: { name_attrs: { thread_ts: "1.5" } } }] },
    ],
    ["$.links[3]", { links: [1] }],
    ["$.a.b", { a: null }],
    ["$.a.b", { a: "text" }],
    ["$['key with space']['x.y']", { "key with space": { "x.y": 0 } }],
    ["$.nullval", { nullval: null }],
    ["$.f", { f: false }],
    ["$", { whole: true }],
  ])("%s", (path, json) => {
    expect(ours(path, json)).toEqual(oracle(path, json));
  });

  it("finds nothing where jsonpath-plus would index into a string", () => {
    expect(oracle("$.a[0]", { a: "x" })).toEqual({ found: true, value: "x" });
    expect(ours("$.a[0]", { a: "x" })).toEqual({ found: false });
    expect(indexesIntoString("$.a[0]", { a: "x" })).toBe(true);
  });

  it("agree on random paths over random documents", () => {
    const key = fc.constantFrom("a", "b", "id", "x_1");
    const path = fc
      .array(
        fc.oneof(
          key.map((k) => `.${k}`),
          fc.nat({ max: 3 }).map((n) => `[${n}]`),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((steps) => `$${steps.join("")}`);
    const document = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, 0, "x"),
        fc.dictionary(key, tie("value"), { maxKeys: 3 }),
        fc.array(tie("value"), { maxLength: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(path, fc.dictionary(key, document, { maxKeys: 3 }), (p, json) => {
        if (indexesIntoString(p, json)) expect(ours(p, json)).toEqual({ found: false });
        else expect(ours(p, json)).toEqual(oracle(p, json));
      }),
      { numRuns: 500 },
    );
  });
});
