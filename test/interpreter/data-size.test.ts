/**
 * How the interpreter measures flow data (issue 14): `measure` gives what JSON.stringify would write, stops at
 * its limits however large or deep the value, and `write` works out the shapes of what it copies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePath, measure, write, type DataShape } from "../../src/interpreter/data.js";

const unlimited = { bytes: Infinity, depth: Infinity };

/** What JSON.stringify writes: UTF-8 bytes, and nesting depth (a scalar 0, `[]` 1). */
function expected(value: unknown): DataShape {
  const depth = (v: unknown): number =>
    v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0;
  return { bytes: Buffer.byteLength(JSON.stringify(value), "utf8"), depth: depth(value) };
}

describe("measure", () => {
  it("gives JSON.stringify's UTF-8 bytes and the depth of any JSON value, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), (value) => {
        expect(measure(value, unlimited)).toEqual(expected(value));
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  it("writes what JSON.stringify leaves out, or writes as null, as it does", () => {
    const value = {
      a: undefined,
      f: () => 1,
      list: [undefined, () => 1, Symbol("s")],
      n: Number.NaN,
      i: -Infinity,
    };
    expect(measure(value, unlimited)).toEqual({
      bytes: Buffer.byteLength(JSON.stringify(value)),
      depth: 2,
    });
  });

  it("stops at its limits: past the bytes, past the depth, on a cycle, and on 2^40 shared parts", () => {
    expect(measure({ a: "12345" }, { bytes: 13, depth: 9 })).toEqual({ bytes: 13, depth: 1 });
    expect(measure({ a: "12345" }, { bytes: 12, depth: 9 })).toBe("too_large");
    expect(measure([[[]]], { bytes: 99, depth: 3 })).toEqual({ bytes: 6, depth: 3 });
    expect(measure([[[]]], { bytes: 99, depth: 2 })).toBe("too_deep");
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(measure(cycle, { bytes: Infinity, depth: 1000 })).toBe("too_deep");
    let shared: unknown = 1;
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    // Without a memo, the bytes' limit bounds the walk; with one, each shared part is measured once.
    expect(measure(shared, { bytes: 1e6, depth: 1000 })).toBe("too_large");
    // 2^40 times "1", and "[", "," and "]" for each of the 2^40 - 1 arrays.
    expect(measure(shared, unlimited, new Map())).toEqual({ bytes: 2 ** 40 + 3 * (2 ** 40 - 1), depth: 40 });
  });
});

describe("write with sizes", () => {
  it("works out the shapes of the objects it copies without walking them", () => {
    const memo = new Map<object, DataShape>();
    const data = { input: { big: "x".repeat(1000) }, a: { b: 1 } };
    measure(data, unlimited, memo);
    const copied = { members: 0 };
    const written = write(data, compilePath("$.a.c"), [true], {
      memo,
      limits: unlimited,
      copied,
    }) as typeof data;
    expect(memo.get(written)).toEqual(expected(written));
    // The data's two members, then a's one: each object on the path is copied with its members.
    expect(copied).toEqual({ members: 3 });
    expect(memo.get(written.a)).toEqual({ bytes: 18, depth: 2 }); // {"b":1,"c":[true]}
  });

  const paths = ["$", "$.a", "$.b", "$.a.b", "$.a.c.d", "$.__proto__", "$.list[0]", "$.list[1].x"].map(
    compilePath,
  );
  const step = fc.record({ path: fc.constantFrom(...paths), value: fc.jsonValue({ maxDepth: 3 }) });

  it("records for each object it makes the shape measuring it afresh gives", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const memo = new Map<object, DataShape>();
        const sizes = { memo, limits: unlimited, copied: { members: 0 } };
        let data: unknown = { list: [1, { x: "y" }], a: { keep: [1, 2] } };
        measure(data, unlimited, memo);
        for (const { path, value } of steps) {
          try {
            data = write(data, path, value, sizes);
          } catch {
            continue; // a ResultPath through a non-object
          }
          // The shape `write` recorded (or the walk from the objects it knows) is the value's own.
          expect(measure(data, unlimited, memo)).toEqual(expected(data));
        }
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});
