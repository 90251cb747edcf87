/**
 * The own jq engine against jq-wasm (jq 1.8.2 itself): programs generated from the grammar of what the own
 * engine implements, on generated JSON with the values that trip engines up (strings that look like numbers,
 * 1.0, -0, big and tiny numbers, unicode, nulls, nesting). Wherever the own engine answers, both give the
 * same outputs, in the same order with the same key order, or fail with the same message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runOwnJq, runWasmJq } from "../../src/interpreter/jq/index.js";

const KEYS = ["a", "b", "c"];

const TRICKY_STRINGS = [
  "100.00",
  "1.0",
  "1e2",
  "-0",
  "12345",
  "",
  "é😀",
  "a b",
  "A,b",
  "nan",
  " 7",
  "true",
  "a\rb",
  "a\u0000b",
];
const TRICKY_NUMBERS = [0, 1, -3, 1.5, 100, 0.1, 1e16, 0.00001, 123456789012345680, 2 ** 53, -0.5, 1e-7];

const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(...TRICKY_NUMBERS),
  fc.integer({ min: -20, max: 20 }),
  fc.constantFrom(...TRICKY_STRINGS),
  fc.string({ maxLength: 4 }),
);

const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3 }),
  ),
})).value;

const LITERALS = [
  "0",
  "1",
  "2",
  "-1",
  "1.0",
  "100.00",
  "1e2",
  "0.5",
  "1E-7",
  '"a"',
  '"b"',
  '"100.00"',
  '"x,y"',
  "null",
  "true",
  "false",
  "[]",
  "{}",
];

/** Programs of the subset the own engine implements. */
const program: fc.Arbitrary<string> = fc.letrec<{ filter: string; term: string }>((tie) => {
  const f = tie("filter");
  const t = tie("term");
  return {
    term: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(
        ".",
        ".a",
        ".b",
        ".[0]",
        ".[-1]",
        ".[-0.5]",
        ".[1.5]",
        ".[1:]",
        ".[:2]",
        ".[]?",
        "..",
        ".a?",
        "$x",
      ),
      fc.constantFrom(...LITERALS),
      fc.constantFrom(
        "length",
        "keys",
        "tostring",
        "tonumber",
        "type",
        "add",
        "sort",
        "unique",
        "reverse",
        "tojson",
        "ascii_downcase",
        "not",
        "to_entries",
        "any",
        "all",
        "min",
        "max",
        "flatten",
        "floor",
        "abs",
        "values",
        "arrays",
        "objects",
        "strings",
        "numbers",
        "paths",
        "first",
        "last",
        "keys_unsorted",
        'ltrimstr("1")',
        'startswith("a")',
        'split(",")',
        'join(",")',
        'has("a")',
        "has(0)",
        "has(-0.5)",
        'test("a")',
        "explode",
        "tostream",
        "fromstream(tostream)",
        "fromstream(.[]?)",
        "(. as $v | [1 | truncate_stream($v | tostream)])",
        "[truncate_stream(.[]?)]",
        "del(.a)",
        'getpath(["a",0])',
        'indices("a")',
        "@text",
        "@json",
        "@csv?",
        "@html",
        "@base64",
        "from_entries?",
        "trim?",
        "utf8bytelength?",
        "isempty(.[]?)",
        "todate",
        "gmtime",
        "gmtime | mktime",
        'strftime("%c %e %j %A %p %I")',
        "fromdate",
        "@uri",
        "@urid",
        "ascii_upcase",
        "@sh",
        "@tsv",
        "implode",
        'splits("a")',
        'sub("a"; "b")',
        'gsub("[ab]"; "c")',
        'test("^a")',
        'capture("(?<x>a)")',
        "tojson | fromjson",
        "bsearch(1)",
        "@base64d",
        "transpose",
        "empty",
        'error("e")',
        "nan",
        "[range(1.0; 3)]",
        "[limit(3; repeat(. + 1)?)]",
        '. as [$p, {(.a? // "b"): $q}] | [$p, $q]',
        "delpaths([[-1], [0, -1]])?",
        'test("a.b")?',
        "[.[]? | numbers] | sort",
        "contains(.)",
        'contains("a")?',
        "pow(.; 2)?",
        "pow(2; .)?",
        "log2?",
        "exp10?",
        "isnan",
        "-. | tojson?",
        "@sh?",
      ),
      t.map((x) => `(${x})`),
      f.map((x) => `[${x}]`),
      fc.tuple(fc.constantFrom(...KEYS), f).map(([k, v]) => `{${k}: (${v})}`),
      f.map((x) => `"s\\(${x})e"`),
      f.map((x) => `map(${x})`),
      f.map((x) => `select(${x})`),
      f.map((x) => `sort_by(${x})`),
      f.map((x) => `group_by(${x})`),
      f.map((x) => `with_entries(${x})`),
      f.map((x) => `first(${x})`),
      f.map((x) => `last(${x})`),
      f.map((x) => `[limit(2; ${x})]`),
      f.map((x) => `try (${x}) catch .`),
      f.map((x) => `path(${x})`),
      f.map((x) => `del(${x})`),
      f.map((x) => `[paths(${x})]`),
      f.map((x) => `any(${x}; .)`),
      fc.tuple(f, f, f).map(([c, a, b]) => `if ${c} then ${a} else ${b} end`),
      fc.tuple(f, f).map(([s, u]) => `reduce (${s}) as $y (0; ${u})`),
      fc.tuple(f, f).map(([s, u]) => `[foreach (${s}) as $y (null; ${u})]`),
    ),
    filter: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      t,
      t,
      fc.tuple(t, t).map(([a, b]) => `${a} | ${b}`),
      fc.tuple(t, t).map(([a, b]) => `${a}, ${b}`),
      fc
        .tuple(t, fc.constantFrom("+", "-", "*", "/", "%", "==", "!=", "<", ">=", "and", "or", "//"), t)
        .map(([a, op, b]) => `${a} ${op} ${b}`),
      fc
        .tuple(
          fc.constantFrom(".a", ".[0]", ".[-1.5]", ".b.c", ".[]?"),
          fc.constantFrom("=", "|=", "+=", "//="),
          t,
        )
        .map(([p, op, v]) => `${p} ${op} ${v}`),
      t.map((x) => `${x}?`),
      t.map((x) => `-${x}`),
      fc.tuple(t, t).map(([a, b]) => `${a} as $z | ${b}`),
    ),
  };
}).filter;

