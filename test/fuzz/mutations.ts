/**
 * Structured mutations of a bundle (or any JSON document), in place: replace, delete or duplicate values at
 * random JSON pointers, retarget `Next`s, change `Type`s, rename keys, graft states from other documents, and
 * insert hostile values where the validator and the interpreter read them.
 */
import { toPointer } from "../../src/model/pointer.js";
import { RANDOM_JSON } from "./arbitraries.js";
import {
  anyHostile,
  deepAndOrRule,
  deepMapState,
  deepNotRule,
  deepParameters,
  extremeNumber,
  hugeString,
  placeholders,
  PROTOTYPE_NAMES,
  stateChain,
  type Hostile,
} from "./hostile.js";
import { cloneDocument, isRecord, objectOf, setMember, type JsonContainer } from "./json.js";
import type { Rng } from "./random.js";

/** A generated case: the document to check, how it was made, and the tags of its hostile ingredients. */
export interface FuzzCase {
  readonly document: unknown;
  readonly label: string;
  /** What hangs are grouped by: the hostile ingredients, not the incidental mutations. */
  readonly tags: readonly string[];
}

/** What was done to make a case, step by step. */
export class Recipe {
  readonly #steps: string[];
  readonly #tags = new Set<string>();

  constructor(origin: string, tag?: string) {
    this.#steps = [origin];
    if (tag !== undefined) this.#tags.add(tag);
  }

  note(step: string, tag?: string): void {
    this.#steps.push(step);
    if (tag !== undefined) this.#tags.add(tag);
  }

