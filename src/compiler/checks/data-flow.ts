import { reachableFrom } from "../../model/bundle-view.js";
import { isPathPrefix, parseReferencePath, type PathSegment } from "../../model/paths.js";
import { stateReads, stateWrites } from "../reads.js";
import type { Check } from "./context.js";

/** What ZIS puts in a flow's data before the first state runs (reference §5.1). */
const INITIAL_ROOTS: readonly PathSegment[][] = [
  ["account_id"],
  ["integration_key"],
  ["subdomain"],
  ["input"],
  ["connections"],
];

/**
 * A read of a flow-data path that nothing provides fails with "JSON path not found" whenever that state runs.
 * A read is reported only when no state anywhere in the flow writes the path (or an ancestor or descendant
 * of it), no IsPresent test guards it, and no state that can run before it replaces the whole data
 * (ResultPath "$", stated or by default). Unreachable states never run, and Map iterators are skipped: their
 * data is the item.
 */
export const checkDataFlow: Check = ({ view, report }) => {
  for (const machine of view.machines) {
    if (machine.parentState !== undefined) continue;
    if (typeof machine.startAt !== "string") continue;
    const reachable = reachableFrom(machine, machine.startAt, true);
    const written: PathSegment[][] = [...INITIAL_ROOTS];
    /** Where the flow goes after a state replaced the whole data: Next for its result, a catcher's Next. */
    const afterReplacement: string[] = [];
    for (const state of machine.states) {
      if (!reachable.has(state.name)) continue;
      for (const write of stateWrites(state)) {
        const parsed = parseReferencePath(write.path);
        if (!parsed.ok) continue;
        if (parsed.segments.length > 0) written.push([...parsed.segments]);
        else if (write.continuesAt !== undefined) afterReplacement.push(write.continuesAt);
      }
    }
    let afterReplacers: Set<string> | undefined;
    const reads = machine.states
      .filter((state) => reachable.has(state.name))
      .flatMap((state) => stateReads(state).map((read) => ({ read, state })));
    const presenceTested = reads.flatMap(({ read }) => {
      const parsed = read.presenceTest ? parseReferencePath(read.path) : undefined;
      return parsed?.ok ? [parsed.segments] : [];
    });
    for (const { read, state } of reads) {
      if (read.presenceTest) continue;
      const parsed = parseReferencePath(read.path);
      if (!parsed.ok) continue;
      const segments = parsed.segments;
      if (written.some((w) => isPathPrefix(w, segments) || isPathPrefix(segments, w))) continue;
      if (presenceTested.some((p) => isPathPrefix(p, segments))) continue;
      afterReplacers ??= new Set(
        afterReplacement.flatMap((start) => [...reachableFrom(machine, start, true)]),
      );
      if (afterReplacers.has(state.name)) continue;
      report("path_never_written", read.at, { path: read.path });
    }
  }
};
