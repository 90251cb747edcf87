/**
 * The validator on hostile input (issue 14). Whatever JSON it gets, `validateBundle` returns findings of the
 * documented shape and never throws: mutations of the corpus and example bundles and random JSON, with fixed
 * seeds; then each defect the fuzz campaign found, with the exact finding it must give now.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateBundle } from "../../src/compiler/validate.js";
import {
  DIAGNOSTICS,
  findingMessage,
  type DiagnosticCode,
  type Finding,
} from "../../src/model/diagnostics.js";
import { isPlainObject, PREVIEW_LENGTH } from "../../src/model/json.js";
import { MAX_NESTING_DEPTH } from "../../src/model/nesting.js";
import { parsePointer } from "../../src/model/pointer.js";
import { structureFindings } from "../../src/model/rules/index.js";
import {
  CORPUS_DIR,
  corpusBundleFiles,
  ROOT,
  SHARED_AVAILABLE,
  SHARED_SKIP_REASON,
} from "../support/shared.js";

/** Hostile bundles are shapes no type describes. */
type Raw = any;

const FLOW = "/resources/F/properties/definition";
const JQ = "zis:common:transform:Jq";

/** A bundle whose one flow "F" has `states` (the first is StartAt), started by a job spec. */
function bundleWith(states: Record<string, Raw>, resources: Record<string, Raw> = {}): Raw {
  return {
    name: "hostile",
    zis_template_version: "2019-10-14",
    resources: {
      F: {
        type: "ZIS::Flow",
        properties: { name: "F", definition: { StartAt: Object.keys(states)[0], States: states } },
      },
      J: {
        type: "ZIS::JobSpec",
        properties: {
          name: "J",
          event_source: "support",
          event_type: "ticket.TicketCreated",
          flow_name: "zis:acme:flow:F",
        },
      },
      ...resources,
    },
  };
}

/** `levels` arrays, each the only element of the one around it, with 0 innermost. */
function nestedArrays(levels: number): Raw {
  let value: Raw = 0;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** `levels` objects, each the only member `key` of the one around it, with 0 innermost. */
function nestedObjects(levels: number, key: string): Raw {
  let value: Raw = 0;
  for (let i = 0; i < levels; i++) value = { [key]: value };
  return value;
}

/** A Choice state whose rule is a comparison inside `levels` Nots. */
function notChain(levels: number): Raw {
  let rule: Raw = { Variable: "$.input.ticket_event.ticket.status", StringEquals: "open" };
  for (let i = 0; i < levels; i++) rule = { Not: rule };
  return bundleWith({
    C: { Type: "Choice", Choices: [{ ...rule, Next: "Done" }], Default: "Done" },
    Done: { Type: "Succeed" },
  });
}

/** A flow of `levels` Map states, each the only state of the iterator around it. */
function mapChain(levels: number): Raw {
  let machine: Raw = { StartAt: "S", States: { S: { Type: "Succeed" } } };
  for (let i = 0; i < levels; i++)
    machine = {
      StartAt: "M",
      States: { M: { Type: "Map", ItemsPath: "$.input.items", Iterator: machine, End: true } },
    };
  return bundleWith(machine.States);
}

/** `count` Jq states in a chain, each reading `reads(i)` and writing at `writes(i)` (no ResultPath: "$"). */
function jqChain(
  count: number,
  reads: (i: number) => string,
  writes: (i: number) => string | undefined,
): Raw {
  const states: Record<string, Raw> = {};
  for (let i = 0; i < count; i++) {
    const resultPath = writes(i);
    states[`S${i}`] = {
      Type: "Action",
      ActionName: JQ,
      Parameters: { expr: ".", "data.$": reads(i) },
      ...(resultPath === undefined ? {} : { ResultPath: resultPath }),
      ...(i === count - 1 ? { End: true } : { Next: `S${i + 1}` }),
    };
  }
  return bundleWith(states);
}

/** Sets an own member, also one named "__proto__" (an assignment would set the prototype instead). */
function setMember(object: Raw, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

const nestingFinding = (pointer: string, depth: number): Finding => ({
  code: "nesting_too_deep",
  severity: "error",
  path: pointer,
  data: { limit: MAX_NESTING_DEPTH, depth },
});

// ---- The documented shape ----------------------------------------------------------------------------------

/** Codes whose pointer may name a member that is absent: where the missing thing belongs. */
const MAY_NAME_ABSENT_MEMBER: readonly DiagnosticCode[] = [
  "missing_property",
  "missing_action_parameter",
  "action_parameter_not_passed",
  "action_path_parameter_not_passed",
  "action_target_parameter_not_passed",
];

/** Why `finding`'s pointer does not resolve in `input`, or undefined when it does. */
function pointerProblem(input: unknown, finding: Finding): string | undefined {
  const segments = parsePointer(finding.path);
  let current = input;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= current.length)
        return `no index ${segment} at step ${i}`;
      current = current[Number(segment)];
    } else if (isPlainObject(current)) {
      if (!Object.hasOwn(current, segment))
        return last && MAY_NAME_ABSENT_MEMBER.includes(finding.code) ? undefined : `no member ${segment}`;
      current = current[segment];
    } else return `a ${typeof current} has no member ${segment}`;
  }
  return undefined;
}

