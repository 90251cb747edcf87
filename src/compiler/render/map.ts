import type { JsonObject } from "../../model/json.js";
import { refPath } from "../../dsl/ref.js";
import type { MapStep } from "../../dsl/states/index.js";
import { renderErrorHandling, renderTransition, stateHead } from "./common.js";
import type { RenderContext } from "./context.js";

export function renderMap(step: MapStep, context: RenderContext): JsonObject {
  const out = stateHead("Map", step.comment);
  out.ItemsPath = refPath(step.itemsPath);
  out.Iterator = context.renderIterator(step);
  if (step.resultPath) out.ResultPath = refPath(step.resultPath);
  renderErrorHandling(out, step);
  renderTransition(out, step);
  return out;
}
