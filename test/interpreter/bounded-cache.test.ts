import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/interpreter/bounded-cache.js";
import { compilePath } from "../../src/interpreter/data.js";

describe("BoundedCache", () => {
  it("makes a value once while it is kept, and forgets the oldest past its limit", () => {
    const made: string[] = [];
    const cache = new BoundedCache<string, string>(2);
    const get = (key: string) =>
      cache.get(key, (k) => {
        made.push(k);
        return k.toUpperCase();
      });
    expect([get("a"), get("b"), get("a")]).toEqual(["A", "B", "A"]);
    expect(made).toEqual(["a", "b"]);
    expect(get("c")).toBe("C"); // forgets "a", the oldest
    expect([get("b"), get("c"), get("a")]).toEqual(["B", "C", "A"]);
    expect(made).toEqual(["a", "b", "c", "a"]);
  });

  it("keeps nothing for a key whose making threw", () => {
    const cache = new BoundedCache<string, number>(2);
    expect(() =>
      cache.get("bad", () => {
        throw new Error("unmakeable");
      }),
    ).toThrow("unmakeable");
    expect(cache.get("bad", () => 1)).toBe(1);
  });
});

describe("compilePath", () => {
  it("reuses a parsed path, and refuses an invalid one as a harness error", () => {
    const path = compilePath("$.input.ticket_event.ticket.id");
    expect(path).toEqual({
      text: "$.input.ticket_event.ticket.id",
      segments: ["input", "ticket_event", "ticket", "id"],
    });
    expect(compilePath("$.input.ticket_event.ticket.id")).toBe(path);
    expect(() => compilePath("input")).toThrow(/invalid reference path "input"/);
  });
});
