/**
 * Hostile values: nesting far deeper than any call stack, huge strings, 150,000 placeholders in one string,
 * prototype names, numbers at the edges of doubles and of JSON text, thousands of states. Deep values are JSON
 * text (see json.ts).
 */
import { JsonText, objectOf } from "./json.js";
import type { Rng } from "./random.js";

/** A hostile value, what it is for people (with its size), and the tag failures it causes are grouped by. */
export interface Hostile {
  readonly tag: string;
  readonly label: string;
  readonly value: unknown;
}

const hostile = (tag: string, size: string, value: unknown): Hostile => ({
  tag,
  label: size ? `${tag} (${size})` : tag,
  value,
});
const count = (n: number): string => n.toLocaleString("en-US");

/** Names JavaScript objects inherit (or that reach the prototype), as keys, values and `.$` keys. */
export const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "isPrototypeOf",
] as const;

/** Numbers at the edges: of doubles, of safe integers, and JSON text a double cannot hold. NaN is not JSON. */
const EXTREME_NUMBERS: readonly unknown[] = [
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -(2 ** 53),
  2 ** 31,
  -(2 ** 31) - 1,
  1e21,
  0.1,
  1e-7,
  new JsonText("-0"),
  new JsonText("1e400"),
  new JsonText("-1e400"),
  new JsonText("1e-400"),
  new JsonText("9".repeat(450)),
  new JsonText("-" + "1".repeat(450)),
  new JsonText("0." + "0".repeat(448) + "1"),
  new JsonText("1" + "0".repeat(449) + ".5"),
];

const deepLevels = (rng: Rng): number => rng.size(1_000, 100_000);

/**
 * `levels` wrappings of `core` in `open` … `close`, written as text: any depth at once, no recursion. The
 * outermost wrapping may differ (to carry a `Next`, say).
 */
function nestedText(levels: number, core: string, open: string, close: string, outermost = { open, close }) {
  return new JsonText(
    outermost.open + open.repeat(levels - 1) + core + close.repeat(levels - 1) + outermost.close,
  );
}

/** `open` (text starting with "{") with a `Next` member first. */
const withNext = (open: string, next: string): string => `{"Next":${JSON.stringify(next)},${open.slice(1)}`;

export function deepObjects(rng: Rng): Hostile {
  const levels = deepLevels(rng);
  const key = rng.pick(["a", "States", "Parameters", "Iterator", "__proto__", "x.$", "0"]);
  const value = nestedText(levels, "{}", `{${JSON.stringify(key)}:`, "}");
  return hostile(`deep objects under "${key}"`, `${count(levels)} levels`, value);
}

export function deepArrays(rng: Rng): Hostile {
  const levels = deepLevels(rng);
  return hostile("deep arrays", `${count(levels)} levels`, nestedText(levels, "[]", "[", "]"));
}

const STRING_RULE = JSON.stringify({ Variable: "$.input.x", StringEquals: "a" });

/** A Choice rule: `Not` of `Not` of … a StringEquals. */
export function deepNotRule(rng: Rng, next: string): Hostile {
  const levels = deepLevels(rng);
  const open = '{"Not":';
  const rule = nestedText(levels, STRING_RULE, open, "}", { open: withNext(open, next), close: "}" });
  return hostile("deep Not rules", `${count(levels)} levels`, rule);
}

/** A Choice rule: `And` of `Or` of `And` of … one rule each. */
export function deepAndOrRule(rng: Rng, next: string): Hostile {
  const pairs = Math.ceil(deepLevels(rng) / 2);
  const open = '{"And":[{"Or":[';
  const rule = nestedText(pairs, STRING_RULE, open, "]}]}", { open: withNext(open, next), close: "]}]}" });
  return hostile("deep And/Or rules", `${count(pairs * 2)} levels`, rule);
}

const MAP_OPEN = '{"Type":"Map","ItemsPath":"$.input.items","Iterator":{"StartAt":"Item","States":{"Item":';
const MAP_END = '}},"End":true}';

/** A Map state whose Iterator's only state is a Map state whose Iterator's … Continues to `next`, or ends. */
export function deepMapState(rng: Rng, next: string | undefined): Hostile {
  const levels = deepLevels(rng);
  const outermostClose = next === undefined ? MAP_END : `}},"Next":${JSON.stringify(next)}}`;
  const state = nestedText(levels, '{"Type":"Pass","End":true}', MAP_OPEN, MAP_END, {
    open: MAP_OPEN,
    close: outermostClose,
  });
  return hostile("deep Map iterators", `${count(levels)} levels`, state);
}

