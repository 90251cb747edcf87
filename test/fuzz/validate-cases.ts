/** The validator's inputs: random JSON, whole hostile documents, and mutations of every seed document. */
import { RANDOM_JSON } from "./arbitraries.js";
import { anyHostile } from "./hostile.js";
import { cloneDocument, isContainer } from "./json.js";
import { mutate, Recipe, type FuzzCase } from "./mutations.js";
import { Rng } from "./random.js";
import type { Seeds } from "./seeds.js";

/** Case `index` of the campaign seeded `campaignSeed`: the same case every time. */
export function validateCase(campaignSeed: number, index: number, seeds: Seeds): FuzzCase {
  const rng = new Rng(campaignSeed, 1, index);
  return rng.weighted<(rng: Rng, seeds: Seeds) => FuzzCase>([
    [12, randomJson],
    [4, hostileDocument],
    [84, mutatedSeed],
  ])(rng, seeds);
}

function randomJson(rng: Rng): FuzzCase {
  const [name, arbitrary] = rng.pick(RANDOM_JSON);
  return new Recipe(`random ${name}`).finish(rng.sample(arbitrary));
}

/** A hostile value as the whole document, or as its `resources`. */
function hostileDocument(rng: Rng): FuzzCase {
  const made = anyHostile(rng);
  if (rng.chance(0.5)) return new Recipe(made.label, made.tag).finish(made.value);
  const document = { name: "fuzz", zis_template_version: "2019-10-14", resources: made.value };
  return new Recipe(`${made.label} as resources`, made.tag).finish(document);
}

function mutatedSeed(rng: Rng, seeds: Seeds): FuzzCase {
  const seed = rng.pick(seeds.documents);
  const recipe = new Recipe(seed.name);
  const document = cloneDocument(seed.document);
  const mutations = rng.weighted([
    [50, 1],
    [25, 2],
    [15, 3],
    [10, 5],
  ]);
  for (let i = 0; i < mutations; i++) if (isContainer(document)) mutate(document, rng, recipe, seeds.donors);
  return recipe.finish(document);
}
