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
        context.report("choice_without_rules", [...at, "Choices"], "a Choice state needs at least one rule");
      if (raw.Default === undefined)
        context.report("choice_without_default", at, "no Default: an event no rule matches fails the flow");
      if (!Array.isArray(raw.Choices)) continue;
      raw.Choices.forEach((rule, i) => {
        if (!isObject(rule)) return;
        const ruleAt = [...at, "Choices", i];
        if (rule.Next === undefined)
          context.report("choice_rule_without_next", ruleAt, "a top-level rule needs Next");
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
  if (!topLevel && rule.Next !== undefined)
    context.report("next_in_nested_rule", [...at, "Next"], "only top-level rules take Next");
  const shape = classifyRule(rule);
  // An And or Or that is not a list is the schema check's to report.
  if (shape.kind === "malformed" && shape.problem === "operators") {
    const found = shape.operators.join(", ") || "none";
    context.report("choice_rule_shape", at, `a rule needs exactly one operator, found ${found}`);
  } else if (shape.kind === "comparison" && shape.variable === undefined) {
    context.report("choice_rule_shape", at, `${shape.operator} needs a Variable`);
  } else if (shape.kind !== "comparison" && rule.Variable !== undefined) {
    const operator = shape.kind === "and" ? "And" : shape.kind === "or" ? "Or" : "Not";
    context.report("choice_rule_shape", [...at, "Variable"], `${operator} rules take no Variable`);
  }
  // Nested rules are checked even where this one is malformed, so that every mistake shows at once.
  for (const op of ["And", "Or"] as const) {
    const list = rule[op];
    if (!Array.isArray(list)) continue;
    if (list.length === 0) context.report("choice_rule_shape", [...at, op], `${op} needs at least one rule`);
    list.forEach((sub, i) => {
      if (isObject(sub)) checkRule(context, sub, [...at, op, i], false);
    });
  }
  if (isObject(rule.Not)) checkRule(context, rule.Not, [...at, "Not"], false);
}
