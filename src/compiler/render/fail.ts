import type { JsonObject } from "../../model/json.js";
import type { FailStep } from "../../dsl/states/index.js";
import { renderText } from "../../dsl/text.js";
import { stateHead } from "./common.js";
import type { RenderContext } from "./context.js";

export function renderFail(step: FailStep, context: RenderContext): JsonObject {
  const out = stateHead("Fail", step.comment);
  out.Error = renderText(step.error, context.resolve);
  out.Cause = renderText(step.cause, context.resolve);
  return out;
}
