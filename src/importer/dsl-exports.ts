import * as dsl from "../dsl/index.js";
import { BUILTIN_BUILDERS } from "../dsl/actions.js";
import type { BuiltinActionName } from "../model/builtin-actions.js";
import {
  literalOperator,
  type ComparisonOperator,
  type OperatorWithPathVariant,
} from "../model/choice-rule.js";

/** A runtime export of the DSL's index: all a generated module imports (it imports no types). */
export type DslExport = keyof typeof dsl;

/** The DSL's runtime exports: names the generated module's own identifiers must not take. */
export const DSL_EXPORTS = Object.keys(dsl) as DslExport[];

/** The value the DSL exports as `name`, for running generated statements against it. */
export const dslValue = (name: DslExport): unknown => dsl[name];

/** The name the DSL exports a value under; found by identity, so the DSL's tables need not repeat names. */
function exportNameOf(value: unknown): DslExport {
  const name = DSL_EXPORTS.find((candidate) => dsl[candidate] === value);
  if (name === undefined) throw new Error("the DSL's index does not export a builder of its own tables");
  return name;
}

/** The builder each built-in action is written with (`LoadConfig` → `loadConfig`). */
export const BUILTIN_BUILDER_EXPORTS = Object.fromEntries(
  Object.entries(BUILTIN_BUILDERS).map(([action, builder]) => [action, exportNameOf(builder)]),
) as Record<BuiltinActionName, DslExport>;

/** The operators the DSL has a builder for; a `…Path` variant is written with its literal operator's builder. */
type LiteralOperator = Exclude<ComparisonOperator, `${OperatorWithPathVariant}Path`>;

/**
 * The condition builder of a comparison, named after its operator (`NumericLessThanPath` → `numericLessThan`).
 * The return type makes a comparison the model gains fail tsc here until the DSL has its builder.
 */
export function comparisonBuilder(operator: ComparisonOperator): DslExport {
  // literalOperator drops the "Path" suffix, which is all that separates the two types.
  const literal = literalOperator(operator) as LiteralOperator;
  return uncapitalize(literal);
}

const uncapitalize = <S extends string>(text: S): Uncapitalize<S> =>
  (text.charAt(0).toLowerCase() + text.slice(1)) as Uncapitalize<S>;
