import { classifyRule, COMPARISON_OPERATORS, type ComparisonOperator } from "../model/choice-rule.js";
import { isPlainObject } from "../model/json.js";
import { formatReferencePath, parseReferencePath } from "../model/paths.js";

/** Longest path text kept whole; longer paths keep their last segments after an ellipsis. */
const MAX_PATH_CHARS = 32;

/**
 * A choice rule in short form for a graph edge: `refund_amount_num ≤ 100`,
 * `user_activity.type = "refund_request"`, `not (ticket.status = "closed")`. Never throws: a malformed rule
 * (the validator reports it) reads as `?`.
 */
export function shortCondition(rule: unknown): string {
  if (!isPlainObject(rule)) return "?";
  const shape = classifyRule(rule);
  switch (shape.kind) {
    case "and":
    case "or":
      return shape.rules.map(grouped).join(` ${shape.kind} `);
    case "not":
      return `not ${grouped(shape.rule)}`;
    case "malformed":
      return "?";
    case "comparison":
      return typeof shape.variable === "string"
        ? comparison(shortPath(shape.variable), shape.operator, shape.operand)
        : "?";
  }
}

/** A nested rule, parenthesised when it is itself a combination. */
function grouped(rule: unknown): string {
  const text = shortCondition(rule);
  return isPlainObject(rule) && (rule.And !== undefined || rule.Or !== undefined) ? `(${text})` : text;
}

function comparison(variable: string, operator: ComparisonOperator, operand: unknown): string {
  const { values, relation, operandIsPath } = COMPARISON_OPERATORS[operator];
  if (values === "presence") return `${variable} ${operand === false ? "is missing" : "is present"}`;
  if (values === "null") return `${variable} ${operand === false ? "is not null" : "is null"}`;
  const right = operandIsPath && typeof operand === "string" ? shortPath(operand) : JSON.stringify(operand);
  return `${variable} ${relation} ${right}${values === "timestamp" ? " (time)" : ""}`;
}

/**
 * `$.input.ticket_event.ticket.status` → `…ticket_event.ticket.status` when long; `$.x` → `x`; `$['a.b'][0]` →
 * `['a.b'][0]`. Text that is not a reference path stays as it is.
 */
export function shortPath(path: string): string {
  const parsed = parseReferencePath(path);
  if (!parsed.ok || parsed.segments.length === 0) return path;
  // Each segment as the path writes it: `.key`, `[0]` or `['odd key']`.
  const pieces = parsed.segments.map((segment) => formatReferencePath([segment]).slice(1));
  const from = (start: number) => pieces.slice(start).join("").replace(/^\./, "");
  if (from(0).length <= MAX_PATH_CHARS) return from(0);
  let start = pieces.length - 1;
  while (start > 0 && from(start - 1).length <= MAX_PATH_CHARS - 1) start--;
  return `…${from(start)}`;
}
