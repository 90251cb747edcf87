import {
  classifyRule,
  comparisonHolds,
  COMPARISON_OPERATORS,
  type ChoiceRule,
} from "../../model/choice-rule.js";
import type { ChoiceState } from "../../model/states/choice.js";
import { compilePath, isMissing, lookup, read } from "../data.js";
import { HarnessError, StateError, STATE_ERROR_NAMES } from "../errors.js";
import type { StateOutcome, StateRun } from "./types.js";

type Predicate = (data: unknown) => boolean;

export interface PreparedChoice {
  readonly type: "Choice";
  readonly name: string;
  readonly rules: ReadonlyArray<{ readonly test: Predicate; readonly next: string }>;
  readonly defaultNext: string | undefined;
}

export function prepareChoice(name: string, state: ChoiceState): PreparedChoice {
  return {
    type: "Choice",
    name,
    rules: state.Choices.map((rule, i) => ({
      test: compileRule(rule, `${name}.Choices[${i}]`),
      next: rule.Next ?? "",
    })),
    defaultNext: state.Default,
  };
}

/** The first rule that holds picks the next state, else Default, else States.NoChoiceMatched. */
export function runChoice(state: PreparedChoice, run: StateRun): Promise<StateOutcome> {
  for (let i = 0; i < state.rules.length; i++) {
    const rule = state.rules[i]!;
    if (rule.test(run.data)) {
      run.entry.choice = i;
      return Promise.resolve({ kind: "next", data: run.data, next: rule.next });
    }
  }
  if (state.defaultNext === undefined)
    throw new StateError(
      STATE_ERROR_NAMES.noChoiceMatched,
      `no choice rule of "${state.name}" matched and it has no Default`,
    );
  run.entry.choice = "default";
  return Promise.resolve({ kind: "next", data: run.data, next: state.defaultNext });
}

/**
 * Compiles a rule (reference §4.3): a missing Variable is "JSON path not found" except for IsPresent; a value
 * of the wrong type makes the comparison false, never an error (the model's `comparisonHolds`).
 */
export function compileRule(rule: ChoiceRule, where: string): Predicate {
  const shape = classifyRule(rule);
  switch (shape.kind) {
    case "and": {
      const all = shape.rules.map((r, i) => compileRule(r, `${where}.And[${i}]`));
      return (data) => all.every((test) => test(data));
    }
    case "or": {
      const any = shape.rules.map((r, i) => compileRule(r, `${where}.Or[${i}]`));
      return (data) => any.some((test) => test(data));
    }
    case "not": {
      const inner = compileRule(shape.rule, `${where}.Not`);
      return (data) => !inner(data);
    }
    case "malformed":
      throw new HarnessError(
        "invalid_bundle",
        shape.problem === "not_a_list"
          ? `${where}: ${shape.operators[0]} takes a list of rules`
          : `${where}: a rule needs exactly one operator, found ${shape.operators.join(", ") || "none"}`,
      );
    case "comparison": {
      const { operator, operand } = shape;
      if (typeof shape.variable !== "string")
        throw new HarnessError("invalid_bundle", `${where}: ${operator} needs a Variable`);
      const variable = compilePath(shape.variable);
      if (COMPARISON_OPERATORS[operator].values === "presence")
        return (data) => {
          const found = lookup(data, variable);
          return comparisonHolds(operator, isMissing(found) ? undefined : found, operand);
        };
      if (COMPARISON_OPERATORS[operator].operandIsPath) {
        if (typeof operand !== "string")
          throw new HarnessError("invalid_bundle", `${where}: ${operator} needs a path`);
        const other = compilePath(operand);
        return (data) => comparisonHolds(operator, read(data, variable), read(data, other));
      }
      return (data) => comparisonHolds(operator, read(data, variable), operand);
    }
  }
}
