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
  const equations = marked.map(({ template, text }) => ({ pieces: splitTemplate(template, nameOf), text }));
  const values = solve(equations, new Map(), { attempts: MAX_GUESSES });
  return values && Object.fromEntries([...values].sort(([a], [b]) => a.localeCompare(b)));
}

/** A string of the file and the template it must be: literal text and parameters in turn. */
interface Equation {
  readonly pieces: readonly TemplatePiece[];
  readonly text: string;
}

/** How many guessed values the reading may try before it gives up (and the file counts as stale). */
const MAX_GUESSES = 10_000;

/**
 * Values that make every equation hold. A string with one unknown parameter (however often it occurs there) is
 * read exactly, and its value then known in the others; only when every string left has two or more unknowns
 * side by side is a value guessed, each place it could end tried in turn.
 */
function solve(
  equations: readonly Equation[],
  known: ReadonlyMap<string, string>,
  budget: { attempts: number },
): Map<string, string> | undefined {
  const values = new Map(known);
  let pending = equations;
  for (;;) {
    const undecided: Equation[] = [];
    for (const equation of pending) {
      const unknown = unknownsOf(equation, values);
      if (unknown.length === 0) {
        if (render(equation.pieces, values) !== equation.text) return undefined;
      } else if (unknown.length === 1) {
        const value = readOne(equation, unknown[0]!, values);
        if (value === undefined) return undefined;
        values.set(unknown[0]!, value);
      } else undecided.push(equation);
    }
    if (undecided.length === 0) return values;
    if (undecided.length === pending.length) break;
    pending = undecided;
  }
  const [guessed] = [...pending].sort((a, b) => unknownsOf(a, values).length - unknownsOf(b, values).length);
  const name = unknownsOf(guessed!, values)[0]!;
  for (const candidate of candidates(guessed!, name, values)) {
    if (--budget.attempts < 0) return undefined;
    const solved = solve(pending, new Map([...values, [name, candidate]]), budget);
    if (solved) return solved;
  }
  return undefined;
}

/** The parameters of an equation without a value yet, in order of first occurrence. */
function unknownsOf(equation: Equation, values: ReadonlyMap<string, string>): string[] {
  const names = new Set<string>();
  for (const piece of equation.pieces)
    if ("parameter" in piece && !values.has(piece.parameter)) names.add(piece.parameter);
  return [...names];
}

function render(pieces: readonly TemplatePiece[], values: ReadonlyMap<string, string>): string {
  return pieces.map((piece) => ("literal" in piece ? piece.literal : values.get(piece.parameter)!)).join("");
}

/** The value of the one unknown `name` that makes the equation hold: its length is what the literals leave. */
function readOne(equation: Equation, name: string, values: ReadonlyMap<string, string>): string | undefined {
  let literalLength = 0;
  let occurrences = 0;
  for (const piece of equation.pieces) {
    if ("parameter" in piece && piece.parameter === name) occurrences++;
    else literalLength += ("literal" in piece ? piece.literal : values.get(piece.parameter)!).length;
  }
  const left = equation.text.length - literalLength;
  if (left < 0 || left % occurrences !== 0) return undefined;
  const length = left / occurrences;
  let at = 0;
  let value: string | undefined;
  for (const piece of equation.pieces) {
    if ("parameter" in piece && piece.parameter === name) {
      const text = equation.text.slice(at, at + length);
      if (value !== undefined && text !== value) return undefined;
      value = text;
      at += length;
    } else {
      const text = "literal" in piece ? piece.literal : values.get(piece.parameter)!;
      if (!equation.text.startsWith(text, at)) return undefined;
      at += text.length;
    }
  }
  return value;
}

/**
 * Values `name` could have at its first occurrence: from where the text before it ends to each place the
 * literal after it starts (to any place when another unknown follows it).
 */
function* candidates(
  equation: Equation,
  name: string,
  values: ReadonlyMap<string, string>,
): Generator<string> {
  let at = 0;
  let i = 0;
  for (; i < equation.pieces.length; i++) {
    const piece = equation.pieces[i]!;
    if ("parameter" in piece && piece.parameter === name) break;
    const text = "literal" in piece ? piece.literal : values.get(piece.parameter);
    // An unknown before it: where it starts is not known.
    if (text === undefined) return;
    if (!equation.text.startsWith(text, at)) return;
    at += text.length;
  }
  const following = equation.pieces[i + 1];
  const after =
    following === undefined
      ? undefined
      : "literal" in following
        ? following.literal
        : values.get(following.parameter);
  if (following === undefined) yield equation.text.slice(at);
  else if (after === undefined || after === "")
    for (let end = at; end <= equation.text.length; end++) yield equation.text.slice(at, end);
  else
    for (let end = equation.text.indexOf(after, at); end >= 0; end = equation.text.indexOf(after, end + 1))
      yield equation.text.slice(at, end);
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
