import { buildBundleView, isObject } from "../../model/bundle-view.js";
import { makeFinding, type Finding } from "../../model/diagnostics.js";
import { JQ_ACTION_NAME } from "../../model/names.js";
import { jqProgramProblem } from "./index.js";

/**
 * `jq_program_error` for each Jq state whose literal `expr` fails every run before it reads its data: one jq
 * 1.8.2 does not compile (a syntax error, an undefined variable or function), or one calling a builtin the
 * sandbox refuses. An `expr.$` comes from the data, and is left to the run.
 */
export async function jqProgramFindings(bundle: unknown): Promise<Finding[]> {
  if (!isObject(bundle)) return [];
  const findings: Finding[] = [];
  for (const machine of buildBundleView(bundle).machines)
    for (const state of machine.states) {
      const parameters = state.raw.Parameters;
      if (state.raw.ActionName !== JQ_ACTION_NAME || !isObject(parameters)) continue;
      const program = parameters.expr;
      if (typeof program !== "string") continue;
      const problem = await jqProgramProblem(program);
      if (problem !== undefined)
        findings.push(
          makeFinding("jq_program_error", [...state.at, "Parameters", "expr"], { message: problem }),
        );
    }
  return findings;
}