/** Every finding has a catalogue code and its severity, a pointer into `input`, and a message. */
function expectWellFormed(input: unknown, findings: readonly Finding[]): void {
  const malformed = findings.flatMap((finding) => {
    const problems = [
      Object.hasOwn(DIAGNOSTICS, finding.code) ? undefined : "unknown code",
      DIAGNOSTICS[finding.code]?.severity === finding.severity ? undefined : "wrong severity",
      pointerProblem(input, finding),
      typeof findingMessage(finding) === "string" ? undefined : "no message",
      typeof JSON.stringify(finding.data) === "string" ? undefined : "data is not JSON",
    ].filter((problem) => problem !== undefined);
    return problems.length > 0 ? [`${finding.code} ${finding.path}: ${problems.join(", ")}`] : [];
  });
  expect(malformed).toEqual([]);
}

// ---- Mutations -----------------------------------------------------------------------------------------------

const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"] as const;

/** Keys that mean something to ZIS or to JavaScript objects, and any text. */
const hostileKey = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES, ...PROTOTYPE_NAMES.map((name) => `${name}.$`)),
  fc.constantFrom("Type", "Next", "End", "Catch", "Retry", "States", "Iterator", "Not", "And", "Variable"),
  fc.string({ maxLength: 8 }),
);

/** Values that broke the validator once, and random JSON. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(...PROTOTYPE_NAMES),
  fc.integer({ min: MAX_NESTING_DEPTH - 10, max: MAX_NESTING_DEPTH + 10 }).map(nestedArrays),
  fc
    .tuple(fc.integer({ min: 80, max: 120 }), fc.constantFrom("Not", "a", "__proto__"))
    .map(([levels, key]) => nestedObjects(levels, key)),
  fc.integer({ min: 1, max: 3000 }).map((n) => "{{$.input.x}}".repeat(n)),
  fc.constantFrom<unknown>(
    { Type: "Map", ItemsPath: "$.input.items", Iterator: { StartAt: "constructor", States: {} }, End: true },
    { Type: "Choice", Choices: [{ Not: { Not: { Variable: "$.x", IsPresent: true } }, Next: "x" }] },
    { ErrorEquals: ["States.ALL"], Next: "__proto__", ResultPath: "$" },
    { "data.$": "{{$", data: 1, "data.$$": [] },
  ),
);

type Mutation =
  | { readonly kind: "delete" }
  | { readonly kind: "replace"; readonly value: unknown }
  | { readonly kind: "add"; readonly key: string; readonly value: unknown }
  | { readonly kind: "rename"; readonly key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: "delete" as const }),
  hostileValue.map((value) => ({ kind: "replace" as const, value })),
  fc.tuple(hostileKey, hostileValue).map(([key, value]) => ({ kind: "add" as const, key, value })),
  hostileKey.map((key) => ({ kind: "rename" as const, key })),
);

/**
 * Applies `change` at a place `choices` picks: each choice selects a member and goes on into it while it is an
 * array or object (and the choice is not a multiple of 4, so that shallow places are picked too).
 */
