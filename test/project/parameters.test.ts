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
    // Neither known: which characters are whose cannot be told, and any split gives the same file.
    const guessed = readMarkedParameters({ a: `${m("URL")}${m("TOKEN")}` }, { a: "https://h/abc" }, markers)!;
    expect(guessed["URL"]! + guessed["TOKEN"]!).toBe("https://h/abc");
  });

  it("reads a value exactly from a string where it is the one unknown, whatever the order of the strings", () => {
    // BASE_URL holds "/", the text after it in the first string: read first, a first-"/" guess would be wrong.
    const first = { a: `${m("URL")}/${m("TOKEN")}/tickets`, b: `${m("URL")}/health` };
    const text = { a: "https://h.example/t1/tickets", b: "https://h.example/health" };
    const expected = { TOKEN: "t1", URL: "https://h.example" };
    expect(readMarkedParameters(first, text, markers)).toEqual(expected);
    const second = { b: `${m("URL")}/health`, a: `${m("URL")}/${m("TOKEN")}/tickets` };
    expect(readMarkedParameters(second, { b: text.b, a: text.a }, markers)).toEqual(expected);
  });

  it("guesses where two unknowns stand in every string, trying each place the text after one could start", () => {
    // Only a → URL="https://h/x", TOKEN="y/z" makes b hold too; the first "/" (or "/z") would not.
    const template = { a: `${m("URL")}/${m("TOKEN")}`, b: `${m("TOKEN")}|${m("URL")}` };
    const text = { a: "https://h/x/y/z", b: "y/z|https://h/x" };
    expect(readMarkedParameters(template, text, markers)).toEqual({ TOKEN: "y/z", URL: "https://h/x" });
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
