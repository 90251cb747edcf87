import { z } from "zod";

/** What a comparison compares: values of one JSON type, a path's presence, or null-ness. */
export type ComparedValues = "string" | "number" | "boolean" | "timestamp" | "presence" | "null";
/** How it compares them. */
export type Relation = "=" | "<" | ">" | "≤" | "≥";

export interface ComparisonSpec {
  readonly values: ComparedValues;
  readonly relation: Relation;
  /** The operand is another reference path (a `…Path` operator), not a literal. */
  readonly operandIsPath: boolean;
}

const literal = (values: ComparedValues, relation: Relation): ComparisonSpec => ({
  values,
  relation,
  operandIsPath: false,
});
const path = (values: ComparedValues, relation: Relation): ComparisonSpec => ({
  values,
  relation,
  operandIsPath: true,
});

/**
 * The comparison operators ZIS supports (reference §4.1): one table that the schema, the validator, the
 * interpreter, the graph and the importer all read. `IsPresent` and `IsNull` take a boolean: whether the
 * path should (or should not) be present, or null.
 */
export const COMPARISON_OPERATORS = {
  StringEquals: literal("string", "="),
  StringEqualsPath: path("string", "="),
  StringLessThan: literal("string", "<"),
  StringGreaterThan: literal("string", ">"),
  StringLessThanEquals: literal("string", "≤"),
  StringGreaterThanEquals: literal("string", "≥"),
  NumericEquals: literal("number", "="),
  NumericEqualsPath: path("number", "="),
  NumericLessThan: literal("number", "<"),
  NumericLessThanPath: path("number", "<"),
  NumericGreaterThan: literal("number", ">"),
  NumericGreaterThanPath: path("number", ">"),
  NumericLessThanEquals: literal("number", "≤"),
  NumericLessThanEqualsPath: path("number", "≤"),
  NumericGreaterThanEquals: literal("number", "≥"),
  NumericGreaterThanEqualsPath: path("number", "≥"),
  BooleanEquals: literal("boolean", "="),
  BooleanEqualsPath: path("boolean", "="),
  TimestampEquals: literal("timestamp", "="),
  TimestampLessThan: literal("timestamp", "<"),
  TimestampGreaterThan: literal("timestamp", ">"),
  TimestampLessThanEquals: literal("timestamp", "≤"),
  TimestampGreaterThanEquals: literal("timestamp", "≥"),
  IsPresent: literal("presence", "="),
  IsNull: literal("null", "="),
} as const satisfies Record<string, ComparisonSpec>;
export type ComparisonOperator = keyof typeof COMPARISON_OPERATORS;
export const COMPARISON_OPERATOR_NAMES = Object.keys(COMPARISON_OPERATORS) as ComparisonOperator[];

/** The operators that have a `…Path` variant. */
export type OperatorWithPathVariant = {
  [K in ComparisonOperator]: `${K}Path` extends ComparisonOperator ? K : never;
}[ComparisonOperator];

/** An operator's `…Path` variant (`NumericLessThan` → `NumericLessThanPath`). */
export const pathVariant = <O extends OperatorWithPathVariant>(
  operator: O,
): `${O}Path` & ComparisonOperator => `${operator}Path` as `${O}Path` & ComparisonOperator;

/** The operator a `…Path` operator is the path variant of (`NumericLessThanPath` → `NumericLessThan`). */
export const literalOperator = (operator: ComparisonOperator): ComparisonOperator =>
  COMPARISON_OPERATORS[operator].operandIsPath
    ? (operator.slice(0, -"Path".length) as ComparisonOperator)
    : operator;

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
  number: z.number(),
  boolean: z.boolean(),
  timestamp: z.string(),
  presence: z.boolean(),
  null: z.boolean(),
};

/** The JSON schema of an operator's operand: a path is a string, else what it compares. */
type OperandSchema<S extends ComparisonSpec> = S["operandIsPath"] extends true
  ? z.ZodString
  : (typeof operandSchema)[S["values"]];

