import { parseReferencePath } from "../../model/paths.js";
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
      reportReads(context, reads);
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
    reportReads(
      context,
      dynamicReads(action.properties?.definition, [...action.at, "properties", "definition"], issues),
    );
    reportIssues(context, issues);
  }
};

function reportReads(context: CheckContext, reads: readonly PathRead[]): void {
  for (const read of reads) {
    const parsed = parseReferencePath(read.path);
    if (!parsed.ok)
      context.report("invalid_reference_path", read.at, { path: read.path, reason: parsed.reason });
    if (read.legacy) context.report("placeholder_without_dollar_key", read.at, { path: read.path });
  }
}

function reportIssues(context: CheckContext, issues: readonly DynamicObjectIssue[]): void {
  for (const issue of issues) {
    if (issue.kind === "dollar_key_not_string")
      context.report("dollar_key_not_string", issue.at, { key: issue.key });
    else context.report("duplicate_dollar_key", issue.at, { key: issue.key });
  }
}
