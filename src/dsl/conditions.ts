import { pathVariant, type ComparisonOperator, type OperatorWithPathVariant } from "../model/choice-rule.js";
import { DslError } from "./errors.js";
import { isRef, type Ref } from "./ref.js";

type Nullable<T> = T | null | undefined;

/** A comparison of `variable` with a literal or with the value at another path (`…Path` operators). */
export interface Comparison {
  readonly kind: "comparison";
  readonly variable: Ref<unknown>;
  readonly operator: ComparisonOperator;
  readonly operand: string | number | boolean | Ref<unknown>;
}
export interface LogicalAll {
  readonly kind: "and" | "or";
  readonly conditions: readonly Condition[];
}
export interface LogicalNot {
  readonly kind: "not";
  readonly condition: Condition;
}
/** A Choice rule's test (reference §4). */
export type Condition = Comparison | LogicalAll | LogicalNot;

const compare = (
  variable: Ref<unknown>,
  operator: ComparisonOperator,
  operand: Comparison["operand"],
): Comparison => Object.freeze({ kind: "comparison", variable, operator, operand });

/** `operator`, or its `…Path` variant when the operand is itself a path. */
const compareMaybePath = (
  variable: Ref<unknown>,
  operator: OperatorWithPathVariant,
  operand: string | number | boolean | Ref<unknown>,
): Comparison => compare(variable, isRef(operand) ? pathVariant(operator) : operator, operand);

/** `StringEquals` (or `StringEqualsPath` when `value` is a path). */
export const stringEquals = (
  variable: Ref<Nullable<string>>,
  value: string | Ref<Nullable<string>>,
): Condition => compareMaybePath(variable, "StringEquals", value);
export const stringLessThan = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "StringLessThan", value);
export const stringGreaterThan = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "StringGreaterThan", value);
export const stringLessThanEquals = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "StringLessThanEquals", value);
export const stringGreaterThanEquals = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "StringGreaterThanEquals", value);

/** `NumericEquals` (or `NumericEqualsPath` when `value` is a path); likewise for the other numeric operators. */
export const numericEquals = (
  variable: Ref<Nullable<number>>,
  value: number | Ref<Nullable<number>>,
): Condition => compareMaybePath(variable, "NumericEquals", value);
export const numericLessThan = (
  variable: Ref<Nullable<number>>,
  value: number | Ref<Nullable<number>>,
): Condition => compareMaybePath(variable, "NumericLessThan", value);
export const numericGreaterThan = (
  variable: Ref<Nullable<number>>,
  value: number | Ref<Nullable<number>>,
): Condition => compareMaybePath(variable, "NumericGreaterThan", value);
export const numericLessThanEquals = (
  variable: Ref<Nullable<number>>,
  value: number | Ref<Nullable<number>>,
): Condition => compareMaybePath(variable, "NumericLessThanEquals", value);
export const numericGreaterThanEquals = (
  variable: Ref<Nullable<number>>,
  value: number | Ref<Nullable<number>>,
): Condition => compareMaybePath(variable, "NumericGreaterThanEquals", value);

/** `BooleanEquals` (or `BooleanEqualsPath` when `value` is a path). */
export const booleanEquals = (
  variable: Ref<Nullable<boolean>>,
  value: boolean | Ref<Nullable<boolean>>,
): Condition => compareMaybePath(variable, "BooleanEquals", value);

/** Timestamp comparisons: both sides are RFC 3339 strings. */
export const timestampEquals = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "TimestampEquals", value);
export const timestampLessThan = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "TimestampLessThan", value);
export const timestampGreaterThan = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "TimestampGreaterThan", value);
export const timestampLessThanEquals = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "TimestampLessThanEquals", value);
export const timestampGreaterThanEquals = (variable: Ref<Nullable<string>>, value: string): Condition =>
  compare(variable, "TimestampGreaterThanEquals", value);

/** `IsPresent`: the path resolves (even to null). */
export const isPresent = (variable: Ref<unknown>, present = true): Condition =>
  compare(variable, "IsPresent", present);
/** `IsNull`: the path resolves to JSON null. */
export const isNull = (variable: Ref<unknown>, isNullValue = true): Condition =>
  compare(variable, "IsNull", isNullValue);

function logical(kind: "and" | "or", conditions: readonly Condition[]): Condition {
  if (conditions.length === 0)
    throw new DslError("empty_logical_rule", `${kind}() needs at least one condition`);
  return Object.freeze({ kind, conditions: Object.freeze([...conditions]) });
}
/** `And`: every condition holds. */
export const and = (...conditions: Condition[]): Condition => logical("and", conditions);
/** `Or`: some condition holds. */
export const or = (...conditions: Condition[]): Condition => logical("or", conditions);
/** `Not`. */
export const not = (condition: Condition): Condition => Object.freeze({ kind: "not", condition });