  finish(document: unknown): FuzzCase {
    return { document, label: this.#steps.join(" · "), tags: [...this.#tags].sort() };
  }
}

/** A member of an object or an element of an array, and the place of its holder (none: the document). */
export interface Place {
  readonly holder: JsonContainer;
  readonly key: string | number;
  readonly parent: Place | undefined;
}

const valueAt = (place: Place): unknown =>
  Array.isArray(place.holder) ? place.holder[place.key as number] : place.holder[place.key];

export function writeAt(place: Place, value: unknown): void {
  if (Array.isArray(place.holder)) place.holder[place.key as number] = value;
  else setMember(place.holder, String(place.key), value);
}

function removeAt(place: Place): void {
  if (Array.isArray(place.holder)) place.holder.splice(place.key as number, 1);
  else delete place.holder[place.key];
}

/** The place's JSON pointer, shortened for a label. Kept as parent links: a path per place is quadratic in depth. */
export const pointerText = (place: Place): string => {
  const path: (string | number)[] = [];
  for (let at: Place | undefined = place; at; at = at.parent) path.push(at.key);
  const pointer = toPointer(path.reverse());
  return pointer.length > 100 ? pointer.slice(0, 97) + "…" : pointer;
};

/** A state of a state machine: `machine` is the machine's `States` object. */
export interface StateSite {
  readonly machine: Record<string, unknown>;
  readonly name: string;
  readonly state: Record<string, unknown>;
  readonly place: Place;
}

/** The places of a document that mutations aim at, from a walk of its first SITE_BUDGET values. */
export interface Sites {
  readonly places: Place[];
  /** Objects with a `States` object. */
  readonly machines: Place[];
  readonly states: StateSite[];
  readonly choiceLists: Place[];
  /** `Next`, `Default` and `StartAt` members. */
  readonly transitions: Place[];
  readonly strings: Place[];
  readonly numbers: Place[];
  /** Objects with `type` and `properties`: resources. */
  readonly resources: Place[];
  /** State and resource names: targets for retargets. */
  readonly names: string[];
}

const SITE_BUDGET = 20_000;
const TRANSITION_KEYS = ["Next", "Default", "StartAt"];

/** Breadth first, so that a deep hostile value inserted earlier does not use up the budget. */
export function findSites(document: unknown): Sites {
  const sites: Sites = {
    places: [],
    machines: [],
    states: [],
    choiceLists: [],
    transitions: [],
    strings: [],
    numbers: [],
    resources: [],
    names: [],
  };
  const queue: Place[] = [];
  const enqueue = (value: unknown, parent: Place | undefined) => {
    if (Array.isArray(value)) value.forEach((_, i) => queue.push({ holder: value, key: i, parent }));
    else if (isRecord(value))
      for (const key of Object.keys(value)) queue.push({ holder: value, key, parent });
  };
  enqueue(document, undefined);
  for (let i = 0; i < queue.length && i < SITE_BUDGET; i++) {
    const place = queue[i]!;
    const value = valueAt(place);
    sites.places.push(place);
    if (typeof value === "string") {
      sites.strings.push(place);
      if (TRANSITION_KEYS.includes(String(place.key))) sites.transitions.push(place);
    } else if (typeof value === "number") {
      sites.numbers.push(place);
    } else if (isRecord(value)) {
      const states = value.States;
      if (isRecord(states)) {
        sites.machines.push(place);
        for (const [name, state] of Object.entries(states)) {
          sites.names.push(name);
          if (isRecord(state))
            sites.states.push({
              machine: states,
              name,
              state,
              place: { holder: states, key: name, parent: { holder: value, key: "States", parent: place } },
            });
        }
      }
      if ("type" in value && "properties" in value) {
        sites.resources.push(place);
        sites.names.push(String(place.key));
      }
    } else if (Array.isArray(value) && place.key === "Choices") {
      sites.choiceLists.push(place);
    }
    enqueue(value, place);
  }
  return sites;
}

/** What a mutation works on. */
export interface MutationContext {
  readonly rng: Rng;
  readonly recipe: Recipe;
  readonly sites: Sites;
  /** States taken from every seed document, to graft into others. */
  readonly donors: readonly StateSite[];
}

export type Mutation = (context: MutationContext) => void;

/** A value to put somewhere: random JSON mostly, names the document uses, and small hostile values. */
function randomValue(
  rng: Rng,
  sites: Sites,
): { readonly value: unknown; readonly label: string; readonly tag?: string } {
  return rng.weighted<() => { value: unknown; label: string; tag?: string }>([
    [
      45,
      () => {
        const [name, arbitrary] = rng.pick(RANDOM_JSON.slice(0, 3));
        const value = rng.sample(arbitrary);
        return { value, label: `random ${name} ${(JSON.stringify(value) ?? "").slice(0, 40)}` };
      },
    ],
    [
      15,
      () => {
        const value =
          sites.names.length > 0 && rng.chance(0.6)
            ? rng.pick(sites.names)
            : rng.pick(["$", "$.input", "$.input.ticket_event.ticket.id", "$.a[0]"]);
        return { value, label: JSON.stringify(value) };
      },
    ],
    [10, () => ({ value: rng.pick(PROTOTYPE_NAMES), label: "a prototype name" })],
    [
      10,
      () => {
        const value = rng.pick([[], {}, null, true, false, "", 0, -1]);
        return { value, label: JSON.stringify(value) };
      },
    ],
    [
      20,
      () => {
        const made = rng.chance(0.5) ? extremeNumber(rng) : anyHostile(rng);
        return { value: made.value, label: made.label, tag: made.tag };
      },
    ],
  ])();
}

const replaceValue: Mutation = ({ rng, recipe, sites }) => {
  const place = rng.pick(sites.places);
  const { value, label, tag } = randomValue(rng, sites);
  writeAt(place, value);
  recipe.note(`replace ${pointerText(place)} with ${label}`, tag);
};

const deleteValue: Mutation = ({ rng, recipe, sites }) => {
  const place = rng.pick(sites.places);
  removeAt(place);
  recipe.note(`delete ${pointerText(place)}`);
};

/** A copy of a value at a second place (a copy: sharing it could put a value inside itself). */
const duplicateValue: Mutation = ({ rng, recipe, sites }) => {
  const source = rng.pick(sites.places);
  const value = cloneDocument(valueAt(source));
  if (rng.chance(0.5)) {
    const target = rng.pick(sites.places);
    writeAt(target, value);
    recipe.note(`copy ${pointerText(source)} to ${pointerText(target)}`);
  } else if (Array.isArray(source.holder)) {
    source.holder.splice(source.key as number, 0, value);
    recipe.note(`duplicate array item ${pointerText(source)}`);
  } else {
    const key = rng.chance(0.3) ? rng.pick(PROTOTYPE_NAMES) : `${String(source.key)}_copy`;
    setMember(source.holder, key, value);
    recipe.note(`duplicate ${pointerText(source)} as "${key}"`);
  }
};

const retargetTransition: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.transitions.length === 0) return replaceValue(context);
  const place = rng.pick(sites.transitions);
  const target = rng.weighted<() => string>([
    [60, () => (sites.names.length > 0 ? rng.pick(sites.names) : "Missing")],
    [15, () => rng.pick(PROTOTYPE_NAMES)],
    [10, () => "Missing"],
    [5, () => ""],
    [10, () => "S".repeat(rng.size(1_000, 100_000))],
  ])();
  writeAt(place, target);
  recipe.note(`retarget ${pointerText(place)} to "${target.slice(0, 20)}"`);
};

