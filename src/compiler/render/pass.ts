import type { JsonObject } from "../../model/json.js";
import { refPath } from "../../dsl/ref.js";
import type { PassStep } from "../../dsl/states/index.js";
import { renderTransition, stateHead } from "./common.js";

export function renderPass(step: PassStep): JsonObject {
  const out = stateHead("Pass", step.comment);
  if (step.result !== undefined) out.Result = step.result;
  if (step.resultPath) out.ResultPath = refPath(step.resultPath);
  renderTransition(out, step);
  return out;
}
