import { describe, expect, it } from "vitest";
import { previewOf } from "../../src/model/json.js";

describe("previewOf", () => {
  it("is a value's JSON type and JSON text", () => {
    expect(previewOf({ a: [1, "x", null, true] })).toEqual({
      type: "object",
      text: '{"a":[1,"x",null,true]}',
    });
    expect(previewOf([])).toEqual({ type: "array", text: "[]" });
    expect(previewOf("GET")).toEqual({ type: "string", text: '"GET"' });
    expect(previewOf(2.5)).toEqual({ type: "number", text: "2.5" });
  });

  it("cuts the text at 80 characters, however long or deep the value", () => {
    expect(previewOf("x".repeat(10_000_000))).toEqual({ type: "string", text: `"${"x".repeat(79)}…` });
    expect(previewOf(Array(1_000_000).fill(1))).toEqual({ type: "array", text: `[${"1,".repeat(39)}1…` });
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(previewOf(deep)).toEqual({ type: "object", text: `${'{"a":'.repeat(16)}…` });
  });

  it("names the own members of an object, __proto__ included", () => {
    expect(previewOf(JSON.parse('{"__proto__": 1, "constructor": 2}'))).toEqual({
      type: "object",
      text: '{"__proto__":1,"constructor":2}',
    });
  });
});
