/** Mutations of a runnable bundle that mostly keep it valid, so that it runs (the validator's mutations now and then). */
import { JQ_ACTION_NAME } from "../../src/model/names.js";
import { ENDLESS_JQ, jqState } from "./endless.js";
import { anyHostile, placeholders } from "./hostile.js";
import { isRecord, setMember, type JsonContainer } from "./json.js";
import {
  findSites,
  graftDonorState,
  mutate,
  pointerText,
  prototypeNames,
  writeAt,
  type Mutation,
  type MutationContext,
  type Recipe,
  type StateSite,
} from "./mutations.js";
import type { Rng } from "./random.js";

/** jq programs that end, probing the engines: prototype names, deep or large outputs, errors, odd builtins. */
const OTHER_JQ = [
  ".",
  ".ticket_event.ticket.id",
  "tostring",
  "tojson",
  "fromjson?",
  "[paths]",
  "[..]",
  "to_entries",
  "[.[]?]",
  "walk(.)",
  "tostream",
  '.["__proto__"]',
  ".constructor.prototype",
  '{"__proto__": {"polluted": true}}',
  'setpath(["__proto__", "polluted"]; 1)',
  'getpath(["constructor", "prototype"])',
  "reduce range(10000) as $i (null; [.])",
  "reduce range(100000) as $i (null; {a: .})",
  "[range(100000)]",
  "@base64d",
  "env",
  "input",
  "$__loc__",
  "error",
  "error(null)",
  "nan",
  "infinite",
  "1e1000",
  'test("(")',
  "limit(-1; 1)",
];

const retargetWithinMachine: Mutation = ({ rng, recipe, sites }) => {
  const { machine, state } = rng.pick(sites.states);
  const handlers = [state.Choices, state.Catch].filter(Array.isArray).flat();
  const places = sites.transitions.filter(
    (place) => place.holder === state || handlers.includes(place.holder),
  );
  if (places.length === 0) return;
  const place = rng.pick(places);
  const target = rng.pick(Object.keys(machine));
  writeAt(place, target);
  recipe.note(`retarget ${pointerText(place)} to "${target}"`);
};

/**
 * Adds `state` to the machine of a state that has a `Next`, between that state and its `Next` (unless `state`
 * names its own). Returns the machine's `States`, or undefined when no state has a `Next`.
 */
function insertState(
  context: MutationContext,
  name: string,
  state: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const hosts = context.sites.states.filter((site) => typeof site.state.Next === "string");
  if (hosts.length === 0) return undefined;
  const host = context.rng.pick(hosts);
  delete state.End;
  state.Next ??= host.state.Next;
  host.state.Next = name;
  setMember(host.machine, name, state);
  return host.machine;
}

const setJqProgram: Mutation = (context) => {
  const { rng, recipe, sites } = context;
  const endless = rng.chance(0.1);
  const program = rng.pick(endless ? ENDLESS_JQ : OTHER_JQ);
  const tag = endless ? `endless jq: ${program}` : undefined;
  const jqStates = sites.states.filter(
    (site) => site.state.ActionName === JQ_ACTION_NAME && isRecord(site.state.Parameters),
  );
  if (jqStates.length > 0) {
    const { state, place } = rng.pick(jqStates);
    (state.Parameters as Record<string, unknown>).expr = program;
    recipe.note(`jq ${JSON.stringify(program)} in ${pointerText(place)}`, tag);
  } else if (insertState(context, "FuzzJq", jqState(program, { data: rng.pick(["$.input", "$"]) }))) {
    recipe.note(`insert state FuzzJq: jq ${JSON.stringify(program)}`, tag);
  }
};

/** A jq program that never ends, or a loop that doubles the flow data (`$` copied into `$.a`, then `$.b`). */
const insertEndlessState: Mutation = (context) => {
  const { rng, recipe } = context;
  if (rng.chance(0.5)) {
    const program = rng.pick(ENDLESS_JQ);
    if (insertState(context, "FuzzEndless", jqState(program)))
      recipe.note(`insert state FuzzEndless: jq ${JSON.stringify(program)}`, `endless jq: ${program}`);
    return;
  }
  const machine = insertState(context, "FuzzCopyA", { Type: "Pass", ResultPath: "$.a", Next: "FuzzCopyB" });
  if (!machine) return;
  setMember(machine, "FuzzCopyB", { Type: "Pass", ResultPath: "$.b", Next: "FuzzCopyA" });
  recipe.note("insert a loop copying $ into $.a and $.b", "copy loop");
};

