import type { JsonObject } from "../../model/json.js";
import type { Step } from "../../dsl/states/index.js";
import { renderAction } from "./action.js";
import { renderChoice } from "./choice.js";
import type { RenderContext } from "./context.js";
import { renderFail } from "./fail.js";
import { renderMap } from "./map.js";
import { renderPass } from "./pass.js";
import { renderSucceed } from "./succeed.js";
import { renderWait } from "./wait.js";

export type { RenderContext } from "./context.js";
export { renderCondition } from "./choice.js";

/** Renders one state builder as ZIS state JSON, in canonical key order. */
export function renderStep(step: Step, context: RenderContext): JsonObject {
  switch (step.kind) {
    case "Action":
      return renderAction(step, context);
    case "Choice":
      return renderChoice(step);
    case "Pass":
      return renderPass(step);
    case "Wait":
      return renderWait(step);
    case "Map":
      return renderMap(step, context);
    case "Succeed":
      return renderSucceed(step, context);
    case "Fail":
      return renderFail(step, context);
  }
}
