import { isPlainObject } from "./json.js";
import type { PointerSegment } from "./pointer.js";

/**
 * How deep bundle JSON may nest: a value's depth is the length of its pointer (a resource is at depth 2, its
 * flow's states at 6). Real bundles stay under 15 (the corpus's deepest value is at 13); the zod schema reads
 * recursively and overflows the stack near 550 (nested Not rules, the costliest level), so the structure rules
 * and the validator read nothing deeper than this.
 */
export const MAX_NESTING_DEPTH = 100;

/**
 * How many JSON values (objects, arrays and scalars, the root included) a bundle may hold. The largest corpus
 * bundle holds 703 and an 8,000-state flow about 64,000. zod gathers a container's issues with one spread call,
 * which throws past about 120,000 of them, and a bundle cannot have more issues than values.
 */
export const MAX_BUNDLE_VALUES = 100_000;

/** How many JSON values `root` holds, counted without recursion; stops counting past `limit`. */
export function countValues(root: unknown, limit: number = MAX_BUNDLE_VALUES): number {
  let count = 0;
  const pending: unknown[] = [root];
  const seen = new Set<unknown>();
  while (pending.length > 0 && count <= limit) {
    const value = pending.pop();
    count++;
    if (!isContainer(value) || seen.has(value)) continue;
    seen.add(value);
    for (const member of Array.isArray(value) ? value : Object.values(value)) pending.push(member);
  }
  return count;
}

/** Where a value nests too deep: the first value past the limit, and how deep the deepest value is. */
export interface ExcessNesting {
  readonly at: readonly PointerSegment[];
  readonly depth: number;
}

/** An array or object met on the walk, and how it was reached (undefined for the root). */
interface Visit {
  readonly container: readonly unknown[] | Readonly<Record<string, unknown>>;
  readonly depth: number;
  readonly via: Step | undefined;
}

/** A step down from a container to one of its members. */
interface Step {
  readonly parent: Visit;
  readonly key: PointerSegment;
}

/**
 * The first value (in document order) deeper than `limit`, with the depth of the deepest value; undefined when
 * everything fits. The walk keeps its own stack, so any depth is measured.
 */
export function excessNesting(root: unknown, limit: number = MAX_NESTING_DEPTH): ExcessNesting | undefined {
  if (!isContainer(root)) return undefined;
  let deepest = 0;
  let first: Step | undefined;
  // Parsed JSON is a tree; an object built by code may share or contain itself, and is then walked once.
  const seen = new Set<Visit["container"]>();
  const pending: Visit[] = [{ container: root, depth: 0, via: undefined }];
  while (pending.length > 0) {
    const visit = pending.pop()!;
    const { container } = visit;
    if (seen.has(container)) continue;
    seen.add(container);
    const keys: readonly PointerSegment[] = Array.isArray(container)
      ? container.map((_, index) => index)
      : Object.keys(container);
    const members: readonly unknown[] = Array.isArray(container) ? container : Object.values(container);
    if (keys.length === 0) continue;
    const depth = visit.depth + 1;
    deepest = Math.max(deepest, depth);
    if (depth > limit) first ??= { parent: visit, key: keys[0]! };
    // Last first, so that members are walked in document order.
    for (let i = keys.length - 1; i >= 0; i--) {
      const member = members[i];
      if (isContainer(member))
        pending.push({ container: member, depth, via: { parent: visit, key: keys[i]! } });
    }
  }
  return first === undefined ? undefined : { at: pointerOf(first), depth: deepest };
}

const isContainer = (value: unknown): value is Visit["container"] =>
  Array.isArray(value) || isPlainObject(value);

function pointerOf(last: Step): PointerSegment[] {
  const at: PointerSegment[] = [];
  for (let step: Step | undefined = last; step !== undefined; step = step.parent.via) at.push(step.key);
  return at.reverse();
}