const TIMING_KEYS = ["Seconds", "IntervalSeconds", "MaxAttempts", "BackoffRate", "page_size"];

/** Huge waits and retries: set where they are, or a Retry added to an Action state. */
const extremeTimings: Mutation = ({ rng, recipe, sites }) => {
  const timings = sites.numbers.filter((place) => TIMING_KEYS.includes(String(place.key)));
  if (timings.length > 0 && rng.chance(0.5)) {
    const place = rng.pick(timings);
    const value = rng.pick([1_000_000_000, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 1e308]);
    writeAt(place, value);
    recipe.note(`set ${pointerText(place)} to ${value}`, "huge timing");
    return;
  }
  const actions = sites.states.filter((site) => site.state.Type === "Action");
  if (actions.length === 0) return;
  const { state, place } = rng.pick(actions);
  const retry = {
    ErrorEquals: ["States.ALL"],
    MaxAttempts: rng.pick([1_000_000_000, 100]),
    IntervalSeconds: rng.pick([1, 2 ** 31 - 1]),
    BackoffRate: rng.pick([1, 2, 1e308]),
  };
  state.Retry = [retry];
  recipe.note(`Retry ${JSON.stringify(retry)} on ${pointerText(place)}`, "huge retry");
};

const PATH_KEY = /^(ResultPath|ItemsPath|SecondsPath|Variable)$|\.\$$/;

const hostilePaths: Mutation = ({ rng, recipe, sites }) => {
  const places = sites.strings.filter((place) => PATH_KEY.test(String(place.key)));
  if (places.length === 0) return;
  const place = rng.pick(places);
  const [value, tag] = rng.weighted<() => readonly [string, string | undefined]>([
    [
      40,
      () => [
        rng.pick([
          "$.__proto__",
          "$.__proto__.polluted",
          "$.constructor.prototype.polluted",
          "$.input.__proto__",
          "$.toString",
          "$['__proto__']['polluted']",
        ]),
        "prototype names",
      ],
    ],
    [
      30,
      () => [
        rng.pick(["$", "$..id", "$.input.items[*]", "$.input", "$.a[0]", "$.input.ticket_event.ticket.id"]),
        undefined,
      ],
    ],
    [
      30,
      () => [
        rng.pick(["$", "$.input"]) + rng.pick([".a", "[0]"]).repeat(rng.size(1_000, 100_000)),
        "deep path",
      ],
    ],
  ])();
  writeAt(place, value);
  recipe.note(`set ${pointerText(place)} to ${JSON.stringify(value.slice(0, 40))}`, tag);
};

/** Hostile data where a state writes or renders it: a Pass Result, a parameter, a Succeed Message, a Fail Cause. */
const hostileData: Mutation = ({ rng, recipe, sites }) => {
  const { state, place } = rng.pick(sites.states);
  const made = rng.chance(0.3) ? placeholders(rng) : anyHostile(rng);
  const key =
    state.Type === "Pass"
      ? "Result"
      : state.Type === "Succeed"
        ? "Message"
        : state.Type === "Fail"
          ? "Cause"
          : undefined;
  if (key && (typeof made.value === "string" || key === "Result")) state[key] = made.value;
  else if (isRecord(state.Parameters))
    setMember(state.Parameters, rng.chance(0.5) ? "fuzz" : "fuzz.$", made.value);
  else return;
  recipe.note(`${made.label} in ${pointerText(place)}`, made.tag);
};

const RUN_MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [20, retargetWithinMachine],
  [15, setJqProgram],
  [2, insertEndlessState],
  [10, extremeTimings],
  [12, hostilePaths],
  [12, hostileData],
  [8, prototypeNames],
  [5, graftDonorState],
];

/** Applies one random mutation to `bundle`, in place: mostly one of those above, now and then any. */
export function mutateRunnable(
  bundle: JsonContainer,
  rng: Rng,
  recipe: Recipe,
  donors: readonly StateSite[],
): void {
  const sites = findSites(bundle);
  if (rng.chance(0.1) || sites.states.length === 0) mutate(bundle, rng, recipe, donors);
  else rng.weighted(RUN_MUTATIONS)({ rng, recipe, sites, donors });
}
