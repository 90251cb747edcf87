import { classifyRule, COMPARISON_OPERATORS, type ComparedValues } from "../model/choice-rule.js";
import { isJsonObject } from "../model/json.js";
import { comparisonBuilder } from "./dsl-exports.js";
import type { Raw } from "./module-context.js";
import type { LeafType } from "./shapes.js";
import type { ValueWriter } from "./values.js";

/** The TypeScript type of a path a comparison reads, by what it compares (presence and null-ness read anything). */
const OPERAND_TYPES: Record<ComparedValues, LeafType | undefined> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  timestamp: "string",
  presence: undefined,
  null: undefined,
};

/** A Choice rule's test as a condition builder call, or undefined when the builders cannot express it. */
export function condition(rule: Raw, values: ValueWriter): string | undefined {
  const keys = Object.keys(rule).filter((k) => k !== "Next" && k !== "Comment");
  const parsed = classifyRule(rule);
  switch (parsed.kind) {
    case "and":
    case "or": {
      if (keys.length !== 1) return undefined;
      const parts = parsed.rules.map((sub) =>
        isJsonObject(sub) && sub.Next === undefined ? condition(sub, values) : undefined,
      );
      if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
      return `${values.module.use(parsed.kind)}(${parts.join(", ")})`;
    }
    case "not": {
      if (keys.length !== 1 || !isJsonObject(parsed.rule) || parsed.rule.Next !== undefined) return undefined;
      const inner = condition(parsed.rule, values);
      return inner ? `${values.module.use("not")}(${inner})` : undefined;
    }
    case "malformed":
      return undefined;
    case "comparison": {
      const { operator, operand, variable } = parsed;
      if (typeof variable !== "string" || keys.length !== 2) return undefined;
      const spec = COMPARISON_OPERATORS[operator];
      const builder = values.module.use(comparisonBuilder(operator));
      const type = OPERAND_TYPES[spec.values];
      if (type === undefined) {
        // IsPresent and IsNull take whether the path should be present (or null); true is the builder's default.
        if (typeof operand !== "boolean") return undefined;
        return `${builder}(${values.ref(variable)}${operand ? "" : ", false"})`;
      }
      if (spec.operandIsPath) {
        if (typeof operand !== "string") return undefined;
        return `${builder}(${values.ref(variable, type)}, ${values.ref(operand, type)})`;
      }
      if (typeof operand !== type) return undefined;
      return `${builder}(${values.ref(variable, type)}, ${JSON.stringify(operand)})`;
    }
  }
}
