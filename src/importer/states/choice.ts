import { isJsonObject } from "../../model/json.js";
import { condition } from "../conditions.js";
import type { StateEmitter } from "./context.js";

/** `choice(…)`, with its rules wired as `.when(condition, next)` and `.otherwise(default)`. */
export const emitChoice: StateEmitter = (state, { ident, values, target }) => {
  if (!Array.isArray(state.Choices)) return undefined;
  const rules: string[] = [];
  for (const rule of state.Choices) {
    if (!isJsonObject(rule)) return undefined;
    const test = condition(rule, values);
    const next = target(rule.Next);
    if (!test || !next) return undefined;
    const options = typeof rule.Comment === "string" ? `, { comment: ${JSON.stringify(rule.Comment)} }` : "";
    rules.push(`.when(${test}, ${next}${options})`);
  }
  const otherwise = target(state.Default);
  return {
    builder: "choice",
    options: [],
    wiring: [`${ident}${rules.join("")}${otherwise ? `.otherwise(${otherwise})` : ""};`],
  };
};
