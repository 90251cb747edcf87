import type { JsonObject } from "../../model/json.js";
import { ERROR_EQUALS_ALL } from "../../model/states/common.js";
import { refPath } from "../../dsl/ref.js";
import type { ChainableStep, FallibleStep } from "../../dsl/states/step.js";

/** `Next`, or `"End": true` for a state with nowhere to go. */
export function renderTransition(out: JsonObject, step: ChainableStep): void {
  if (step.nextStep) out.Next = step.nextStep.name;
  else out.End = true;
}

/** `Retry` then `Catch`, each matching States.ALL (the only error name ZIS matches). */
export function renderErrorHandling(out: JsonObject, step: FallibleStep): void {
  if (step.retriers.length > 0) {
    out.Retry = step.retriers.map((retry) => {
      const entry: JsonObject = { ErrorEquals: [ERROR_EQUALS_ALL] };
      if (retry.intervalSeconds !== undefined) entry.IntervalSeconds = retry.intervalSeconds;
      if (retry.backoffRate !== undefined) entry.BackoffRate = retry.backoffRate;
      if (retry.maxAttempts !== undefined) entry.MaxAttempts = retry.maxAttempts;
      if (retry.comment !== undefined) entry.Comment = retry.comment;
      return entry;
    });
  }
  if (step.catchers.length > 0) {
    out.Catch = step.catchers.map((catcher) => {
      const entry: JsonObject = { ErrorEquals: [ERROR_EQUALS_ALL], Next: catcher.handler.name };
      if (catcher.resultPath) entry.ResultPath = refPath(catcher.resultPath);
      if (catcher.comment !== undefined) entry.Comment = catcher.comment;
      return entry;
    });
  }
}

/** `Type` then `Comment`: the head every rendered state starts with. */
export function stateHead(type: string, comment: string | undefined): JsonObject {
  const out: JsonObject = { Type: type };
  if (comment !== undefined) out.Comment = comment;
  return out;
}
