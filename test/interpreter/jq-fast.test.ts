import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runRealJq } from "../../src/interpreter/jq/index.js";
import { compileFast, NOT_HANDLED } from "../../src/interpreter/jq/fast.js";

/**
 * The fast path must give exactly what jq 1.8.2 gives whenever it answers. These tests run both engines on
 * the same programs and inputs.
 */
async function agree(program: string, input: unknown): Promise<"fast" | "fallback"> {
  const fast = compileFast(program);
  expect(fast, `the fast path should compile ${program}`).not.toBeNull();
  const value = fast!(input);
  if (value === NOT_HANDLED) return "fallback";
  const real = await runRealJq(program, input);
  expect(real, `${program} on ${JSON.stringify(input)}`).toEqual({ ok: true, outputs: [value] });
  return "fast";
}

const refundInput = {
  activity_event: { user_activity: { properties: { refund_amount: "100.00", order_id: "789" } } },
};

describe("jq fast path", () => {
  it.each([
    [".activity_event.user_activity.properties.refund_amount | tonumber", refundInput, "fast"],
    [".activity_event.user_activity.properties.order_id", refundInput, "fast"],
    [".ticket_event.ticket.id | tostring", { ticket_event: { ticket: { id: 1001 } } }, "fast"],
    [".", { a: [1, { b: null }] }, "fast"],
    [".a[1].b", { a: [1, { b: "x" }] }, "fast"],
    [".a[5]", { a: [1] }, "fast"],
    [".missing.deeper", { a: 1 }, "fast"],
    ['."key with space"', { "key with space": 3 }, "fast"],
    ['.["dotted.key"]', { "dotted.key": true }, "fast"],
    [".[0]", ["first", "second"], "fast"],
    [".a | length", { a: "héllo😀" }, "fast"],
    [".a | length", { a: { x: 1, y: 2 } }, "fast"],
    [".a | length", { a: -3.5 }, "fast"],
    [".a | length", { a: null }, "fast"],
    [".a | ascii_downcase", { a: "ÀBC" }, "fast"],
    [".a | ascii_upcase", { a: "àbc" }, "fast"],
    [".a | tostring", { a: true }, "fast"],
    [".a | tostring", { a: null }, "fast"],
    [".a | tonumber", { a: "-12.5e2" }, "fast"],
    [".a | tonumber", { a: 7 }, "fast"],
    [".a | tonumber", { a: "abc" }, "fallback"],
    [".a | tonumber", { a: " 12" }, "fallback"],
    [".a | tostring", { a: 0.1 }, "fallback"],
    [".a | tostring", { a: { x: 1 } }, "fallback"],
    [".a.b", { a: "string" }, "fallback"],
    [".a[0]", { a: { x: 1 } }, "fallback"],
  ])("%s on %j → %s", async (program, input, path) => {
    expect(await agree(program, input)).toBe(path);
  });

  it("leaves programs outside its subset to the real engine", () => {
    for (const program of [
      "map(.a)",
      ".a // 1",
      ".[]",
      "keys",
      ".a + 1",
      "{a: .b}",
      ".a[-1]",
      "select(.a)",
      "$__loc__",
      ". as $x | $x",
    ])
      expect(compileFast(program), program).toBeNull();
  });

  it("agrees with jq on random paths over random documents", async () => {
    const key = fc.constantFrom("a", "b", "id", "x_1");
    const program = fc
      .tuple(
        fc.array(
          fc.oneof(
            key.map((k) => `.${k}`),
            fc.nat({ max: 3 }).map((n) => `[${n}]`),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.option(fc.constantFrom("tostring", "length", "tonumber", "ascii_downcase"), { nil: undefined }),
      )
      .map(([steps, builtin]) => {
        const path = steps.map((s, i) => (i === 0 && s.startsWith("[") ? `.${s}` : s)).join("");
        return builtin ? `${path} | ${builtin}` : path;
      });
    const document = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom(null, true, false, 0, 1, -2, 42, "x", "12", "Ab"),
        fc.dictionary(key, tie("value"), { maxKeys: 3 }),
        fc.array(tie("value"), { maxLength: 3 }),
      ),
    })).value;
    await fc.assert(
      fc.asyncProperty(program, document, async (p, input) => {
        await agree(p, input);
      }),
      { numRuns: 300 },
    );
  });
});
