import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/compile.js";
import { DIAGNOSTICS, findingMessage } from "../../src/model/diagnostics.js";
import { validateBundle } from "../../src/compiler/validate.js";
import {
  action,
  bundle,
  choice,
  fail,
  flow,
  jobSpec,
  jq,
  loadConfig,
  map,
  numericGreaterThan,
  pass,
  path,
  stringEquals,
  succeed,
  wait,
  type Step,
} from "../../src/index.js";
import type { JsonObject } from "../../src/model/json.js";

/** A random flow shape: state kinds in order plus extra edges (which may point backwards: loops). */
const flowShape = fc.record({
  kinds: fc.array(fc.constantFrom("pass", "wait", "choice", "jq", "config", "map"), {
    minLength: 1,
    maxLength: 25,
  }),
  terminal: fc.constantFrom("succeed", "fail"),
  extraEdges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("rule", "catch")), { maxLength: 15 }),
});

type Shape = typeof flowShape extends fc.Arbitrary<infer T> ? T : never;

interface Data {
  input: { ticket_event: { ticket: { status: string; id: number; tags: string[] } } };
  [result: string]: unknown;
}

/** Builds the DSL flow for a shape: state i always continues to i + 1, so every state is reachable. */
function buildBundle(shape: Shape) {
  const testFlow = flow<Data>("RandomFlow", ($) => {
    const status = $.input.ticket_event.ticket.status;
    const steps: Step[] = shape.kinds.map((kind, i) => {
      const name = `S${i}`;
      const resultPath = path(`$.r${i}`);
      switch (kind) {
        case "pass":
          return pass(name, { result: { i }, resultPath });
        case "wait":
          return wait(name, { seconds: i + 1 });
        case "choice":
          return choice(name);
        case "jq":
          return action(name, jq(".ticket_event.ticket.id", $.input), { resultPath }).retry({
            intervalSeconds: 1,
            maxAttempts: 2,
          });
        case "config":
          return action(name, loadConfig({ scope: "settings" }), { resultPath });
        default:
          return map(name, {
            itemsPath: $.input.ticket_event.ticket.tags,
            iterator: () => pass(`S${i}.Item`, { result: 1, resultPath: path("$.v") }),
            resultPath,
          });
      }
    });
    const end = shape.terminal === "succeed" ? succeed("End") : fail("End", { error: "E", cause: "C" });
    steps.push(end);
    for (const [from, to, kind] of shape.extraEdges) {
      const source = steps[from % (steps.length - 1)]!;
      const target = steps[to % steps.length]!;
      if (source.kind === "Choice" && kind === "rule") source.when(stringEquals(status, `v${to}`), target);
      if ((source.kind === "Action" || source.kind === "Map") && kind === "catch")
        source.catch(target, { resultPath: path("$.error") });
    }
    steps.slice(0, -1).forEach((step, i) => {
      const following = steps[i + 1]!;
      if (step.kind === "Choice")
        step.when(numericGreaterThan($.input.ticket_event.ticket.id, i), following).otherwise(following);
      else if (step.kind !== "Succeed" && step.kind !== "Fail") step.next(following);
    });
    return steps[0]!;
  });
  return bundle({
    name: "random",
    jobSpecs: [
      jobSpec("Job", { event_source: "support", event_type: "ticket.TicketCreated", flow: testFlow }),
    ],
  });
}

describe("compiling random valid flows", () => {
  it("always gives a bundle the validator finds nothing wrong with", () => {
    fc.assert(
      fc.property(flowShape, (shape) => {
        const { bundle: json, findings } = compileBundle(buildBundle(shape));
        const states = (json as any).resources.RandomFlow.properties.definition.States as JsonObject;
        expect(Object.keys(states)).toEqual([...shape.kinds.map((_, i) => `S${i}`), "End"]);
        expect(findings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(flowShape, (shape) => {
        expect(JSON.stringify(compileBundle(buildBundle(shape)).bundle)).toBe(
          JSON.stringify(compileBundle(buildBundle(shape)).bundle),
        );
      }),
      { numRuns: 50 },
    );
  });
});

/** A mutation at a random place of a JSON document: delete, replace with random JSON, or add a key. */
function mutate(document: unknown, choices: number[], replacement: unknown): unknown {
  const copy = structuredClone(document);
  let parent: any = copy;
  for (const choice of choices) {
    if (parent === null || typeof parent !== "object") break;
    const keys = Object.keys(parent);
    if (keys.length === 0) break;
    const key = keys[choice % keys.length]!;
    const child = parent[key];
    if (child !== null && typeof child === "object" && choice % 3 !== 0) {
      parent = child;
      continue;
    }
    if (choice % 5 === 0) delete parent[key];
    else if (choice % 5 === 1) parent[`${key}_extra`] = replacement;
    else parent[key] = replacement;
    break;
  }
  return copy;
}

const SEED_BUNDLE = compileBundle(
  buildBundle({
    kinds: ["choice", "jq", "map", "wait", "config", "pass"],
    terminal: "succeed",
    extraEdges: [
      [0, 5, "rule"],
      [1, 0, "catch"],
    ],
  }),
).bundle;

describe("validating random mutations of a valid bundle", () => {
  it("never throws and always returns well-formed findings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.jsonValue(),
        (choices, replacement) => {
          const findings = validateBundle(mutate(SEED_BUNDLE, choices, replacement));
          for (const finding of findings) {
            expect(DIAGNOSTICS[finding.code].severity).toBe(finding.severity);
            expect(finding.path === "" || finding.path.startsWith("/")).toBe(true);
            expect(typeof findingMessage(finding)).toBe("string");
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(Array.isArray(validateBundle(value))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
