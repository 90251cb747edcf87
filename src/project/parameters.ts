import { isPlainObject } from "../model/json.js";

/**
 * Build parameters a file was built with but whose values the check was not given (nor were they recorded: the
 * manifest keeps names only). The module is compiled with a marker text as each one's value; each marker is
 * then matched against the text at the same place in the file, which yields the value the file was built with.
 * Markers are made of letters and digits only, so no renderer escapes or splits them.
 */
export function parameterMarkers(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((name, i) => [name, `zisflowParameterMarker${i}x${names.length}`]));
}

/**
 * The value each marked parameter has in `actual`, read where `expected` (the same module compiled with the
 * markers as values) holds its marker; `undefined` when the two differ in shape, a marker's surroundings do not
 * match, or one parameter would have two values. A parameter whose marker occurs nowhere is left out (the
 * bundle does not use it). Only reads: whether the file is exactly the build with these values is for the
 * caller to check, by compiling with them.
 */
export function readMarkedParameters(
  expected: unknown,
  actual: unknown,
  markers: ReadonlyMap<string, string>,
): Record<string, string> | undefined {
  const marked: Array<{ readonly template: string; readonly text: string }> = [];
  if (!collectMarkedStrings(expected, actual, [...markers.values()], marked)) return undefined;
  const nameOf = new Map([...markers].map(([name, marker]) => [marker, name]));
  const values = new Map<string, string>();
  // A string with two markers side by side can only be read once one of them is known from elsewhere.
  let pending = marked;
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const string of pending) {
      const read = readTemplate(splitTemplate(string.template, nameOf), string.text, values);
      if (read === "mismatch") return undefined;
      if (read === "ambiguous") next.push(string);
    }
    if (next.length === pending.length) return undefined;
    pending = next;
  }
  return Object.fromEntries([...values].sort(([a], [b]) => a.localeCompare(b)));
}

/** Pairs each string of `expected` holding a marker with the string at its place in `actual` (keys included). */
function collectMarkedStrings(
  expected: unknown,
  actual: unknown,
  markers: readonly string[],
  into: Array<{ readonly template: string; readonly text: string }>,
): boolean {
  const hasMarker = (text: string) => markers.some((marker) => text.includes(marker));
  if (typeof expected === "string") {
    if (!hasMarker(expected)) return true;
    if (typeof actual !== "string") return false;
    into.push({ template: expected, text: actual });
    return true;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false;
    return expected.every((item, i) => collectMarkedStrings(item, actual[i], markers, into));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    const expectedKeys = Object.keys(expected);
    const actualKeys = Object.keys(actual);
    if (expectedKeys.length !== actualKeys.length) return false;
    return expectedKeys.every(
      (key, i) =>
        collectMarkedStrings(key, actualKeys[i], markers, into) &&
        collectMarkedStrings(expected[key], actual[actualKeys[i]!], markers, into),
    );
  }
  return true;
}

type TemplatePiece = { readonly literal: string } | { readonly parameter: string };

/** `a<marker>b` as literal `a`, parameter, literal `b`. */
function splitTemplate(template: string, nameOf: ReadonlyMap<string, string>): TemplatePiece[] {
  const pattern = new RegExp([...nameOf.keys()].join("|"), "g");
  const pieces: TemplatePiece[] = [];
  let at = 0;
  for (const match of template.matchAll(pattern)) {
    pieces.push({ literal: template.slice(at, match.index) });
    pieces.push({ parameter: nameOf.get(match[0])! });
    at = match.index + match[0].length;
  }
  pieces.push({ literal: template.slice(at) });
  return pieces;
}

/**
 * Reads the parameters' values off `text`, recording new ones in `values`. Known values are text like the
 * literals; an unknown value runs to the first occurrence of the literal after it (the last to the literal ending
 * the text). A wrong guess cannot pass the caller's exact comparison, so it only costs a "stale".
 */
function readTemplate(
  template: readonly TemplatePiece[],
  text: string,
  values: Map<string, string>,
): "read" | "ambiguous" | "mismatch" {
  const pieces: TemplatePiece[] = [];
  for (const piece of template) {
    const literal = "literal" in piece ? piece.literal : values.get(piece.parameter);
    const previous = pieces.at(-1);
    if (literal === undefined) pieces.push(piece);
    else if (literal === "") continue;
    else if (previous !== undefined && "literal" in previous)
      pieces[pieces.length - 1] = { literal: previous.literal + literal };
    else pieces.push({ literal });
  }
  const found = new Map<string, string>();
  let at = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if ("literal" in piece) {
      if (!text.startsWith(piece.literal, at)) return "mismatch";
      at += piece.literal.length;
      continue;
    }
    const known = found.get(piece.parameter);
    if (known !== undefined) {
      if (!text.startsWith(known, at)) return "mismatch";
      at += known.length;
      continue;
    }
    const following = pieces[i + 1];
    let end: number;
    if (following === undefined) end = text.length;
    else if (!("literal" in following)) return "ambiguous";
    else if (i + 2 === pieces.length) {
      end = text.length - following.literal.length;
      if (end < at || !text.endsWith(following.literal)) return "mismatch";
    } else {
      end = text.indexOf(following.literal, at);
      if (end < 0) return "mismatch";
    }
    found.set(piece.parameter, text.slice(at, end));
    at = end;
  }
  if (at !== text.length) return "mismatch";
  for (const [name, value] of found) values.set(name, value);
  return "read";
}
