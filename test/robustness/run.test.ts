/**
 * The interpreter on hostile input (issue 14). Mutations of the example and corpus bundles (loops, retry storms,
 * long waits, endless and explosive jq, odd ResultPaths) that the validator passes, run on random events and
 * mocks (well-formed, handlers, garbage) with fixed seeds: `runFlow` resolves with a result or rejects with a
 * HarnessError, never anything else, and a result stays within the run's budget. On the virtual clock: no run
 * sleeps, and the budget is small so that each ends in milliseconds.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateBundle } from "../../src/compiler/validate.js";
import { measure } from "../../src/interpreter/data.js";
import {
  DEFAULT_RUN_BUDGET,
  HarnessError,
  runFlow,
  VirtualClock,
  type Mocks,
  type RunBudget,
} from "../../src/interpreter/index.js";
import { hasErrors } from "../../src/model/diagnostics.js";
import { isPlainObject } from "../../src/model/json.js";
import { commentAddedInput } from "../support/links-flow.js";
import {
  CORPUS_DIR,
  corpusBundleFiles,
  ROOT,
  SHARED_AVAILABLE,
  SHARED_SKIP_REASON,
  sharedPath,
} from "../support/shared.js";
import { activityEvent } from "../support/tutorial.js";

/** Bundles are mutated as the JSON they are. */
type Raw = any;

const BUDGET: RunBudget = {
  ...DEFAULT_RUN_BUDGET,
  transitions: 300,
  retryAttempts: 20,
  dataBytes: 65_536,
  payloadBytes: 16_384,
  jqSteps: 20_000,
  jqMilliseconds: 100,
};

const JQ = "zis:common:transform:Jq";

/** Programs a mutation puts in a Jq action: ordinary ones, endless ones and ones whose data explodes. */
const PROGRAMS = [
  ".",
  "[.. | numbers] | add",
  "to_entries | map(.key)",
  "tojson",
  "[paths] | length",
  ". as [$a] ?// $a | keys? // 0",
  "last(range(1e8))",
  "reduce range(1e9) as $i (0; .)",
  "reduce range(40) as $i (.; [., .])",
  "reduce range(40) as $i ([1]; . + .)",
  "def f: f; f",
  "now",
];

/** The state machines of a bundle's flows, Map iterators included. */
function machines(bundle: Raw): Array<Record<string, Raw>> {
  const out: Array<Record<string, Raw>> = [];
  const visit = (definition: Raw): void => {
    if (!isPlainObject(definition) || !isPlainObject(definition.States)) return;
    out.push(definition.States as Record<string, Raw>);
    for (const state of Object.values(definition.States)) if (isPlainObject(state)) visit(state.Iterator);
  };
  for (const resource of Object.values<Raw>(bundle.resources ?? {}))
    if (resource?.type === "ZIS::Flow") visit(resource.properties?.definition);
  return out;
}

const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];

/** A state that passes `test` in one of the bundle's machines, chosen by `a` and `b`: its machine and name. */
function chosen(
  bundle: Raw,
  a: number,
  b: number,
  test: (state: Raw) => boolean,
): { states: Record<string, Raw>; name: string } | undefined {
  const states = pick(machines(bundle), a);
  const name =
    states &&
    pick(
      Object.keys(states).filter((n) => test(states[n])),
      b,
    );
  return name === undefined ? undefined : { states: states!, name };
}

const continues = (state: Raw): boolean => typeof state.Next === "string";

