/**
 * The known shapes of runs that never end (or not before the machine gives out), as whole bundles: Retry with
 * MaxAttempts 1e9 or BackoffRate 1e308, endless jq programs, loops copying `$` into `$.a` and `$.b`, huge Waits,
 * Maps of Maps, a plain loop.
 */
import { JQ_ACTION_NAME } from "../../src/model/names.js";
import { flowBundle, ticketInput } from "../support/bundles.js";
import type { RunCase } from "./checks.js";
import { Recipe, type FuzzCase } from "./mutations.js";
import type { Rng } from "./random.js";

/** jq programs that never end, or not before the machine gives out: for the own engine and jq-wasm alike. */
export const ENDLESS_JQ = [
  "def f: f; f",
  "until(false; .)",
  "repeat(1)",
  "last(range(1e8))",
  "reduce range(1e9) as $i (0; .)",
  "[range(1e9)] | length",
  "def f: [f]; f",
  '("a" * 40 + "b") | test("^(a+)+$")',
  '"x" * 1e9 | length',
];

/** A Jq action state reading `data`, writing `$.jq`; it continues to `next`, or ends. */
export const jqState = (expr: string, { data = "$.input", next }: { data?: string; next?: string } = {}) => ({
  Type: "Action",
  ActionName: JQ_ACTION_NAME,
  Parameters: { expr, "data.$": data },
  ResultPath: "$.jq",
  ...(next !== undefined ? { Next: next } : { End: true }),
});

/** One of the endless shapes, run as it is meant to run: its event, mocks that answer, the default budget. */
export function endlessCase(rng: Rng): FuzzCase {
  const { recipe, bundle, input, mocks } = rng.pick(ENDLESS_SHAPES)(rng);
  const runCase: RunCase = { bundle, input, mocks: mocks ?? {}, mocksFile: false, handlerThrows: false };
  return recipe.finish(runCase);
}

/** A flow that runs on and on (or would, without the run's budget), with the event and mocks it needs. */
interface EndlessShape {
  readonly recipe: Recipe;
  readonly bundle: Record<string, unknown>;
  readonly input: unknown;
  readonly mocks?: unknown;
}

const CALL_ACTION = { Call: { method: "GET", url: "https://example.com/fails" } };
const FAILING_MOCKS = { http: [{ match: { action: "Call" }, response: { status: 500 } }] };
const HANG_INPUT = { ...ticketInput(), items: [1, 2, 3], stop: false };

function retryForever(rng: Rng): EndlessShape {
  const retry = {
    ErrorEquals: ["States.ALL"],
    MaxAttempts: rng.pick([1_000_000_000, 2 ** 31 - 1]),
    IntervalSeconds: rng.pick([1, 60, 2 ** 31 - 1]),
    BackoffRate: rng.pick([1, 2, 1e308]),
  };
  const failing = rng.chance(0.5)
    ? { Type: "Action", ActionName: "zis:test_int:action:Call", Next: "Done" }
    : jqState('error("fails")', { next: "Done" });
  const bundle = flowBundle(
    { Call: { ...failing, Retry: [retry] }, Done: { Type: "Succeed" } },
    { actions: CALL_ACTION },
  );
  const recipe = new Recipe(`endless shape: Retry ${JSON.stringify(retry)}`, "endless shape: Retry");
  return { recipe, bundle, input: HANG_INPUT, mocks: FAILING_MOCKS };
}

function endlessJq(rng: Rng): EndlessShape {
  const program = rng.pick(ENDLESS_JQ);
  const bundle = flowBundle({ Jq: jqState(program) });
  return {
    recipe: new Recipe(`endless shape: jq ${JSON.stringify(program)}`, `endless jq: ${program}`),
    bundle,
    input: HANG_INPUT,
  };
}

function copyLoop(rng: Rng): EndlessShape {
  const states = rng.chance(0.5)
    ? { A: { Type: "Pass", ResultPath: "$.a", Next: "B" }, B: { Type: "Pass", ResultPath: "$.b", Next: "A" } }
    : { Double: { ...jqState("{a: ., b: .}", { data: "$", next: "Double" }), ResultPath: "$.a" } };
  return {
    recipe: new Recipe("endless shape: a loop copying $ into $.a and $.b", "copy loop"),
    bundle: flowBundle(states),
    input: HANG_INPUT,
  };
}

function hugeWait(rng: Rng): EndlessShape {
  const seconds = rng.pick([1e308, Number.MAX_VALUE, 2 ** 53, 1_000_000_000]);
  const bundle = flowBundle({
    Wait: { Type: "Wait", Seconds: seconds, Next: "WaitPath" },
    WaitPath: { Type: "Wait", SecondsPath: "$.input.seconds", Next: "Wait" },
  });
  return {
    recipe: new Recipe(`endless shape: Wait ${seconds} s in a loop`, "huge Wait"),
    bundle,
    input: { ...HANG_INPUT, seconds },
  };
}

/** Map states nested 3–5 deep, each over 100 items: 100⁵ iterations. */
function mapExplosion(rng: Rng): EndlessShape {
  const depth = 3 + rng.int(3);
  const items = Array.from({ length: 100 }, (_, i) => ({ i }));
  let iterator: Record<string, unknown> = { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } };
  for (let level = 0; level < depth; level++)
    iterator = {
      StartAt: "Make",
      States: {
        Make: { Type: "Pass", Result: items, ResultPath: "$.items", Next: "Each" },
        Each: { Type: "Map", ItemsPath: "$.items", Iterator: iterator, End: true },
      },
    };
  return {
    recipe: new Recipe(`endless shape: Map states ${depth} deep over 100 items each`, "Map explosion"),
    bundle: flowBundle(iterator.States as Record<string, unknown>),
    input: HANG_INPUT,
  };
}

function endlessLoop(): EndlessShape {
  const bundle = flowBundle({
    Check: {
      Type: "Choice",
      Choices: [{ Variable: "$.input.stop", BooleanEquals: true, Next: "Done" }],
      Default: "Again",
    },
    Again: { Type: "Pass", Next: "Check" },
    Done: { Type: "Succeed" },
  });
  return { recipe: new Recipe("endless shape: a loop", "endless loop"), bundle, input: HANG_INPUT };
}

const ENDLESS_SHAPES = [retryForever, endlessJq, copyLoop, hugeWait, mapExplosion, endlessLoop];