const STATE_TYPES = [
  "Action",
  "Choice",
  "Pass",
  "Wait",
  "Succeed",
  "Fail",
  "Map",
  "Parallel",
  "Task",
  "action",
  "",
  "__proto__",
];
const RESOURCE_TYPES = [
  "ZIS::Flow",
  "ZIS::Action::Http",
  "ZIS::JobSpec",
  "ZIS::Config",
  "ZIS::Action",
  "zis::flow",
  "",
  "constructor",
];

const changeType: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.states.length > 0 && (sites.resources.length === 0 || rng.chance(0.7))) {
    const { state, place } = rng.pick(sites.states);
    state.Type = rng.pick(STATE_TYPES);
    recipe.note(`change ${pointerText(place)}/Type to "${String(state.Type)}"`);
  } else if (sites.resources.length > 0) {
    const place = rng.pick(sites.resources);
    const resource = valueAt(place) as Record<string, unknown>;
    resource.type = rng.pick(RESOURCE_TYPES);
    recipe.note(`change ${pointerText(place)}/type to "${String(resource.type)}"`);
  } else replaceValue(context);
};

const renameKey: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  const members = sites.places.filter((place) => !Array.isArray(place.holder));
  if (members.length === 0) return replaceValue(context);
  const place = rng.pick(members);
  const key = String(place.key);
  const renamed = rng.weighted<() => string>([
    [40, () => rng.pick(PROTOTYPE_NAMES) + (rng.chance(0.3) ? ".$" : "")],
    [30, () => (key.endsWith(".$") ? key.slice(0, -2) : `${key}.$`)],
    [10, () => `${key}_x`],
    [10, () => ""],
    [10, () => key.toUpperCase()],
  ])();
  const value = valueAt(place);
  removeAt(place);
  setMember(place.holder as Record<string, unknown>, renamed, value);
  recipe.note(`rename ${pointerText(place)} to "${renamed}"`);
};

/** Points a random transition of one of `machine`'s states at `name`; returns the target it had. */
function pointAt(
  context: MutationContext,
  machine: Record<string, unknown>,
  name: string,
): string | undefined {
  const { rng, sites } = context;
  const states = new Set(Object.values(machine));
  const inMachine = sites.transitions.filter((place) => states.has(place.holder));
  const place = inMachine.length > 0 ? rng.pick(inMachine) : undefined;
  if (!place) return undefined;
  const previous = valueAt(place);
  writeAt(place, name);
  return typeof previous === "string" ? previous : undefined;
}

export const graftDonorState: Mutation = (context) => {
  const { rng, recipe, sites, donors } = context;
  if (sites.states.length === 0 || donors.length === 0) return replaceValue(context);
  const { machine } = rng.pick(sites.states);
  const donor = rng.pick(donors);
  setMember(machine, donor.name, cloneDocument(donor.state));
  pointAt(context, machine, donor.name);
  recipe.note(`graft state "${donor.name}"`);
};

/** Puts a hostile value at a place, noting it. */
function insert(recipe: Recipe, place: Place, made: Hostile): void {
  writeAt(place, made.value);
  recipe.note(`${made.label} at ${pointerText(place)}`, made.tag);
}

/** A string place, preferably one the validator or the interpreter reads as a template or program. */
function textPlace(rng: Rng, sites: Sites): Place | undefined {
  const read = sites.strings.filter((place) =>
    /\.\$$|^(Message|Cause|Error|expr|url|Variable)$/.test(String(place.key)),
  );
  if (read.length > 0 && rng.chance(0.7)) return rng.pick(read);
  return sites.strings.length > 0 ? rng.pick(sites.strings) : undefined;
}

const genericHostile: Mutation = ({ rng, recipe, sites }) =>
  insert(recipe, rng.pick(sites.places), anyHostile(rng));

const insertDeepRule: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.choiceLists.length === 0) return genericHostile(context);
  const place = rng.pick(sites.choiceLists);
  const next = sites.names.length > 0 ? rng.pick(sites.names) : "Done";
  const made = rng.chance(0.6) ? deepNotRule(rng, next) : deepAndOrRule(rng, next);
  (valueAt(place) as unknown[]).push(made.value);
  recipe.note(`${made.label} in ${pointerText(place)}`, made.tag);
};