function mutate(document: unknown, choices: readonly number[], change: Mutation): unknown {
  const copy = structuredClone(document);
  let parent: Raw = copy;
  for (const choice of choices) {
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length]!;
    const child = parent[key];
    if (typeof child === "object" && child !== null && choice % 4 !== 0) {
      parent = child;
      continue;
    }
    if (change.kind === "add" && !Array.isArray(parent)) setMember(parent, change.key, change.value);
    else if (change.kind === "replace" || change.kind === "add") parent[key] = change.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else {
      const entries = Object.entries(parent);
      for (const member of keys) delete parent[member];
      for (const [k, v] of entries)
        if (k !== key) setMember(parent, k, v);
        else if (change.kind === "rename") setMember(parent, change.key, v);
    }
    break;
  }
  return copy;
}

const exampleBundles = readdirSync(path.join(ROOT, "dist-bundles"))
  .filter((file) => file.endsWith(".json") && !file.startsWith("."))
  .sort()
  .map((file) => JSON.parse(readFileSync(path.join(ROOT, "dist-bundles", file), "utf8")) as unknown);
const corpusBundles = corpusBundleFiles().map(
  (file) => JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8")) as unknown,
);

describe("validating hostile mutations and random JSON", () => {
  const mutationsOf = (documents: readonly unknown[], seed: number, numRuns: number) =>
    fc.assert(
      fc.property(
        fc.nat({ max: documents.length - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 14 }),
        mutation,
        (index, choices, change) => {
          const input = mutate(documents[index], choices, change);
          expectWellFormed(input, validateBundle(input));
        },
      ),
      { seed, numRuns },
    );

  it("never throws on mutations of the example bundles, and every finding is well formed", () => {
    mutationsOf(exampleBundles, 14, 300);
  });

  it.skipIf(!SHARED_AVAILABLE)(
    `never throws on mutations of the corpus bundles, and every finding is well formed${SHARED_SKIP_REASON}`,
    () => {
      mutationsOf(corpusBundles, 1414, 600);
    },
  );

  it("never throws on random JSON, as the bundle or in its places", () => {
    const base = exampleBundles[0] as Raw;
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }),
        fc.constantFrom("bundle", "resources", "definition"),
        (json, where) => {
          const input =
            where === "bundle"
              ? json
              : where === "resources"
                ? { ...base, resources: json }
                : bundleWith({}, { F: { type: "ZIS::Flow", properties: { name: "F", definition: json } } });
          expectWellFormed(input, validateBundle(input));
        },
      ),
      { seed: 141414, numRuns: 400 },
    );
  });
});

// ---- The defects the fuzz campaign found ---------------------------------------------------------------------

