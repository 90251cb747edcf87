import { describe, expect, it } from "vitest";
import { excessNesting, MAX_NESTING_DEPTH } from "../../src/model/nesting.js";

describe("excessNesting", () => {
  it("finds nothing in a value within the limit, scalars included", () => {
    expect(excessNesting({ a: [{ b: 1 }] }, 3)).toBeUndefined();
    expect(excessNesting("text")).toBeUndefined();
  });

  it("names the first value past the limit in document order, and the deepest depth", () => {
    const value = { a: [1], b: { c: [[2]], d: [[[3]]] } };
    // b/c/0/0 is at 4; b/d/0/0/0 at 5.
    expect(excessNesting(value, 3)).toEqual({ at: ["b", "c", 0, 0], depth: 5 });
  });

  it("measures 100,000 levels without recursion", () => {
    let value: unknown = 0;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(excessNesting(value)).toEqual({ at: Array(MAX_NESTING_DEPTH + 1).fill(0), depth: 100_000 });
  });

  it("ends on an object that contains itself (which code, not JSON, can make)", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(excessNesting(cyclic)).toBeUndefined();
  });
});
