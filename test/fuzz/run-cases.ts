/**
 * Run cases: a bundle (a runnable seed with mutations that mostly keep it valid, or one of the known shapes of a
 * run that never ends), a random event, random mocks (valid and malformed) and random run options.
 */
import fc from "fast-check";
import { RANDOM_JSON } from "./arbitraries.js";
import type { RunCase } from "./checks.js";
import { endlessCase } from "./endless.js";
import {
  anyHostile,
  deepArrays,
  deepObjects,
  hugeString,
  prototypeObject,
  PROTOTYPE_NAMES,
  wideArray,
} from "./hostile.js";
import { cloneDocument, isContainer, isRecord, objectOf } from "./json.js";
import { mutate, Recipe, type FuzzCase } from "./mutations.js";
import { Rng } from "./random.js";
import { mutateRunnable } from "./run-mutations.js";
import type { Seeds } from "./seeds.js";

/** Case `index` of the campaign seeded `campaignSeed`: the same case every time. */
export function runCase(campaignSeed: number, index: number, seeds: Seeds): FuzzCase {
  const rng = new Rng(campaignSeed, 2, index);
  if (rng.chance(0.02)) return endlessCase(rng);
  const { recipe, bundle } = mutatedSeed(rng, seeds);
  const runCase: RunCase = {
    bundle,
    flow: flowOption(rng, bundle),
    input: randomEvent(rng, seeds, recipe),
    ...randomMocks(rng, bundle, recipe),
    ...(rng.chance(0.2) ? { missingPlaceholder: "empty" } : {}),
    ...(rng.chance(0.2) ? { interpolatePlainStrings: false } : {}),
    ...(rng.chance(0.05) ? { budget: rng.pick(BUDGETS) } : {}),
  };
  return recipe.finish(runCase);
}

/** Small limits, and malformed budgets runFlow must refuse. */
const BUDGETS: readonly unknown[] = [
  { transitions: 1 },
  { flowSeconds: 1e-9, jqSteps: 1 },
  { dataBytes: 1, payloadBytes: 1 },
  { jqMilliseconds: 1 },
  { transitions: 0 },
  { transitions: -1 },
  { retryAttempts: "100" },
  { bogus: 1 },
  objectOf([["__proto__", { transitions: 1 }]]),
  [],
  null,
];

function mutatedSeed(
  rng: Rng,
  seeds: Seeds,
): { readonly recipe: Recipe; readonly bundle: Record<string, unknown> } {
  const seed = rng.pick(seeds.runnable);
  const recipe = new Recipe(seed.name);
  const bundle = cloneDocument(seed.document) as Record<string, unknown>;
  const mutations = rng.weighted([
    [25, 0],
    [45, 1],
    [20, 2],
    [10, 3],
  ]);
  for (let i = 0; i < mutations; i++) mutateRunnable(bundle, rng, recipe, seeds.donors);
  return { recipe, bundle };
}

// Events, mocks and options.

function randomEvent(rng: Rng, seeds: Seeds, recipe: Recipe): unknown {
  return rng.weighted<() => unknown>([
    [
      40,
      () => {
        const seed = rng.pick(seeds.events);
        const event = cloneDocument(seed.document);
        recipe.note(`event ${seed.name}`);
        if (rng.chance(0.5) && isContainer(event)) mutate(event, rng, recipe, []);
        return event;
      },
    ],
    [
      10,
      () => {
        recipe.note("event: random JSON");
        return rng.sample(fc.jsonValue());
      },
    ],
    [
      10,
      () => {
        recipe.note("event: wide random JSON");
        return rng.sample(RANDOM_JSON.find(([name]) => name === "wide JSON")![1]);
      },
    ],
    [
      12,
      () => {
        const made = rng.chance(0.5) ? deepObjects(rng) : deepArrays(rng);
        recipe.note(`event: ${made.label}`, `event: ${made.tag}`);
        return { ticket_event: made.value };
      },
    ],
    [
      12,
      () => {
        const made = rng.chance(0.6) ? hugeString(rng) : wideArray(rng);
        recipe.note(`event: ${made.label}`, `event: ${made.tag}`);
        return { ticket_event: { ticket: { id: 1, description: made.value } } };
      },
    ],
    [
      10,
      () => {
        recipe.note("event with prototype names", "event: prototype names");
        const ticket = objectOf([
          ["__proto__", { id: 1, polluted: true }],
          ["constructor", { prototype: { polluted: true } }],
        ]);
        return objectOf([
          ["__proto__", { polluted: true }],
          ["toString", "x"],
          ["ticket_event", { ticket }],
        ]);
      },
    ],
  ])();
}