describe("deep nesting is one finding, before any recursive reader", () => {
  // A value's depth is its pointer's length: the flow definition is at 4, so a state at 6.
  it("600 nested Not rules", () => {
    // Choices/0 is at 8; the k-th Not at 8 + k; the comparison's members at 609.
    expect(validateBundle(notChain(600))).toEqual([
      nestingFinding(`${FLOW}/States/C/Choices/0${"/Not".repeat(93)}`, 609),
    ]);
  });

  it("1,500 levels of JSON in a Pass state's Result", () => {
    const input = bundleWith({ P: { Type: "Pass", Result: nestedArrays(1500), End: true } });
    // Result is at 7, so its innermost 0 at 1507.
    expect(validateBundle(input)).toEqual([
      nestingFinding(`${FLOW}/States/P/Result${"/0".repeat(94)}`, 1507),
    ]);
  });

  it("1,500 levels of JSON in an Action state's Parameters", () => {
    const input = bundleWith({
      A: {
        Type: "Action",
        ActionName: JQ,
        Parameters: { expr: ".", data: nestedObjects(1500, "a") },
        End: true,
      },
    });
    expect(validateBundle(input)).toEqual([
      nestingFinding(`${FLOW}/States/A/Parameters/data${"/a".repeat(93)}`, 1508),
    ]);
  });

  it("1,000 and 10,000 nested Map iterators (once a stack overflow, then out of memory)", () => {
    // Each Map adds States/M/Iterator, so the 32nd Iterator is at 100 and its StartAt past the limit; the
    // innermost Succeed's Type is at 4 + 3 × levels + 3.
    const pointer = `${FLOW}${"/States/M/Iterator".repeat(32)}/StartAt`;
    expect(validateBundle(mapChain(1000))).toEqual([nestingFinding(pointer, 3007)]);
    expect(validateBundle(mapChain(10_000))).toEqual([nestingFinding(pointer, 30_007)]);
  });

  it("is a structure finding, so the interpreter's prepareBundle refuses it too", () => {
    expect(structureFindings(notChain(600))).toEqual(validateBundle(notChain(600)));
    expect(structureFindings(mapChain(1000))).toEqual(validateBundle(mapChain(1000)));
  });

  it("leaves a bundle exactly at the limit to the other rules", () => {
    const input = bundleWith({ P: { Type: "Pass", Result: nestedArrays(MAX_NESTING_DEPTH - 7), End: true } });
    expect(validateBundle(input)).toEqual([]);
  });
});

describe("wide input is one finding, before zod gathers its issues", () => {
  const tooLarge = { code: "bundle_too_large", severity: "error", path: "", data: { limit: 100_000 } };

  it("an ErrorEquals of 122,400 numbers (once a RangeError from zod's spread of issues)", () => {
    const input = bundleWith({
      A: {
        Type: "Action",
        ActionName: JQ,
        Parameters: { expr: ".", data: {} },
        Catch: [{ ErrorEquals: new Array(122_400).fill(1), Next: "A" }],
        End: true,
      },
    });
    expect(validateBundle(input)).toEqual([tooLarge]);
  });

  it("200,000 states of an unknown Type", () => {
    const states = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`S${i}`, { Type: "Nope" }]));
    expect(validateBundle(bundleWith(states))).toEqual([tooLarge]);
  });
});

describe("long lists of reads", () => {
  it("150,000 placeholders in one string", () => {
    const template = "{{$.input.ticket_event.ticket.id}}".repeat(150_000);
    const input = bundleWith({
      A: { Type: "Action", ActionName: JQ, Parameters: { expr: ".", "data.$": template }, End: true },
    });
    expect(validateBundle(input)).toEqual([]);
  });

  it("a placeholder opened before 100,000 spaces (once quadratic in the pattern)", () => {
    const input = bundleWith({
      A: {
        Type: "Action",
        ActionName: JQ,
        Parameters: { expr: ".", "data.$": `{{$${" ".repeat(100_000)}` },
        End: true,
      },
    });
    expect(validateBundle(input)).toEqual([]);
  });
});