/** Parameters nested in objects, with a reference at the bottom. */
export function deepParameters(rng: Rng): Hostile {
  const levels = deepLevels(rng);
  const key = rng.pick(["nested", "__proto__", "a.$", "constructor"]);
  const value = nestedText(levels, '{"value.$":"$.input"}', `{${JSON.stringify(key)}:`, "}");
  return hostile(`deep Parameters under "${key}"`, `${count(levels)} levels`, value);
}

const STRING_PATTERNS: readonly (readonly [name: string, unit: string])[] = [
  ["letters", "x"],
  ["path steps", ".a"],
  ["path indexes", "[0]"],
  ["unclosed placeholders", "{{"],
  ["lone surrogates", "\ud800"],
  ["name parts", "zis:"],
  ["non-ASCII", "é😀"],
  ["backslashes", "\\"],
];

export function hugeString(rng: Rng): Hostile {
  const [name, unit] = rng.pick(STRING_PATTERNS);
  const length = rng.size(10_000, 4_000_000);
  const text = (unit === ".a" || unit === "[0]" ? "$" : "") + unit.repeat(Math.ceil(length / unit.length));
  return hostile(`huge string of ${name}`, `${count(text.length)} chars`, text);
}

/** One string of 150,000 (or fewer) `{{…}}` placeholders. */
export function placeholders(rng: Rng): Hostile {
  const placeholder = rng.pick([
    "{{$.x}}",
    "{{$.input.ticket_event.ticket.id}}",
    "{{$}}",
    "{{{{$.x}}}}",
    "{{$.__proto__}}",
  ]);
  const times = rng.chance(0.5) ? 150_000 : rng.size(1_000, 150_000);
  return hostile(`placeholders ${placeholder}`, `${count(times)}×`, placeholder.repeat(times));
}

function wideObject(rng: Rng): Hostile {
  const keys = rng.size(10_000, 200_000);
  const value = objectOf(Array.from({ length: keys }, (_, i) => [`k${i}`, i % 3 === 0 ? {} : i] as const));
  return hostile("wide object", `${count(keys)} keys`, value);
}

export function wideArray(rng: Rng): Hostile {
  const length = rng.size(10_000, 300_000);
  return hostile(
    "wide array",
    `${count(length)} items`,
    Array.from({ length }, (_, i) => (i % 2 ? [] : i)),
  );
}

const CHAIN_KINDS = ["Jq", "Pass", "Choice", "Wait", "mixed"] as const;

/** A state machine of 1,000–8,000 states, each continuing to the next, ending in Succeed. */
export function stateChain(rng: Rng): Hostile {
  const length = rng.chance(0.3) ? 8_000 : rng.size(1_000, 8_000);
  const kind = rng.pick(CHAIN_KINDS);
  const last = `S${length - 1}`;
  const states: [string, unknown][] = [];
  for (let i = 0; i < length - 1; i++) {
    const next = `S${i + 1}`;
    const stateKind = kind === "mixed" ? CHAIN_KINDS[i % 4]! : kind;
    states.push([`S${i}`, chainState(stateKind, i, next, last)]);
  }
  states.push([last, { Type: "Succeed" }]);
  return hostile(`chain of ${kind} states`, `${count(length)} states`, {
    StartAt: "S0",
    States: objectOf(states),
  });
}

function chainState(kind: (typeof CHAIN_KINDS)[number], i: number, next: string, last: string): unknown {
  switch (kind) {
    case "Jq":
      return {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { expr: ".", "data.$": "$.input" },
        ResultPath: `$.r${i}`,
        Next: next,
      };
    case "Choice":
      return {
        Type: "Choice",
        Choices: [{ Variable: "$.input.x", NumericEquals: i, Next: last }],
        Default: next,
      };
    case "Wait":
      return { Type: "Wait", Seconds: 1, Next: next };
    default:
      return { Type: "Pass", Result: i, ResultPath: `$.r${i}`, Next: next };
  }
}

export function extremeNumber(rng: Rng): Hostile {
  const value = rng.pick(EXTREME_NUMBERS);
  return hostile(
    "extreme number",
    value instanceof JsonText ? value.text.slice(0, 24) : String(value),
    value,
  );
}

/** An object whose keys are all prototype names. */
export function prototypeObject(rng: Rng): Hostile {
  const value = objectOf(
    PROTOTYPE_NAMES.map((name) => [name, rng.pick([{}, null, "x", 1, [], { polluted: true }])]),
  );
  return hostile("object of prototype names", "", value);
}

/** Any of the hostile values that fit anywhere. */
export function anyHostile(rng: Rng): Hostile {
  return rng.weighted<(rng: Rng) => Hostile>([
    [3, deepObjects],
    [3, deepArrays],
    [3, hugeString],
    [2, placeholders],
    [1, wideObject],
    [1, wideArray],
    [3, extremeNumber],
    [2, prototypeObject],
  ])(rng);
}