/** What the Jq action would see of a run: outputs as JSON text (key order included), or jq's message. */
function observed(outcome: { ok: true; outputs: unknown[] } | { ok: false; message: string }): string {
  return outcome.ok ? outcome.outputs.map((v) => JSON.stringify(v)).join("\n") : `error: ${outcome.message}`;
}

/**
 * Runs `program` on `input` with the own engine and, where it answers, checks jq-wasm's answer is the same.
 * Whether the own engine answered.
 */
async function answersAsJq(program: string, input: unknown): Promise<boolean> {
  const own = runOwnJq(program, input);
  if (own === "unsupported") return false;
  expect(observed(own), `${program} on ${JSON.stringify(input)}`).toBe(
    observed(await runWasmJq(program, input)),
  );
  return true;
}

/** A fixed seed, so that CI runs the same cases; ZISFLOW_JQ_SEED explores others. */
const SEED = Number(process.env["ZISFLOW_JQ_SEED"] ?? 20261206);

describe("the own jq engine answers as jq 1.8.2 (jq-wasm) does", () => {
  it("on generated programs and inputs", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(program, json, async (body, input) => {
        if (await answersAsJq(`1 as $x | ${body}`, input)) compared++;
      }),
      { numRuns: 1500, seed: SEED },
    );
    // The generator is there to exercise the own engine: most programs must be its to answer.
    expect(compared).toBeGreaterThan(1000);
  }, 120_000);

  it("on sub and gsub (a native of the own engine, a jq definition in jq): patterns, replacements, flags", async () => {
    const subject = fc.oneof(
      fc.constantFrom("a, b,c", "abcabc", "", " 12 ", "aaa", "é😀a", "x\ny", "AbA"),
      fc.stringMatching(/^[ab ,0-9]{0,6}$/),
      scalar,
    );
    const pattern = fc.constantFrom(
      '"a"',
      '", *"',
      '"(?<x>.)"',
      '"(?<x>a)|(?<y>b)"',
      '""',
      '"^"',
      '"$"',
      '"\\s+"',
      "1",
    );
    const replacement = fc.constantFrom(
      '"-"',
      '""',
      '"\\(.x)!"',
      '"\\(.x // "?")"',
      '("1", "2")',
      "empty",
      ".x",
      "1",
      "null",
      '(.x | ascii_upcase?) // "u"',
    );
    const flags = fc.constantFrom("", ', "g"', ', "gi"', ', "x"', ', "n"', ', ("g", "i")', ", null");
    // Each step of jq's definition, on purpose: unnamed groups before named ones, several outputs of the
    // replacement (later matches then add to fewer results), no match, an empty match, a non-string insert.
    for (const [program, input] of [
      ['[sub("(.)(?<x>.)"; "\\(.x)!")]', "abc"],
      ['[gsub("(?<x>a)"; "1", "22", "333")]', "banana"],
      ['[gsub("(?<x>[ab])"; if .x == "a" then "A", "á" else "B" end)]', "abab"],
      ['[gsub("z"; "-")]', "abc"],
      ['[gsub(""; "-")]', "ab"],
      ['[sub("a"; 1)]', "abc"],
      ['[gsub("a"; null)]', "abc"],
      ['[sub("(?<x>a)"; .x; "g", "i")]', "AaA"],
    ] as const)
      expect(await answersAsJq(program, input), program).toBe(true);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("sub", "gsub"),
        pattern,
        replacement,
        flags,
        subject,
        async (name, re, str, mode, input) => {
          if (await answersAsJq(`[${name}(${re}; ${str}${mode})]`, input)) compared++;
        },
      ),
      { numRuns: 600, seed: SEED },
    );
    expect(compared).toBeGreaterThan(300);
  }, 120_000);

  it("on base64 of arbitrary bytes, decoded by @base64d as jq reads bad UTF-8", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 9 }), async (bytes) => {
        const input = Buffer.from(bytes).toString("base64");
        expect(await answersAsJq("@base64d | explode", input), input).toBe(true);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it("on dates: seconds and broken-down times through gmtime, mktime, strftime and back", async () => {
    const seconds = fc.oneof(
      fc.integer({ min: -30610224000, max: 253402300799 }),
      fc.double({ min: -30610224000, max: 253402300799, noNaN: true }),
      fc.integer({ min: -1e8, max: 1e8 }).map((milliseconds) => milliseconds / 1000),
    );
    const field = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 28 }), weight: 4 },
      { arbitrary: fc.integer({ min: -40, max: 400 }), weight: 1 },
      { arbitrary: fc.double({ min: -3, max: 70, noNaN: true }), weight: 1 },
    );
    const broken = fc.tuple(
      fc.integer({ min: 1000, max: 9999 }),
      fc.array(field, { minLength: 0, maxLength: 7 }),
    );
    // Each on its own, so that one the own engine leaves to jq-wasm does not hide another.
    const programs = [
      "gmtime",
      "todate",
      "gmtime | mktime",
      "todate | fromdate",
      "mktime",
      'strftime("%Y %m %d %e %H %I %M %S %j %y %C %a %A %b %h %B %p %u %w %T %R %F %D %c %n %t %%")',
    ];
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          seconds,
          broken.map(([y, rest]) => [y, ...rest]),
        ),
        async (input) => {
          for (const program of programs) if (await answersAsJq(program, input)) compared++;
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    expect(compared).toBeGreaterThan(1200);
  });

  it("on arbitrary JSON: whole-value programs, streams included", async () => {
    const programs = [
      "[tostream]",
      "fromstream(tostream)",
      "[fromstream(.[]?)]",
      ". as $v | [1 | truncate_stream($v | tostream)]",
      "[truncate_stream(.[]?)]",
      "[paths]",
      "[..] | length",
      "tojson",
      "tostring",
      "[.[]?] | sort",
      "walk(.)",
      "del(.. | nulls?)",
      "[paths(scalars)]",
      "tojson | fromjson",
      "@json",
    ];
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(...programs),
        async (input, program) => {
          if (await answersAsJq(program, input)) compared++;
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
    expect(compared).toBeGreaterThan(1000);
  });
});
