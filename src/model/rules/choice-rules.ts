import type { PointerSegment } from "../pointer.js";
import { classifyRule } from "../choice-rule.js";
import { isObject, type RawObject } from "../bundle-view.js";
import type { Rule, RuleContext } from "./context.js";

/** Choice states have rules; each rule is one comparison with a Variable or one non-empty And/Or/Not. */
export const checkChoiceRules: Rule = (context) => {
  for (const machine of context.view.machines) {
    for (const state of machine.states) {
      if (state.type !== "Choice") continue;
      const { raw, at } = state;
      if (Array.isArray(raw.Choices) && raw.Choices.length === 0)
        context.report("choice_without_rules", [...at, "Choices"], {});
      if (raw.Default === undefined) context.report("choice_without_default", at, {});
      if (!Array.isArray(raw.Choices)) continue;
      raw.Choices.forEach((rule, i) => {
        if (!isObject(rule)) return;
        const ruleAt = [...at, "Choices", i];
        if (rule.Next === undefined) context.report("choice_rule_without_next", ruleAt, {});
        checkRule(context, rule, ruleAt, true);
      });
    }
  }
};

function checkRule(
  context: RuleContext,
  rule: RawObject,
  at: readonly PointerSegment[],
  topLevel: boolean,
): void {
  if (!topLevel && rule.Next !== undefined) context.report("next_in_nested_rule", [...at, "Next"], {});
  const shape = classifyRule(rule);
  // An And or Or that is not a list is the schema check's to report.
  if (shape.kind === "malformed" && shape.problem === "operators") {
    context.report("choice_rule_shape", at, { problem: "operators", operators: shape.operators });
  } else if (shape.kind === "comparison" && shape.variable === undefined) {
    context.report("choice_rule_shape", at, { problem: "no_variable", operator: shape.operator });
  } else if (shape.kind !== "comparison" && rule.Variable !== undefined) {
    const operator = shape.kind === "and" ? "And" : shape.kind === "or" ? "Or" : "Not";
    context.report("choice_rule_shape", [...at, "Variable"], { problem: "variable_not_taken", operator });
  }
  // Nested rules are checked even where this one is malformed, so that every mistake shows at once.
  for (const op of ["And", "Or"] as const) {
    const list = rule[op];
    if (!Array.isArray(list)) continue;
    if (list.length === 0)
      context.report("choice_rule_shape", [...at, op], { problem: "empty_list", operator: op });
    list.forEach((sub, i) => {
      if (isObject(sub)) checkRule(context, sub, [...at, op, i], false);
    });
  }
  if (isObject(rule.Not)) checkRule(context, rule.Not, [...at, "Not"], false);
}
