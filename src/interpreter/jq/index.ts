import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import { runRealJq } from "./engine.js";
import { compileFast, NOT_HANDLED } from "./fast.js";

export { realJqVersion, runRealJq } from "./engine.js";

/** jq features that reach outside the program; ZIS runs jq without input files or environment. A name after
 * `.` is a field (`.input`), and a name before `:` an object key (`{env: 1}`): both are allowed. */
const FORBIDDEN =
  /(^|[^A-Za-z0-9_$.])(\$ENV|env|inputs?|input_filename|debug|stderr|halt|halt_error|import|include|\$__prog_args)(?![A-Za-z0-9_])(?!\s*:)/;

function stripStrings(program: string): string {
  return program.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

/**
 * `zis:common:transform:Jq`: the program's single output. No output is `null`; several outputs, a jq
 * error or a forbidden builtin are runtime errors of the state, with jq's own message as the Cause.
 */
export async function runJq(program: string, input: unknown): Promise<unknown> {
  const fast = compileFast(program);
  if (fast) {
    const value = fast(input);
    if (value !== NOT_HANDLED) return value;
  }
  const forbidden = FORBIDDEN.exec(stripStrings(program));
  if (forbidden)
    throw new StateError(STATE_ERROR_NAMES.taskFailed, `jq: ${forbidden[2]} is not available in ZIS flows`);
  const outcome = await runRealJq(program, input);
  if (!outcome.ok) throw new StateError(STATE_ERROR_NAMES.taskFailed, outcome.message);
  if (outcome.outputs.length > 1)
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `jq program produced ${outcome.outputs.length} outputs; a Jq action must produce one (wrap it in [...] to collect them)`,
    );
  return outcome.outputs.length === 0 ? null : outcome.outputs[0];
}
