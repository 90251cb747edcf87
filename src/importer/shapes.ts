import type { PathSegment } from "../model/paths.js";
import { propertyKey } from "./names.js";

/** What a flow's data looks like, as far as the flow's own paths tell: the generated module's data type. */
export type LeafType = "string" | "number" | "boolean";

type Shape =
  | { kind: "object"; members: Map<string, Shape> }
  | { kind: "array"; item: Shape }
  | { kind: "leaf"; types: Set<LeafType | "unknown"> }
  | { kind: "named"; name: string };

const leaf = (): Shape => ({ kind: "leaf", types: new Set() });

/** Array indexes the path proxies can express as members (see src/dsl/ref.ts). */
export const MAX_PROXY_INDEX = 19;

export class ShapeTree {
  #root: Shape = { kind: "object", members: new Map() };

  /** The tree as it is now, put back by the function returned (see ModuleContext.checkpoint). */
  checkpoint(): () => void {
    const saved = structuredClone(this.#root);
    return () => {
      this.#root = saved;
    };
  }

  /** Records that the flow reads or writes `segments`, used as `type` when known. */
  use(segments: readonly PathSegment[], type?: LeafType | "unknown" | { array: string }): void {
    let node = this.#root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const wantArray = typeof segment === "number";
      if (wantArray && node.kind !== "array")
        Object.assign(node, { kind: "array", item: leaf() }, { members: undefined, types: undefined });
      if (!wantArray && node.kind !== "object")
        Object.assign(node, { kind: "object", members: new Map() }, { item: undefined, types: undefined });
      let next: Shape;
      if (node.kind === "array") next = node.item;
      else if (node.kind === "object") {
        const key = segment as string;
        next = node.members.get(key) ?? leaf();
        node.members.set(key, next);
      } else return;
      if (last && type !== undefined) {
        if (typeof type === "object")
          Object.assign(
            next,
            { kind: "named", name: type.array },
            { members: undefined, types: undefined, item: undefined },
          );
        else if (next.kind === "leaf") next.types.add(type);
      }
      node = next;
    });
  }

  /** Names of the root's members. */
  topLevelKeys(): string[] {
    return this.#root.kind === "object" ? [...this.#root.members.keys()] : [];
  }

  /** The single type `segments` was used as, if the tree says so. */
  typeAt(segments: readonly PathSegment[]): LeafType | undefined {
    let node: Shape | undefined = this.#root;
    for (const segment of segments) {
      if (!node) return undefined;
      if (node.kind === "array" && typeof segment === "number") node = node.item;
      else if (node.kind === "object" && typeof segment === "string") node = node.members.get(segment);
      else return undefined;
    }
    return node?.kind === "leaf" ? resolveLeaf(node.types) : undefined;
  }

  /** The TypeScript type of the whole tree. `input` is always present (flows declare it). */
  render(requireInput: boolean, optionalTopLevel: ReadonlySet<string> = new Set()): string {
    if (requireInput && this.#root.kind === "object" && !this.#root.members.has("input"))
      this.#root.members.set("input", leaf());
    return renderShape(this.#root, "", optionalTopLevel);
  }
}

function resolveLeaf(types: Set<LeafType | "unknown">): LeafType | undefined {
  const known = [...types].filter((t): t is LeafType => t !== "unknown");
  return known.length === 1 ? known[0] : undefined;
}

function renderShape(shape: Shape, indent: string, optional: ReadonlySet<string> = new Set()): string {
  switch (shape.kind) {
    case "leaf":
      return resolveLeaf(shape.types) ?? "unknown";
    case "named":
      return `readonly ${shape.name}[]`;
    case "array":
      return `readonly (${renderShape(shape.item, indent)})[]`;
    case "object": {
      if (shape.members.size === 0) return "Record<string, unknown>";
      const inner = indent + "  ";
      const lines = [...shape.members].map(
        ([key, member]) =>
          `${inner}readonly ${propertyKey(key)}${optional.has(key) ? "?" : ""}: ${renderShape(member, inner)};`,
      );
      return `{\n${lines.join("\n")}\n${indent}}`;
    }
  }
}