describe("values too large or too deep to quote are previews in the data", () => {
  /** A preview's text of JSON text longer than a preview (JSON.stringify is the oracle). */
  const cut = (text: string) => `${text.slice(0, PREVIEW_LENGTH)}…`;

  it("a long ErrorEquals", () => {
    const errors = Array.from({ length: 50_000 }, (_, i) => `E${i}`);
    const input = bundleWith({
      A: {
        Type: "Action",
        ActionName: JQ,
        Parameters: { expr: ".", "data.$": "$.input" },
        Catch: [{ ErrorEquals: errors, Next: "A" }],
        End: true,
      },
    });
    const text = cut(JSON.stringify(errors));
    const findings = validateBundle(input);
    expect(findings).toEqual([
      {
        code: "invalid_error_equals",
        severity: "error",
        path: `${FLOW}/States/A/Catch/0/ErrorEquals`,
        data: { found: { type: "array", text } },
      },
    ]);
    expect(findingMessage(findings[0]!)).toBe(`ZIS matches only ["States.ALL"], found ${text}`);
  });

  it("a state Type nested 90 levels deep", () => {
    const type = nestedArrays(90);
    expect(validateBundle(bundleWith({ S: { Type: type } }))).toEqual([
      {
        code: "unknown_state_type",
        severity: "error",
        path: `${FLOW}/States/S/Type`,
        data: { found: { type: "array", text: cut(JSON.stringify(type)) } },
      },
      { code: "no_terminal_state", severity: "warning", path: `${FLOW}/StartAt`, data: {} },
    ]);
  });

  it("a template version of a million characters, a method of 50,000 members, a page size of 90 levels", () => {
    const input = bundleWith(
      {
        L: {
          Type: "Action",
          ActionName: "zis:common:action:LoadLinks",
          Parameters: { link_type: "t", left_object_name: "a", page_size: nestedArrays(90) },
          End: true,
        },
      },
      {
        H: {
          type: "ZIS::Action::Http",
          properties: {
            name: "H",
            definition: { method: Array(50_000).fill("GET"), url: "https://x.example" },
          },
        },
      },
    );
    const method = Array(50_000).fill("GET");
    input.resources.H.properties.definition.method = method;
    input.zis_template_version = "x".repeat(1_000_000);
    const findings = validateBundle(input);
    expect(findings.map((f) => [f.code, f.path, f.data])).toEqual([
      [
        "unsupported_template_version",
        "/zis_template_version",
        { found: { type: "string", text: cut(JSON.stringify(input.zis_template_version)) } },
      ],
      [
        "invalid_value",
        "/resources/H/properties/definition/method",
        {
          reason:
            'Invalid option: expected one of "GET"|"HEAD"|"PUT"|"POST"|"DELETE"|"OPTIONS"|"PATCH"|"TRACE"',
          found: { type: "array", text: cut(JSON.stringify(method)) },
        },
      ],
      [
        "invalid_action_parameter",
        `${FLOW}/States/L/Parameters/page_size`,
        {
          parameter: "page_size",
          problem: "page_size_range",
          found: { type: "array", text: `${"[".repeat(80)}…` },
        },
      ],
    ]);
    for (const finding of findings) expect(findingMessage(finding).length).toBeLessThan(300);
  });
});

describe("names that are properties of every JavaScript object", () => {
  it.each(PROTOTYPE_NAMES)("an event_source %j is a webhook's source, not a crash", (source) => {
    const input = bundleWith({ Done: { Type: "Succeed" } });
    input.resources.J.properties.event_source = source;
    expect(validateBundle(input)).toEqual([]);
  });

  it("`constructor.$`, `toString.$` and `__proto__.$` keys are not duplicates; `valueOf` beside `valueOf.$` is", () => {
    const parameters = JSON.parse(
      '{"expr": ".", "data.$": "$.input", "constructor.$": "$.input", "toString.$": "$.input", "__proto__.$": "$.input", "valueOf": 1, "valueOf.$": "$.input"}',
    );
    const input = bundleWith({ A: { Type: "Action", ActionName: JQ, Parameters: parameters, End: true } });
    expect(validateBundle(input)).toEqual([
      {
        code: "duplicate_dollar_key",
        severity: "error",
        path: `${FLOW}/States/A/Parameters/valueOf.$`,
        data: { key: "valueOf.$" },
      },
    ]);
  });

  it("a resource and states named __proto__ are read like any other, in document order", () => {
    const input = JSON.parse(`{
      "name": "hostile", "zis_template_version": "2019-10-14",
      "resources": {
        "__proto__": { "type": "ZIS::Flow", "properties": { "name": "constructor", "definition": {
          "StartAt": "__proto__",
          "States": {
            "__proto__": { "Type": "Map", "ItemsPath": "$.input.items", "Next": "toString",
              "Iterator": { "StartAt": "__proto__", "States": { "__proto__": { "Type": "Sucseed" } } } },
            "toString": { "Type": "Pass", "hasOwnProperty": 1, "Next": "valueOf" }
          } } } },
        "J": { "type": "ZIS::JobSpec", "properties": { "name": "J", "event_source": "support",
          "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:constructor" } }
      }
    }`);
    const definition = "/resources/__proto__/properties/definition";
    expect(validateBundle(input).map((f) => `${f.code} ${f.path}`)).toEqual([
      `unknown_state_type ${definition}/States/__proto__/Iterator/States/__proto__/Type`,
      `unknown_property ${definition}/States/toString/hasOwnProperty`,
      `duplicate_state_name ${definition}/States/__proto__/Iterator/States/__proto__`,
      `unknown_next_state ${definition}/States/toString/Next`,
      `no_terminal_state ${definition}/StartAt`,
      `no_terminal_state ${definition}/States/__proto__/Iterator/StartAt`,
    ]);
  });
});