const MUTATIONS = {
  /** A Next to any state of the same machine: loops. */
  redirect(bundle: Raw, a: number, b: number): void {
    const at = chosen(bundle, a, b, continues);
    if (at) at.states[at.name].Next = pick(Object.keys(at.states), a + b)!;
  },
  /** Retry that never gives up, with waits that shrink, stay or explode. */
  retryStorm(bundle: Raw, a: number, b: number): void {
    const at = chosen(bundle, a, b, (state) => state.Type === "Action");
    if (!at) return;
    at.states[at.name].Retry = [
      {
        ErrorEquals: ["States.ALL"],
        IntervalSeconds: pick([1, 3, 30], a)!,
        MaxAttempts: pick([1_000_000_000, 2, 1000], b)!,
        BackoffRate: pick([1e308, 0.5, 1, 2], a + b)!,
      },
    ];
  },
  /** A loop of two Pass states on the way: endless, or doubling the data by copying $ into $.a and $.b. */
  loop(bundle: Raw, a: number, b: number): void {
    const at = chosen(bundle, a, b, continues);
    if (!at) return;
    const [first, second] = [`LoopA${a % 5}`, `LoopB${a % 5}`];
    const doubling = b % 2 === 0;
    at.states[first] = { Type: "Pass", Next: second, ...(doubling ? { ResultPath: "$.a" } : { Result: a }) };
    at.states[second] = { Type: "Pass", Next: first, ...(doubling ? { ResultPath: "$.b" } : { Result: b }) };
    at.states[at.name].Next = first;
  },
  /** A Wait on the way, up to longer than the flow may run. */
  longWait(bundle: Raw, a: number, b: number): void {
    const at = chosen(bundle, a, b, continues);
    if (!at) return;
    const wait = `Wait${a % 7}`;
    at.states[wait] = { Type: "Wait", Seconds: pick([40, 99, 1e6], b)!, Next: at.states[at.name].Next };
    at.states[at.name].Next = wait;
  },
  /** Other programs in Jq actions. */
  hostileJq(bundle: Raw, a: number, b: number): void {
    for (const states of machines(bundle))
      for (const state of Object.values<Raw>(states))
        if (state.ActionName === JQ && (a++ + b) % 2 === 0)
          state.Parameters = { ...state.Parameters, expr: pick(PROGRAMS, b)! };
  },
  /** ResultPaths that replace everything, or name Object.prototype's members. */
  resultPath(bundle: Raw, a: number, b: number): void {
    const at = chosen(bundle, a, b, (state) => state.Type === "Action" || state.Type === "Pass");
    if (at)
      at.states[at.name].ResultPath = pick(
        ["$", "$.a", "$.b", "$.__proto__", "$.constructor.x", "$.input"],
        a + b,
      )!;
  },
};

type MutationKind = keyof typeof MUTATIONS;

function mutated(original: unknown, steps: ReadonlyArray<{ kind: MutationKind; a: number; b: number }>): Raw {
  const bundle = structuredClone(original) as Raw;
  for (const { kind, a, b } of steps) MUTATIONS[kind](bundle, a, b);
  return bundle;
}

function flowNames(bundle: Raw): string[] {
  return Object.values<Raw>(bundle.resources ?? {})
    .filter((resource) => resource?.type === "ZIS::Flow" && typeof resource.properties?.name === "string")
    .map((resource) => resource.properties.name as string);
}

const mutationStep = fc.record({
  kind: fc.constantFrom(...(Object.keys(MUTATIONS) as MutationKind[])),
  a: fc.nat(1000),
  b: fc.nat(1000),
});

/** `{"a": {"a": … }}` `levels` deep. */
function nested(levels: number): unknown {
  let value: unknown = "deep";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const read = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

/** A bundle to mutate, with events its flows read (so that runs get past their first Choice). */
interface Case {
  readonly bundle: unknown;
  readonly events: readonly unknown[];
}

const TICKET_EVENTS: readonly unknown[] = [
  commentAddedInput(1001, 7, "Hello from the ticket"),
  ...(SHARED_AVAILABLE
    ? ["input-ticket-comment-added.json", "input-ticket-attachment-linked-to-comment.json"].map((f) =>
        read(sharedPath("corpus", "events", "derived-zis-input", f)),
      )
    : []),
];

/** Events no flow expects: random JSON, prototype keys, too deep, too large, not even objects. */
const strangeEvent: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
  fc.constantFrom(
    JSON.parse('{"__proto__": {"x": 1}, "constructor": {"prototype": 1}}') as unknown,
    { deep: nested(2000) },
    { big: "x".repeat(20_000) },
  ),
  fc.anything({ maxDepth: 2 }),
);

/** A body the example actions read on, with random members. */
const body = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .jsonValue({ maxDepth: 2 })
      .map((extra) => ({ profile: { attributes: { membership: "basic" } }, ts: "1.2", extra })),
  },
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant("not json"),
  fc.constant(nested(1500)),
);

const response = fc.record({ status: fc.constantFrom(200, 200, 201, 404, 429, 503), body });

