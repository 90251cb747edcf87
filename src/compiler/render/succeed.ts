import type { JsonObject } from "../../model/json.js";
import type { SucceedStep } from "../../dsl/states/index.js";
import { renderText } from "../../dsl/text.js";
import { stateHead } from "./common.js";
import type { RenderContext } from "./context.js";

export function renderSucceed(step: SucceedStep, context: RenderContext): JsonObject {
  const out = stateHead("Succeed", step.comment);
  if (step.message !== undefined) out.Message = renderText(step.message, context.resolve);
  return out;
}
