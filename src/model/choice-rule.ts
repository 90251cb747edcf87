import { z } from "zod";

/**
 * The comparison operators ZIS supports (reference §4.1) and the type of value each takes. `path` operators
 * compare against the value found at another reference path.
 */
export const COMPARISON_OPERATORS = {
  StringEquals: "string",
  StringEqualsPath: "path",
  StringLessThan: "string",
  StringGreaterThan: "string",
  StringLessThanEquals: "string",
  StringGreaterThanEquals: "string",
  NumericEquals: "number",
  NumericEqualsPath: "path",
  NumericLessThan: "number",
  NumericLessThanPath: "path",
  NumericGreaterThan: "number",
  NumericGreaterThanPath: "path",
  NumericLessThanEquals: "number",
  NumericLessThanEqualsPath: "path",
  NumericGreaterThanEquals: "number",
  NumericGreaterThanEqualsPath: "path",
  BooleanEquals: "boolean",
  BooleanEqualsPath: "path",
  TimestampEquals: "timestamp",
  TimestampLessThan: "timestamp",
  TimestampGreaterThan: "timestamp",
  TimestampLessThanEquals: "timestamp",
  TimestampGreaterThanEquals: "timestamp",
  IsPresent: "boolean",
  IsNull: "boolean",
} as const;
export type ComparisonOperator = keyof typeof COMPARISON_OPERATORS;
export const COMPARISON_OPERATOR_NAMES = Object.keys(COMPARISON_OPERATORS) as ComparisonOperator[];

/** ASL operators that ZIS does not support (reference §4.1): reported by name rather than as unknown keys. */
export const UNSUPPORTED_ASL_OPERATORS: readonly string[] = [
  "StringMatches",
  "IsNumeric",
  "IsString",
  "IsBoolean",
  "IsTimestamp",
  "StringLessThanPath",
  "StringGreaterThanPath",
  "StringLessThanEqualsPath",
  "StringGreaterThanEqualsPath",
  "TimestampEqualsPath",
  "TimestampLessThanPath",
  "TimestampGreaterThanPath",
  "TimestampLessThanEqualsPath",
  "TimestampGreaterThanEqualsPath",
];

export const LOGICAL_OPERATORS = ["And", "Or", "Not"] as const;

const operandSchema = {
  string: z.string(),
  path: z.string(),
  number: z.number(),
  boolean: z.boolean(),
  timestamp: z.string(),
};

const comparisonShape = Object.fromEntries(
  COMPARISON_OPERATOR_NAMES.map((op) => [op, operandSchema[COMPARISON_OPERATORS[op]].optional()]),
) as { [K in ComparisonOperator]: z.ZodOptional<(typeof operandSchema)[(typeof COMPARISON_OPERATORS)[K]]> };

/**
 * One choice rule. Its structure is checked here; "exactly one operator", "Variable with a comparison" and
 * "Next only at the top level" are graph-level checks (src/compiler/checks/choice-rules.ts) with their own codes.
 */
const ComparisonFieldsSchema = z.strictObject({
  Variable: z.string().optional(),
  ...comparisonShape,
  Next: z.string().optional(),
  Comment: z.string().optional(),
});

/**
 * A rule with its logical operators. The recursive members are declared here because TypeScript cannot write
 * an inferred recursive type into declarations (it would print `any`); the schema's annotation checks that the
 * two agree.
 */
export interface ChoiceRule extends z.infer<typeof ComparisonFieldsSchema> {
  And?: ChoiceRule[] | undefined;
  Or?: ChoiceRule[] | undefined;
  Not?: ChoiceRule | undefined;
}

export const ChoiceRuleSchema: z.ZodType<ChoiceRule> = ComparisonFieldsSchema.extend({
  get And() {
    return z.array(ChoiceRuleSchema).optional();
  },
  get Or() {
    return z.array(ChoiceRuleSchema).optional();
  },
  get Not() {
    return ChoiceRuleSchema.optional();
  },
});