const mocks: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      http: fc.array(fc.record({ match: fc.constant({}), response }), { minLength: 1, maxLength: 2 }),
    }),
  },
  fc.record({ http: response.map((answer) => () => answer) }),
  fc.constant({ http: () => null }),
  fc.constant({
    http: () => {
      throw new Error("handler bug");
    },
  }),
  fc.constantFrom(
    null,
    { http: [null] },
    { http: { match: {} } },
    { links: [{ link_type: "t" }] },
    { http: [{ match: { method: 1 }, response: { status: 200 } }] },
  ),
  fc.anything({ maxDepth: 2 }),
);

/** Everything a run spent, read from its result: within the budget. */
function expectWithinBudget(result: Awaited<ReturnType<typeof runFlow>>, clock: VirtualClock): void {
  const retries = result.trace.reduce((sum, entry) => sum + entry.retries.length, 0);
  expect(result.trace.length + retries).toBeLessThanOrEqual(BUDGET.transitions);
  for (const entry of result.trace) expect(entry.retries.length).toBeLessThanOrEqual(BUDGET.retryAttempts);
  expect(clock.elapsedSeconds).toBeLessThanOrEqual(BUDGET.flowSeconds);
  const shape = measure(result.output, { bytes: BUDGET.dataBytes, depth: 1000 });
  expect(shape === "too_large" || shape === "too_deep").toBe(false);
}

/**
 * Runs every mutation of the cases' bundles the validator passes: how many it ran, and the budgets that ended
 * runs (so that a change making the mutations harmless shows).
 */
async function runMutations(
  cases: readonly Case[],
  seed: number,
  numRuns: number,
): Promise<{ ran: number; budgets: Set<string> }> {
  let ran = 0;
  const budgets = new Set<string>();
  await fc.assert(
    fc.asyncProperty(
      fc.nat(cases.length - 1),
      fc.array(mutationStep, { minLength: 1, maxLength: 3 }),
      fc.nat(10),
      fc.option(fc.nat(10), { freq: 4 }),
      strangeEvent,
      mocks,
      async (index, steps, flowChoice, sample, strange, givenMocks) => {
        const { bundle: original, events } = cases[index]!;
        const bundle = mutated(original, steps);
        if (hasErrors(validateBundle(bundle))) return;
        ran++;
        const clock = new VirtualClock();
        try {
          const result = await runFlow(bundle, {
            flow: pick(flowNames(bundle), flowChoice),
            input: sample === null ? strange : pick(events, sample),
            mocks: givenMocks as Mocks,
            clock,
            budget: BUDGET,
          });
          expectWithinBudget(result, clock);
        } catch (error) {
          if (!(error instanceof HarnessError)) throw error;
          if (error.code === "budget_exceeded") {
            expect(error.message).toMatch(/^budget exceeded: \w+ \(\d+\)/);
            budgets.add(error.budget!);
          }
          expect(clock.elapsedSeconds).toBeLessThanOrEqual(BUDGET.flowSeconds);
        }
      },
    ),
    { seed, numRuns },
  );
  return { ran, budgets };
}

describe("runFlow on hostile input", () => {
  it("resolves or rejects with a HarnessError, within the budget: the example bundles", async () => {
    const example = (file: string) => read(path.join(ROOT, "dist-bundles", file));
    const cases: Case[] = [
      {
        bundle: example("my_zis_bundle.json"),
        events: [
          activityEvent("refund_request", { order_id: "123", refund_amount: "200.00" }),
          activityEvent("refund_request", { order_id: "9", refund_amount: "20.00" }),
        ],
      },
      { bundle: example("ticket_slack_links.json"), events: TICKET_EVENTS },
    ];
    const { ran, budgets } = await runMutations(cases, 14, 250);
    expect(ran).toBeGreaterThan(150);
    expect(budgets.size).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(!SHARED_AVAILABLE)(
    `resolves or rejects with a HarnessError, within the budget: the corpus bundles${SHARED_SKIP_REASON}`,
    async () => {
      const cases = corpusBundleFiles().map((f) => ({
        bundle: read(path.join(CORPUS_DIR, f)),
        events: TICKET_EVENTS,
      }));
      const { ran, budgets } = await runMutations(cases, 1414, 250);
      expect(ran).toBeGreaterThan(120);
      expect(budgets.size).toBeGreaterThanOrEqual(3);
    },
  );
});
