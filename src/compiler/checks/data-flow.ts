import { reachableFromAny, reachableStates } from "../../model/bundle-view.js";
import { formatReferencePath, parseReferencePath, type PathSegment } from "../../model/paths.js";
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
    const reachable = reachableStates(machine);
    const states = machine.states.filter((state) => reachable.has(state.name));
    const written = newPathTree();
    for (const root of INITIAL_ROOTS) addPath(written, root);
    /** Where the flow goes after a state replaced the whole data: Next for its result, a catcher's Next. */
    const afterReplacement: string[] = [];
    for (const state of states) {
      for (const write of stateWrites(state)) {
        const parsed = parseReferencePath(write.path);
        if (!parsed.ok) continue;
        if (parsed.segments.length > 0) addPath(written, parsed.segments, write.members);
        else if (write.continuesAt !== undefined) afterReplacement.push(write.continuesAt);
      }
    }
    const reads = states.flatMap((state) =>
      stateReads(state).flatMap((read) => {
        const parsed = parseReferencePath(read.path);
        return parsed.ok ? [{ read, segments: parsed.segments, state }] : [];
      }),
    );
    const presenceTested = newPathTree();
    for (const { read, segments } of reads) if (read.presenceTest) addPath(presenceTested, segments);
    let afterReplacers: Set<string> | undefined;
    for (const { read, segments, state } of reads) {
      if (read.presenceTest) continue;
      const unknown = unknownResultMember(written, segments);
      if (unknown) {
        // A result of one member (LoadConfig's config, CreateLink's link): the read most likely skipped it.
        const [only] = unknown.members;
        const suggestion =
          unknown.members.length === 1
            ? formatReferencePath([...segments.slice(0, unknown.at), only!, ...segments.slice(unknown.at)])
            : undefined;
        report("result_member_unknown", read.at, {
          path: read.path,
          members: unknown.members,
          ...(suggestion !== undefined ? { suggestion } : {}),
        });
        continue;
      }
      if (overlapsPath(written, segments) || holdsAncestorOf(presenceTested, segments)) continue;
      afterReplacers ??= reachableFromAny(machine, afterReplacement);
      if (afterReplacers.has(state.name)) continue;
      report("path_never_written", read.at, { path: read.path });
    }
  }
};

/**
 * Paths as a tree of their segments, so that a read is matched against every write in one walk down its own
 * segments rather than compared with each write (a long flow has thousands of both).
 */
interface PathTree {
  readonly children: Map<PathSegment, PathTree>;
  /** Whether a path ends here. */
  ends: boolean;
  /**
   * The members what is written here can have, when every write ending here is a built-in's result of fixed
   * members (LoadConfig's `{ config }`); "any" once another write ends here.
   */
  members: ReadonlySet<PathSegment> | "any";
}

const newPathTree = (): PathTree => ({ children: new Map(), ends: false, members: "any" });

function addPath(tree: PathTree, segments: readonly PathSegment[], members?: readonly string[]): void {
  let node = tree;
  for (const segment of segments) {
    let child = node.children.get(segment);
    if (!child) node.children.set(segment, (child = newPathTree()));
    node = child;
  }
  if (members === undefined) node.members = "any";
  else if (!node.ends) node.members = new Set(members);
  else if (node.members !== "any") node.members = new Set([...node.members, ...members]);
  node.ends = true;
}

/**
 * Where a read goes below a built-in's result into a member it never has and no other write adds
 * (`$.config.channel` after LoadConfig wrote `$.config`, whose settings are at `$.config.config.channel`): the
 * members it could have, else undefined.
 */
function unknownResultMember(
  tree: PathTree,
  path: readonly PathSegment[],
): { readonly members: readonly string[]; readonly at: number } | undefined {
  let node: PathTree | undefined = tree;
  for (const [at, segment] of path.entries()) {
    if (node.ends && node.members !== "any" && !node.members.has(segment) && !node.children.has(segment))
      return { members: [...node.members].map(String), at };
    node = node.children.get(segment);
    if (!node) return undefined;
  }
  return undefined;
}

/** Whether the tree holds `path` itself or one of its ancestors. */
function holdsAncestorOf(tree: PathTree, path: readonly PathSegment[]): boolean {
  let node: PathTree | undefined = tree;
  for (const segment of path) {
    if (node.ends) return true;
    node = node.children.get(segment);
    if (!node) return false;
  }
  return node.ends;
}

/** Whether the tree holds `path` itself, one of its ancestors, or one of its descendants. */
function overlapsPath(tree: PathTree, path: readonly PathSegment[]): boolean {
  let node: PathTree | undefined = tree;
  for (const segment of path) {
    if (node.ends) return true;
    node = node.children.get(segment);
    if (!node) return false;
  }
  // Every node but an empty root lies on a path that was added.
  return node.ends || node.children.size > 0;
}
