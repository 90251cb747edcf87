import type { MapState } from "../../model/states/map.js";
import { compilePath, read, write, type CompiledPath } from "../data.js";
import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import {
  prepareCatchers,
  prepareRetriers,
  withErrorHandling,
  type PreparedCatcher,
  type PreparedRetrier,
} from "./error-handling.js";
import { continueWith, type PreparedMachine, type StateOutcome, type StateRun } from "./types.js";

/** ZIS sizes the ItemsPath array before iterating; more than this aborts the Map and ends the flow. */
export const MAP_ITEM_LIMIT = 100;

export interface PreparedMap {
  readonly type: "Map";
  readonly name: string;
  readonly itemsPath: CompiledPath;
  readonly iterator: PreparedMachine;
  readonly resultPath: CompiledPath;
  readonly retriers: readonly PreparedRetrier[];
  readonly catchers: readonly PreparedCatcher[];
  readonly next: string | undefined;
}

export function prepareMap(name: string, state: MapState, iterator: PreparedMachine): PreparedMap {
  return {
    type: "Map",
    name,
    itemsPath: compilePath(state.ItemsPath),
    iterator,
    resultPath: compilePath(state.ResultPath ?? "$"),
    retriers: prepareRetriers(state.Retry),
    catchers: prepareCatchers(state.Catch),
    next: state.Next,
  };
}

/**
 * Runs the iterator once per item, in order; each iteration's data is its item alone. The results, in item
 * order, are written at ResultPath. A failing iteration fails the Map (Retry and Catch apply); over 100 items
 * ends the flow, which no Catch can stop.
 */
export function runMap(state: PreparedMap, run: StateRun): Promise<StateOutcome> {
  return withErrorHandling(run, state.retriers, state.catchers, async () => {
    const items = read(run.data, state.itemsPath);
    if (!Array.isArray(items))
      throw new StateError(STATE_ERROR_NAMES.runtime, `ItemsPath ${state.itemsPath.text} is not an array`);
    if (items.length > MAP_ITEM_LIMIT)
      throw new StateError(
        STATE_ERROR_NAMES.mapItemLimit,
        `ItemsPath ${state.itemsPath.text} has ${items.length} items; a Map takes at most ${MAP_ITEM_LIMIT}`,
        false,
      );
    const results: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const outcome = await run.runMachine(
        state.iterator,
        items[i],
        run.context,
        [...run.entry.iteration, i],
        [...run.entry.scope, state.name],
      );
      if (outcome.kind === "fail") throw new StateError(outcome.error, outcome.cause);
      results.push(outcome.data);
    }
    return continueWith(state, write(run.data, state.resultPath, results, run.context.sizes));
  });
}
