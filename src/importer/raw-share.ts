import { isJsonObject, type JsonValue } from "../model/json.js";
import { toPointer, type PointerSegment } from "../model/pointer.js";
import type { EditList } from "./diff.js";

/**
 * How much of a bundle the imported module keeps as raw edits instead of DSL code. Only the values the edits
 * set count: removals drop what the builders add, and key orders restore the author's layout, so neither holds
 * any of the bundle's content.
 */
export interface RawShare {
  /** The states of the bundle's flows, Map iterators' included. */
  readonly states: number;
  /** Pointers of the states kept whole as raw JSON: a type ZIS does not run, or a shape no builder takes. */
  readonly rawStates: readonly string[];
  /** Pointers of the values the raw edits set (a state's among them when it is kept whole). */
  readonly rawPointers: readonly string[];
  /** The bundle's size: its compact JSON in UTF-8 bytes (Registry fields dropped). */
  readonly bundleBytes: number;
  /** The size of the values the raw edits set, measured the same way. */
  readonly rawBytes: number;
  /** `rawBytes / bundleBytes`: the part of the bundle's JSON the DSL code does not carry, from 0 to 1. */
  readonly share: number;
}

export function measureRawShare(bundle: JsonValue, edits: EditList): RawShare {
  const setPointers = Object.keys(edits.set);
  const keptRaw = (pointer: string) =>
    setPointers.some((set) => pointer === set || pointer.startsWith(`${set}/`));
  const states = statePointers(bundle);
  // A value set inside another set value is counted with it.
  const rawBytes = setPointers
    .filter((pointer) => !setPointers.some((set) => pointer.startsWith(`${set}/`)))
    .reduce((sum, pointer) => sum + jsonBytes(edits.set[pointer]!), 0);
  const bundleBytes = jsonBytes(bundle);
  return {
    states: states.length,
    rawStates: states.filter(keptRaw),
    rawPointers: setPointers,
    bundleBytes,
    rawBytes,
    share: rawBytes / bundleBytes,
  };
}

const jsonBytes = (value: JsonValue): number => Buffer.byteLength(JSON.stringify(value), "utf8");

/** The pointers of every state of the bundle's flows and of their Map states' iterators. */
function statePointers(bundle: JsonValue): string[] {
  const pointers: string[] = [];
  const visitMachine = (machine: JsonValue | undefined, at: PointerSegment[]): void => {
    if (!isJsonObject(machine) || !isJsonObject(machine.States)) return;
    for (const [name, state] of Object.entries(machine.States)) {
      const stateAt = [...at, "States", name];
      pointers.push(toPointer(stateAt));
      if (isJsonObject(state)) visitMachine(state.Iterator, [...stateAt, "Iterator"]);
    }
  };
  const resources = isJsonObject(bundle) && isJsonObject(bundle.resources) ? bundle.resources : {};
  for (const [key, resource] of Object.entries(resources))
    if (isJsonObject(resource) && resource.type === "ZIS::Flow" && isJsonObject(resource.properties))
      visitMachine(resource.properties.definition, ["resources", key, "properties", "definition"]);
  return pointers;
}