const insertDeepMap: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.states.length === 0) return genericHostile(context);
  const { machine } = rng.pick(sites.states);
  const made = deepMapState(rng, pointAt(context, machine, "DeepMap"));
  setMember(machine, "DeepMap", made.value);
  recipe.note(`${made.label} as state "DeepMap"`, made.tag);
};

const insertDeepParameters: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.states.length === 0) return genericHostile(context);
  const { state, place } = rng.pick(sites.states);
  const made = deepParameters(rng);
  state[state.Type === "Pass" ? "Result" : "Parameters"] = made.value;
  recipe.note(`${made.label} in ${pointerText(place)}`, made.tag);
};

/** A string the validator or the interpreter reads as a template or program becomes a hostile one. */
const hostileText =
  (make: (rng: Rng) => Hostile): Mutation =>
  (context) => {
    const place = textPlace(context.rng, context.sites);
    if (!place) return genericHostile(context);
    insert(context.recipe, place, make(context.rng));
  };

const insertExtremeNumber: Mutation = ({ rng, recipe, sites }) => {
  const place = sites.numbers.length > 0 ? rng.pick(sites.numbers) : rng.pick(sites.places);
  insert(recipe, place, extremeNumber(rng));
};

const insertStateChain: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  if (sites.machines.length === 0) return genericHostile(context);
  const place = rng.pick(sites.machines);
  const made = stateChain(rng);
  Object.assign(valueAt(place) as Record<string, unknown>, made.value);
  recipe.note(`${made.label} as ${pointerText(place)}`, made.tag);
};

const HOSTILE_INSERTIONS: readonly (readonly [number, Mutation])[] = [
  [10, insertDeepRule],
  [8, insertDeepMap],
  [6, insertDeepParameters],
  [8, hostileText(placeholders)],
  [8, hostileText(hugeString)],
  [8, insertExtremeNumber],
  [6, insertStateChain],
  [12, prototypeNames],
  [12, genericHostile],
];

/** Prototype names where names are looked up: state and resource names, references, paths, `.$` keys. */
export function prototypeNames(context: MutationContext): void {
  const { rng, recipe, sites } = context;
  const name = rng.pick(PROTOTYPE_NAMES);
  const tag = "prototype names";
  const move = rng.int(4);
  if (move === 0 && sites.states.length > 0) {
    const site = rng.pick(sites.states);
    delete site.machine[site.name];
    setMember(site.machine, name, site.state);
    for (const place of sites.transitions) if (valueAt(place) === site.name) writeAt(place, name);
    recipe.note(`rename state ${pointerText(site.place)} to "${name}"`, tag);
  } else if (move === 1 && sites.resources.length > 0) {
    const place = rng.pick(sites.resources);
    setMember(place.holder as Record<string, unknown>, name, cloneDocument(valueAt(place)));
    recipe.note(`copy resource ${pointerText(place)} as "${name}"`, tag);
  } else if (move === 2 && sites.states.length > 0) {
    const { state, place } = rng.pick(sites.states);
    const key = rng.pick(["ResultPath", "ItemsPath", "Parameters", "ActionName"]);
    const value =
      key === "Parameters"
        ? objectOf([[`${name}.$`, "$.input"]])
        : key === "ActionName"
          ? `zis:INTEGRATION:action:${name}`
          : rng.pick([`$.${name}.polluted`, "$.constructor.prototype.polluted", `$.input.${name}`]);
    state[key] = value;
    recipe.note(`set ${pointerText(place)}/${key} to ${JSON.stringify(value)}`, tag);
  } else {
    const place = sites.strings.length > 0 ? rng.pick(sites.strings) : rng.pick(sites.places);
    writeAt(place, name);
    recipe.note(`set ${pointerText(place)} to "${name}"`, tag);
  }
}

const insertHostile: Mutation = (context) => context.rng.weighted(HOSTILE_INSERTIONS)(context);

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [30, replaceValue],
  [12, deleteValue],
  [8, duplicateValue],
  [12, retargetTransition],
  [8, changeType],
  [8, renameKey],
  [6, graftDonorState],
  [22, insertHostile],
];

/** Applies one random mutation to `document` (a container), in place. */
export function mutate(
  document: JsonContainer,
  rng: Rng,
  recipe: Recipe,
  donors: readonly StateSite[],
): void {
  const sites = findSites(document);
  if (sites.places.length === 0) {
    recipe.note("nothing to mutate");
    return;
  }
  rng.weighted(MUTATIONS)({ rng, recipe, sites, donors });
}