const comparisonShape = Object.fromEntries(
  COMPARISON_OPERATOR_NAMES.map((op) => {
    const spec: ComparisonSpec = COMPARISON_OPERATORS[op];
    return [op, (spec.operandIsPath ? z.string() : operandSchema[spec.values]).optional()];
  }),
) as { [K in ComparisonOperator]: z.ZodOptional<OperandSchema<(typeof COMPARISON_OPERATORS)[K]>> };

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

/** A choice rule as the one operator it holds says, or malformed: no operator, or several. */
export type RuleShape<Nested = unknown> =
  | { readonly kind: "and" | "or"; readonly rules: readonly Nested[] }
  | { readonly kind: "not"; readonly rule: Nested }
  | {
      readonly kind: "comparison";
      readonly operator: ComparisonOperator;
      readonly variable: unknown;
      readonly operand: unknown;
    }
  | {
      readonly kind: "malformed";
      /** No operator or several, or an `And`/`Or` that is not a list. */
      readonly problem: "operators" | "not_a_list";
      readonly operators: readonly string[];
    };

/**
 * What a rule is, by its operators (read leniently: the validator classifies JSON that may not parse). A rule
 * has exactly one operator; an `And` or `Or` that is not a list is malformed too.
 */
export function classifyRule(value: ChoiceRule): RuleShape<ChoiceRule>;
export function classifyRule(value: object): RuleShape;
export function classifyRule(value: object): RuleShape {
  const rule = value as Readonly<Record<string, unknown>>;
  const operators = [...COMPARISON_OPERATOR_NAMES, ...LOGICAL_OPERATORS].filter(
    (op) => rule[op] !== undefined,
  );
  if (operators.length !== 1) return { kind: "malformed", problem: "operators", operators };
  const operator = operators[0]!;
  switch (operator) {
    case "And":
    case "Or": {
      const rules = rule[operator];
      return Array.isArray(rules)
        ? { kind: operator === "And" ? "and" : "or", rules }
        : { kind: "malformed", problem: "not_a_list", operators };
    }
    case "Not":
      return { kind: "not", rule: rule.Not };
    default:
      return { kind: "comparison", operator, variable: rule.Variable, operand: rule[operator] };
  }
}

const RELATIONS: Record<Relation, (order: number) => boolean> = {
  "=": (order) => order === 0,
  "<": (order) => order < 0,
  ">": (order) => order > 0,
  "≤": (order) => order <= 0,
  "≥": (order) => order >= 0,
};

/**
 * Whether a comparison holds (reference §4.3): `value` is what the Variable reads (undefined where the path
 * finds nothing, which only `IsPresent` asks about), `operand` the literal or what the operand path reads. A
 * value of another type than the operator compares makes it false, never an error.
 */
export function comparisonHolds(operator: ComparisonOperator, value: unknown, operand: unknown): boolean {
  const { values, relation } = COMPARISON_OPERATORS[operator];
  const holds = RELATIONS[relation];
  switch (values) {
    case "presence":
      return (value !== undefined) === operand;
    case "null":
      return (value === null) === operand;
    case "boolean":
      return typeof value === "boolean" && typeof operand === "boolean" && holds(value === operand ? 0 : 1);
    case "string":
      return (
        typeof value === "string" && typeof operand === "string" && holds(codePointOrder(value, operand))
      );
    case "number":
      return typeof value === "number" && typeof operand === "number" && holds(Math.sign(value - operand));
    case "timestamp": {
      const a = timestampValue(value);
      const b = timestampValue(operand);
      return a !== undefined && b !== undefined && holds(Math.sign(a - b));
    }
  }
}

/** Orders strings by Unicode code point (JavaScript's `<` compares UTF-16 units). */
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

/** Milliseconds since the epoch, with the fraction beyond them kept. */
function timestampValue(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) return undefined;
  const fraction = match[7] ? Number(`0${match[7]}`) * 1000 - Math.floor(Number(`0${match[7]}`) * 1000) : 0;
  return millis + fraction;
}