describe("the data-flow check is linear", () => {
  // test/bench/run.ts times it (validate_8000_jq_chain). Comparing every read with every write, and walking the
  // graph once per state that replaces the data, took seconds here and tens of seconds.
  it("a chain of 8,000 Jq states, each reading what the one before wrote, the last what nothing writes", () => {
    const input = jqChain(
      8000,
      (i) => (i === 0 ? "$.input" : i === 7999 ? "$.never.written" : `$.r${i - 1}`),
      (i) => `$.r${i}`,
    );
    expect(validateBundle(input)).toEqual([
      {
        code: "path_never_written",
        severity: "error",
        path: `${FLOW}/States/S7999/Parameters/data.$`,
        data: { path: "$.never.written" },
      },
    ]);
  });

  it("a chain of 8,000 Jq states, each replacing the whole data: only the first read is certain to fail", () => {
    const input = jqChain(
      8000,
      () => "$.never.written",
      () => undefined,
    );
    expect(validateBundle(input)).toEqual([
      {
        code: "path_never_written",
        severity: "error",
        path: `${FLOW}/States/S0/Parameters/data.$`,
        data: { path: "$.never.written" },
      },
    ]);
  });

  it("4,000 states calling one action whose definition reads 4,000 placeholders (once read per call)", () => {
    const states: Record<string, Raw> = {};
    for (let i = 0; i < 4000; i++)
      states[`S${i}`] = {
        Type: "Action",
        ActionName: "zis:acme:action:Post",
        Parameters: { text: "hello" },
        ...(i === 3999 ? { End: true } : { Next: `S${i + 1}` }),
      };
    const definition = {
      method: "POST",
      url: "https://x.example",
      requestBody: { "text.$": "{{$.text}}".repeat(4000) },
    };
    const input = bundleWith(states, {
      Post: { type: "ZIS::Action::Http", properties: { name: "Post", definition } },
    });
    expect(validateBundle(input)).toEqual([]);
  });

  it("3,000 Map states, each with an unknown key (once quadratic in the schema check)", () => {
    const states: Record<string, Raw> = {};
    for (let i = 0; i < 3000; i++)
      states[`M${i}`] = {
        Type: "Map",
        ItemsPath: "$.input.items",
        Iterator: { StartAt: "S", States: { S: { Type: "Succeed" } } },
        Fast: true,
        ...(i === 2999 ? { End: true } : { Next: `M${i + 1}` }),
      };
    const findings = validateBundle(bundleWith(states));
    expect(findings.filter((f) => f.code === "unknown_property")).toHaveLength(3000);
    expect(findings[2999]).toEqual({
      code: "unknown_property",
      severity: "warning",
      path: `${FLOW}/States/M2999/Fast`,
      data: { property: "Fast" },
    });
    expect(findings.filter((f) => f.code !== "unknown_property").map((f) => f.code)).toEqual(
      Array(2999).fill("duplicate_state_name"),
    );
  });
});
