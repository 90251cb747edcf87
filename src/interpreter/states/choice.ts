import {
  COMPARISON_OPERATORS,
  COMPARISON_OPERATOR_NAMES,
  type ChoiceRule,
  type ComparisonOperator,
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
 * of the wrong type makes the comparison false, never an error.
 */
export function compileRule(rule: ChoiceRule, where: string): Predicate {
  if (rule.And) {
    const all = rule.And.map((r, i) => compileRule(r, `${where}.And[${i}]`));
    return (data) => all.every((test) => test(data));
  }
  if (rule.Or) {
    const any = rule.Or.map((r, i) => compileRule(r, `${where}.Or[${i}]`));
    return (data) => any.some((test) => test(data));
  }
  if (rule.Not) {
    const inner = compileRule(rule.Not, `${where}.Not`);
    return (data) => !inner(data);
  }
  const operator = COMPARISON_OPERATOR_NAMES.find((op) => rule[op] !== undefined);
  if (!operator || rule.Variable === undefined)
    throw new HarnessError("invalid_bundle", `${where}: not a valid choice rule`);
  const variable = compilePath(rule.Variable);
  const operand = rule[operator] as string | number | boolean;
  if (operator === "IsPresent") return (data) => !isMissing(lookup(data, variable)) === operand;
  const compare = comparison(operator);
  if (COMPARISON_OPERATORS[operator] === "path") {
    const other = compilePath(operand as string);
    return (data) => compare(read(data, variable), read(data, other));
  }
  return (data) => compare(read(data, variable), operand);
}

type Compare = (value: unknown, operand: unknown) => boolean;

function comparison(operator: ComparisonOperator): Compare {
  const base = operator.endsWith("Path") ? (operator.slice(0, -4) as ComparisonOperator) : operator;
  switch (base) {
    case "IsNull":
      return (value, expected) => (value === null) === expected;
    case "BooleanEquals":
      return (value, operand) =>
        typeof value === "boolean" && typeof operand === "boolean" && value === operand;
    case "StringEquals":
      return (value, operand) =>
        typeof value === "string" && typeof operand === "string" && value === operand;
    case "StringLessThan":
      return strings((order) => order < 0);
    case "StringGreaterThan":
      return strings((order) => order > 0);
    case "StringLessThanEquals":
      return strings((order) => order <= 0);
    case "StringGreaterThanEquals":
      return strings((order) => order >= 0);
    case "NumericEquals":
      return numbers((a, b) => a === b);
    case "NumericLessThan":
      return numbers((a, b) => a < b);
    case "NumericGreaterThan":
      return numbers((a, b) => a > b);
    case "NumericLessThanEquals":
      return numbers((a, b) => a <= b);
    case "NumericGreaterThanEquals":
      return numbers((a, b) => a >= b);
    case "TimestampEquals":
      return timestamps((a, b) => a === b);
    case "TimestampLessThan":
      return timestamps((a, b) => a < b);
    case "TimestampGreaterThan":
      return timestamps((a, b) => a > b);
    case "TimestampLessThanEquals":
      return timestamps((a, b) => a <= b);
    case "TimestampGreaterThanEquals":
      return timestamps((a, b) => a >= b);
    default:
      throw new HarnessError("invalid_bundle", `unsupported comparison ${operator}`);
  }
}

const numbers =
  (test: (a: number, b: number) => boolean): Compare =>
  (value, operand) =>
    typeof value === "number" && typeof operand === "number" && test(value, operand);

/** Orders strings by Unicode code point (JavaScript's `<` compares UTF-16 units). */
const strings =
  (test: (order: number) => boolean): Compare =>
  (value, operand) =>
    typeof value === "string" && typeof operand === "string" && test(codePointOrder(value, operand));

function codePointOrder(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** RFC 3339 with an upper-case T and a Z or numeric offset (ASL's rule); anything else compares false. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timestampValue(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return undefined;
  const fraction = match[7] ? Number(`0${match[7]}`) * 1000 - Math.floor(Number(`0${match[7]}`) * 1000) : 0;
  return millis + fraction;
}

const timestamps =
  (test: (a: number, b: number) => boolean): Compare =>
  (value, operand) => {
    const a = timestampValue(value);
    const b = timestampValue(operand);
    return a !== undefined && b !== undefined && test(a, b);
  };
