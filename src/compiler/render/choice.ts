import type { JsonObject } from "../../model/json.js";
import type { Condition } from "../../dsl/conditions.js";
import { isRef, refPath } from "../../dsl/ref.js";
import type { ChoiceStep } from "../../dsl/states/index.js";
import { stateHead } from "./common.js";

export function renderChoice(step: ChoiceStep): JsonObject {
  const out = stateHead("Choice", step.comment);
  out.Choices = step.rules.map((rule) => {
    const rendered = renderCondition(rule.condition);
    rendered.Next = rule.next.name;
    if (rule.comment !== undefined) rendered.Comment = rule.comment;
    return rendered;
  });
  if (step.defaultStep) out.Default = step.defaultStep.name;
  return out;
}

/** A condition as a choice rule without `Next` (the form nested rules take). */
export function renderCondition(condition: Condition): JsonObject {
  switch (condition.kind) {
    case "comparison":
      return {
        Variable: refPath(condition.variable),
        [condition.operator]: isRef(condition.operand) ? refPath(condition.operand) : condition.operand,
      };
    case "and":
      return { And: condition.conditions.map(renderCondition) };
    case "or":
      return { Or: condition.conditions.map(renderCondition) };
    case "not":
      return { Not: renderCondition(condition.condition) };
  }
}
