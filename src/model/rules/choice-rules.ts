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
        checkRuleTree(context, rule, ruleAt);
      });
    }
  }
};

/**
 * Checks a top-level rule and every rule nested in it, in document order. The walk keeps its own stack of work
 * (a rule to check, or an empty And/Or to report after the rules before it), so nesting never overflows the
 * call stack.
 */
function checkRuleTree(context: RuleContext, root: RawObject, rootAt: readonly PointerSegment[]): void {
  const work: Array<() => void> = [];
  const check = (rule: RawObject, at: readonly PointerSegment[], isTopLevel: boolean) => {
    if (!isTopLevel && rule.Next !== undefined) context.report("next_in_nested_rule", [...at, "Next"], {});
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
    const nested: Array<() => void> = [];
    for (const op of ["And", "Or"] as const) {
      const list = rule[op];
      if (!Array.isArray(list)) continue;
      if (list.length === 0)
        nested.push(() =>
          context.report("choice_rule_shape", [...at, op], { problem: "empty_list", operator: op }),
        );
      list.forEach((sub, i) => {
        if (isObject(sub)) nested.push(() => check(sub, [...at, op, i], false));
      });
    }
    const not = rule.Not;
    if (isObject(not)) nested.push(() => check(not, [...at, "Not"], false));
    for (let i = nested.length - 1; i >= 0; i--) work.push(nested[i]!);
  };
  check(root, rootAt, true);
  while (work.length > 0) work.pop()!();
}
