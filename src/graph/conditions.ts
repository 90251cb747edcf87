import { COMPARISON_OPERATOR_NAMES, type ComparisonOperator } from "../model/choice-rule.js";
import { isPlainObject } from "../model/json.js";

/** The symbol each comparison reads as; `…Path` variants share their base operator's. */
const SYMBOLS: Record<string, string> = {
  Equals: "=",
  LessThan: "<",
  GreaterThan: ">",
  LessThanEquals: "≤",
  GreaterThanEquals: "≥",
};

/** Longest path text kept whole; longer paths keep their last segments after an ellipsis. */
const MAX_PATH_CHARS = 32;

/**
 * A choice rule in short form for a graph edge: `refund_amount_num ≤ 100`,
 * `user_activity.type = "refund_request"`, `not (ticket.status = "closed")`. Never throws: a malformed rule
 * (the validator reports it) reads as `?`.
 */
export function shortCondition(rule: unknown): string {
  if (!isPlainObject(rule)) return "?";
  if (Array.isArray(rule.And)) return joinRules(rule.And, "and");
  if (Array.isArray(rule.Or)) return joinRules(rule.Or, "or");
  if (rule.Not !== undefined) return `not ${grouped(rule.Not)}`;
  const operator = COMPARISON_OPERATOR_NAMES.find((op) => rule[op] !== undefined);
  if (!operator || typeof rule.Variable !== "string") return "?";
  return comparison(shortPath(rule.Variable), operator, rule[operator]);
}

function joinRules(rules: readonly unknown[], word: string): string {
  return rules.map(grouped).join(` ${word} `);
}

/** A nested rule, parenthesised when it is itself a combination. */
function grouped(rule: unknown): string {
  const text = shortCondition(rule);
  return isPlainObject(rule) && (rule.And !== undefined || rule.Or !== undefined) ? `(${text})` : text;
}

function comparison(variable: string, operator: ComparisonOperator, operand: unknown): string {
  if (operator === "IsPresent") return `${variable} ${operand === false ? "is missing" : "is present"}`;
  if (operator === "IsNull") return `${variable} ${operand === false ? "is not null" : "is null"}`;
  const isPath = operator.endsWith("Path");
  const base = isPath ? operator.slice(0, -"Path".length) : operator;
  const kind = /^(String|Numeric|Boolean|Timestamp)/.exec(base)?.[1] ?? "";
  const symbol = SYMBOLS[base.slice(kind.length)] ?? base;
  const right = isPath && typeof operand === "string" ? shortPath(operand) : JSON.stringify(operand);
  return `${variable} ${symbol} ${right}${kind === "Timestamp" ? " (time)" : ""}`;
}

/** `$.input.ticket_event.ticket.status` → `…ticket_event.ticket.status` when long; `$.x` → `x`. */
export function shortPath(path: string): string {
  const text = path.startsWith("$.") ? path.slice(2) : path;
  if (text.length <= MAX_PATH_CHARS) return text;
  const segments = text.split(".");
  let kept = segments.pop()!;
  while (segments.length > 0 && kept.length + segments[segments.length - 1]!.length + 1 <= MAX_PATH_CHARS - 1)
    kept = `${segments.pop()!}.${kept}`;
  return `…${kept}`;
}