function httpActionNames(bundle: Record<string, unknown>): string[] {
  const resources = isRecord(bundle.resources) ? Object.values(bundle.resources) : [];
  return resources.flatMap((resource) =>
    isRecord(resource) &&
    resource.type === "ZIS::Action::Http" &&
    isRecord(resource.properties) &&
    typeof resource.properties.name === "string"
      ? [resource.properties.name]
      : [],
  );
}

function flowNames(bundle: Record<string, unknown>): string[] {
  const resources = isRecord(bundle.resources) ? Object.values(bundle.resources) : [];
  return resources.flatMap((resource) =>
    isRecord(resource) &&
    resource.type === "ZIS::Flow" &&
    isRecord(resource.properties) &&
    typeof resource.properties.name === "string"
      ? [resource.properties.name]
      : [],
  );
}

function flowOption(rng: Rng, bundle: Record<string, unknown>): string | undefined {
  const flows = flowNames(bundle);
  if (flows.length === 0) return undefined;
  return rng.weighted<() => string | undefined>([
    [85, () => (flows.length === 1 && rng.chance(0.5) ? undefined : rng.pick(flows))],
    [5, () => `zis:INTEGRATION:flow:${rng.pick(flows)}`],
    [5, () => rng.pick(PROTOTYPE_NAMES)],
    [5, () => undefined],
  ])();
}

const STATUSES: readonly (readonly [number, number])[] = [
  [50, 200],
  [5, 201],
  [5, 204],
  [4, 302],
  [8, 400],
  [5, 404],
  [5, 429],
  [10, 500],
  [4, 503],
  [2, 100],
  [2, 599],
];

function randomResponse(rng: Rng, recipe: Recipe): Record<string, unknown> {
  const body = rng.weighted<() => unknown>([
    [45, () => rng.sample(fc.jsonValue({ maxDepth: 4 }))],
    [20, () => ({ id: 1, ticket: { id: 2, status: "open" }, results: [] })],
    [10, () => rng.pick(['{"a":1}', "[", "not json", '{"__proto__":{"polluted":true}}', ""])],
    [
      25,
      () => {
        const made = anyHostile(rng);
        recipe.note(`response body: ${made.label}`, `response: ${made.tag}`);
        return made.value;
      },
    ],
  ])();
  const headers = rng.chance(0.2)
    ? { headers: { "content-type": rng.pick(["application/json", "text/plain"]) } }
    : {};
  return { status: rng.weighted(STATUSES), ...headers, body };
}

function randomMocks(
  rng: Rng,
  bundle: Record<string, unknown>,
  recipe: Recipe,
): Pick<RunCase, "mocks" | "mocksFile" | "handlerThrows"> {
  const http = httpActionNames(bundle).map((action) => ({
    match: { action },
    response: randomResponse(rng, recipe),
    ...(rng.chance(0.2) ? { times: rng.pick([1, 2]) } : {}),
  }));
  const config = rng.chance(0.8)
    ? rng.sample(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }))
    : prototypeObject(rng).value;
  const configs = objectOf([[rng.pick(["settings", "my-integration:1/name", ...PROTOTYPE_NAMES]), config]]);
  const linkObject = () => ({
    name: rng.pick(["a", "b", "__proto__"]),
    ...(rng.chance(0.5) ? { metadata: { k: 1 } } : {}),
  });
  const links = Array.from({ length: rng.int(3) }, () => ({
    link_type: rng.pick(["t", "constructor"]),
    left_object: linkObject(),
    right_object: linkObject(),
  }));
  const mocks = { http, configs, links };
  return rng.weighted<() => Pick<RunCase, "mocks" | "mocksFile" | "handlerThrows">>([
    [70, () => ({ mocks, mocksFile: false, handlerThrows: false })],
    [
      15,
      () => {
        recipe.note("mocks file, mutated");
        mutate(mocks, rng, recipe, []);
        return { mocks, mocksFile: true, handlerThrows: false };
      },
    ],
    [
      5,
      () => {
        recipe.note("mocks file of random JSON");
        return { mocks: rng.sample(fc.jsonValue()), mocksFile: true, handlerThrows: false };
      },
    ],
    [
      5,
      () => {
        recipe.note("a mock handler that throws");
        return { mocks, mocksFile: false, handlerThrows: true };
      },
    ],
    [
      5,
      () => {
        recipe.note("no mocks");
        return { mocks: {}, mocksFile: false, handlerThrows: false };
      },
    ],
  ])();
}
