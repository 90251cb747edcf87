/**
 * ZIS's rules for the structure of a bundle's flows: what the schema allows, how states move on, choice
 * rules, Wait durations, error handling. The validator reports them among its checks; the interpreter
 * refuses a bundle that breaks one before it runs anything.
 */
import { buildBundleView, isObject } from "../bundle-view.js";
import { jsonTypeOf } from "../json.js";
import { makeFinding, type Finding, type FindingArgs } from "../diagnostics.js";
import { countValues, excessNesting, MAX_BUNDLE_VALUES, MAX_NESTING_DEPTH } from "../nesting.js";
import { checkChoiceRules } from "./choice-rules.js";
import type { Rule, RuleContext } from "./context.js";
import { checkErrorHandling } from "./error-handling.js";
import { checkSchema } from "./schema.js";
import { checkTransitions } from "./transitions.js";
import { checkWait } from "./wait.js";

export type { Rule, RuleContext } from "./context.js";
export { checkChoiceRules, checkErrorHandling, checkSchema, checkTransitions, checkWait };

const STRUCTURE_RULES: readonly Rule[] = [
  checkSchema,
  checkTransitions,
  checkChoiceRules,
  checkWait,
  checkErrorHandling,
];

/**
 * Runs rules over any bundle JSON (parsed), each with `extra` in its context, and gives what they found.
 * Never throws on malformed input: what is not an object is itself a finding, and so is JSON holding more than
 * MAX_BUNDLE_VALUES values or nested deeper than MAX_NESTING_DEPTH, which no rule then reads (the schema and its
 * rules read recursively, and zod gathers issues with spread calls).
 */
export function findingsOf<Extra extends object>(
  bundle: unknown,
  rules: readonly ((context: RuleContext & Extra) => void)[],
  extra: Extra,
): Finding[] {
  if (!isObject(bundle))
    return [makeFinding("invalid_type", [], { expected: "object", found: jsonTypeOf(bundle) })];
  const values = countValues(bundle);
  if (values > MAX_BUNDLE_VALUES) return [makeFinding("bundle_too_large", [], { limit: MAX_BUNDLE_VALUES })];
  const tooDeep = excessNesting(bundle);
  if (tooDeep)
    return [makeFinding("nesting_too_deep", tooDeep.at, { limit: MAX_NESTING_DEPTH, depth: tooDeep.depth })];
  const findings: Finding[] = [];
  const context = {
    ...extra,
    view: buildBundleView(bundle),
    report: (...args: FindingArgs) => {
      findings.push(makeFinding(...args));
    },
  };
  for (const rule of rules) rule(context);
  return findings;
}

/** The findings of the structure rules alone. */
export const structureFindings = (bundle: unknown): Finding[] => findingsOf(bundle, STRUCTURE_RULES, {});
