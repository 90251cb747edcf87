import { describe, expect, it } from "vitest";
import { parameterMarkers, readMarkedParameters } from "../../src/project/parameters.js";

const markers = parameterMarkers(["INTEGRATION", "URL", "TOKEN"]);
const m = (name: string): string => markers.get(name)!;

describe("readMarkedParameters", () => {
  it("reads each value where its marker stands, in keys and values, whole or inside text", () => {
    const expected = {
      name: `zis:${m("INTEGRATION")}:flow:F`,
      url: m("URL"),
      [`${m("INTEGRATION")}_settings`]: [`Bearer ${m("TOKEN")}`],
      plain: "no marker",
    };
    const actual = {
      name: "zis:acme:flow:F",
      url: "https://hooks.example.com/a?b=c",
      acme_settings: ["Bearer s3cr:et"],
      plain: "not compared here",
    };
    expect(readMarkedParameters(expected, actual, markers)).toEqual({
      INTEGRATION: "acme",
      TOKEN: "s3cr:et",
      URL: "https://hooks.example.com/a?b=c",
    });
  });

  it("reads two markers side by side once one of them is known from elsewhere", () => {
    const expected = { a: `${m("URL")}${m("TOKEN")}/x`, b: `t=${m("TOKEN")}` };
    expect(readMarkedParameters(expected, { a: "https://h/abc/x", b: "t=abc" }, markers)).toEqual({
      TOKEN: "abc",
      URL: "https://h/",
    });
    // Neither known: which characters are whose cannot be told.
    expect(readMarkedParameters({ a: `${m("URL")}${m("TOKEN")}` }, { a: "https://h/abc" }, markers)).toBe(
      undefined,
    );
  });

  it("takes a marker repeated in one text as one value", () => {
    const expected = { a: `${m("URL")}|${m("URL")}` };
    expect(readMarkedParameters(expected, { a: "x|x" }, markers)).toEqual({ URL: "x" });
    expect(readMarkedParameters(expected, { a: "x|y" }, markers)).toBe(undefined);
  });

  it("is undefined when a parameter would have two values, or the shapes or surroundings differ", () => {
    const expected = { a: `zis:${m("INTEGRATION")}:flow:F`, b: [`zis:${m("INTEGRATION")}:action:A`] };
    expect(readMarkedParameters(expected, { a: "zis:acme:flow:F", b: ["zis:other:action:A"] }, markers)).toBe(
      undefined,
    );
    expect(readMarkedParameters(expected, { a: "zis:acme:flow:F", b: [] }, markers)).toBe(undefined);
    expect(readMarkedParameters(expected, { a: "zis:acme:flow:F", b: "zis:acme:action:A" }, markers)).toBe(
      undefined,
    );
    expect(readMarkedParameters(expected, { a: "zis:acme:job:F", b: ["zis:acme:action:A"] }, markers)).toBe(
      undefined,
    );
    expect(readMarkedParameters(expected, { a: 1, b: ["zis:acme:action:A"] }, markers)).toBe(undefined);
  });

  it("leaves out a parameter whose marker occurs nowhere (the bundle does not use it)", () => {
    expect(readMarkedParameters({ url: m("URL") }, { url: "https://x" }, markers)).toEqual({
      URL: "https://x",
    });
  });

  it("markers are distinct and none holds another (marker 1 is no part of marker 11)", () => {
    const many = parameterMarkers(Array.from({ length: 12 }, (_, i) => `P${i}`));
    const all = [...many.values()];
    expect(new Set(all).size).toBe(12);
    for (const a of all) for (const b of all) if (a !== b) expect(b.includes(a)).toBe(false);
    expect(all.every((marker) => /^[A-Za-z0-9]+$/.test(marker))).toBe(true);
  });
});
