import type { JsonObject } from "../../model/json.js";
import { builtinActionName, customActionName, JQ_ACTION_NAME } from "../../model/names.js";
import type { ActionCall } from "../../dsl/actions.js";
import { refPath } from "../../dsl/ref.js";
import type { ActionStep } from "../../dsl/states/index.js";
import { renderDynamicObject } from "../../dsl/values.js";
import { renderErrorHandling, renderTransition, stateHead } from "./common.js";
import type { RenderContext } from "./context.js";

export function renderAction(step: ActionStep, context: RenderContext): JsonObject {
  const out = stateHead("Action", step.comment);
  out.ActionName = actionNameOf(step.call, context.integration);
  const parameters = renderDynamicObject(
    step.call.parameters,
    context.resolve,
    `state "${step.name}" Parameters`,
  );
  if (Object.keys(parameters).length > 0) out.Parameters = parameters;
  if (step.timeoutSeconds !== undefined) out.TimeoutSeconds = step.timeoutSeconds;
  if (step.resultPath) out.ResultPath = refPath(step.resultPath);
  renderErrorHandling(out, step);
  renderTransition(out, step);
  return out;
}

function actionNameOf(call: ActionCall, integration: string): string {
  switch (call.kind) {
    case "jq":
      return JQ_ACTION_NAME;
    case "builtin":
      return builtinActionName(call.name);
    case "custom":
      return customActionName(integration, call.action.name);
  }
}
