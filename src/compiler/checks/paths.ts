import { parseReferencePath } from "../../model/paths.js";
import { toPointer, type PointerSegment } from "../../model/pointer.js";
import {
  dynamicReads,
  stateAnalysis,
  stateWrites,
  type DynamicObjectIssue,
  type PathRead,
} from "../reads.js";
import type { Check, CheckContext } from "./context.js";

/** Every reference path and placeholder parses; `.$` keys hold strings; no `k` beside `k.$`. */
export const checkPaths: Check = (context) => {
  const { view } = context;
  for (const machine of view.machines) {
    for (const state of machine.states) {
      const { reads, issues } = stateAnalysis(state);
      reportReads(context, reads, state.at);
      reportIssues(context, issues);
      for (const write of stateWrites(state)) {
        if (write.implicit) continue;
        const parsed = parseReferencePath(write.path);
        if (!parsed.ok)
          context.report("invalid_reference_path", write.at, { path: write.path, reason: parsed.reason });
      }
    }
  }
  for (const action of view.actions) {
    const issues: DynamicObjectIssue[] = [];
    const at = [...action.at, "properties", "definition"];
    reportReads(context, dynamicReads(action.properties?.definition, at, issues), at);
    reportIssues(context, issues);
  }
};

/**
 * Reports each read's path problems, and the `{{…}}` placeholders under keys without `.$` once for the state
 * or action definition at `ownerAt` (real bundles that run live hold dozens of them).
 */
function reportReads(
  context: CheckContext,
  reads: readonly PathRead[],
  ownerAt: readonly PointerSegment[],
): void {
  const legacy: { pointer: string; path: string }[] = [];
  for (const read of reads) {
    const parsed = parseReferencePath(read.path);
    if (!parsed.ok)
      context.report("invalid_reference_path", read.at, { path: read.path, reason: parsed.reason });
    if (read.legacy) legacy.push({ pointer: toPointer(read.at), path: read.path });
  }
  if (legacy.length > 0) context.report("placeholder_without_dollar_key", ownerAt, { members: legacy });
}

function reportIssues(context: CheckContext, issues: readonly DynamicObjectIssue[]): void {
  for (const issue of issues) {
    switch (issue.kind) {
      case "dollar_key_not_string":
      case "duplicate_dollar_key":
        context.report(issue.kind, issue.at, { key: issue.key });
        break;
      case "intrinsic_function":
        context.report("intrinsic_function", issue.at, { name: issue.name });
        break;
      case "path_without_dollar_key":
        context.report("path_without_dollar_key", issue.at, { path: issue.path });
        break;
    }
  }
}
