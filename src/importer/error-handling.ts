import { isJsonObject } from "../model/json.js";
import type { Raw } from "./module-context.js";
import type { ValueWriter } from "./values.js";

/**
 * A state's `Retry` and `Catch` as `.retry({…})` and `.catch(handler, {…})` statements. What they leave out (an
 * `ErrorEquals` other than ZIS's one `States.ALL`, a catcher whose `Next` names no state) the raw edits restore.
 */
export function errorHandling(
  state: Raw,
  ident: string,
  values: ValueWriter,
  target: (next: unknown) => string | undefined,
): string[] {
  const statements: string[] = [];
  for (const retry of Array.isArray(state.Retry) ? state.Retry : []) {
    if (!isJsonObject(retry)) continue;
    const fields: string[] = [];
    if (typeof retry.IntervalSeconds === "number") fields.push(`intervalSeconds: ${retry.IntervalSeconds}`);
    if (typeof retry.MaxAttempts === "number") fields.push(`maxAttempts: ${retry.MaxAttempts}`);
    if (typeof retry.BackoffRate === "number") fields.push(`backoffRate: ${retry.BackoffRate}`);
    if (typeof retry.Comment === "string") fields.push(`comment: ${JSON.stringify(retry.Comment)}`);
    statements.push(`${ident}.retry({ ${fields.join(", ")} });`);
  }
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
    if (!isJsonObject(catcher)) continue;
    const handler = target(catcher.Next);
    if (!handler) continue;
    const fields: string[] = [];
    if (typeof catcher.ResultPath === "string") fields.push(`resultPath: ${values.ref(catcher.ResultPath)}`);
    if (typeof catcher.Comment === "string") fields.push(`comment: ${JSON.stringify(catcher.Comment)}`);
    statements.push(`${ident}.catch(${handler}${fields.length ? `, { ${fields.join(", ")} }` : ""});`);
  }
  return statements;
}
