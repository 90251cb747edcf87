import { parsePointer } from "../model/pointer.js";
import type { RawEdits } from "../dsl/bundle.js";
import type { JsonObject, JsonValue } from "../model/json.js";

type Container = JsonObject | JsonValue[];

/** A member of an object or array; an object's own members only (a pointer through "constructor" finds none). */
function child(container: Container, key: string): JsonValue | undefined {
  if (Array.isArray(container)) return container[Number(key)];
  return Object.hasOwn(container, key) ? container[key] : undefined;
}

/** Sets a member; on an object as a data property, so that a key "__proto__" is a member, not the prototype. */
function setChild(container: Container, key: string, value: JsonValue): void {
  if (Array.isArray(container)) container[Number(key)] = value;
  else Object.defineProperty(container, key, { value, writable: true, enumerable: true, configurable: true });
}

function isContainer(value: JsonValue | undefined): value is Container {
  return typeof value === "object" && value !== null;
}

/** Applies raw edits to rendered JSON in place: set, then remove, then order. Returns the root (which `set ""` may replace). */
export function applyRawEdits(root: JsonObject, edits: RawEdits | undefined): JsonObject {
  if (!edits) return root;
  let result: JsonValue = root;
  for (const [pointer, value] of Object.entries(edits.set ?? {})) {
    const path = parsePointer(pointer);
    if (path.length === 0) {
      result = structuredClone(value);
      continue;
    }
    let current = result as Container;
    for (const key of path.slice(0, -1)) {
      let next = child(current, key);
      if (!isContainer(next)) {
        next = {};
        setChild(current, key, next);
      }
      current = next;
    }
    const last = path[path.length - 1]!;
    setChild(current, last, structuredClone(value));
  }
  for (const pointer of edits.remove ?? []) {
    const path = parsePointer(pointer);
    const parent = path
      .slice(0, -1)
      .reduce<JsonValue | undefined>((at, key) => (isContainer(at) ? child(at, key) : undefined), result);
    const last = path[path.length - 1];
    if (last === undefined || !isContainer(parent)) continue;
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  for (const [pointer, keys] of Object.entries(edits.order ?? {})) {
    const target = parsePointer(pointer).reduce<JsonValue | undefined>(
      (at, key) => (isContainer(at) ? child(at, key) : undefined),
      result,
    );
    if (!isContainer(target) || Array.isArray(target)) continue;
    const entries = Object.entries(target);
    for (const key of Object.keys(target)) delete target[key];
    for (const key of keys) {
      const entry = entries.find(([k]) => k === key);
      if (entry) setChild(target, key, entry[1]);
    }
    for (const [key, value] of entries) if (!Object.hasOwn(target, key)) setChild(target, key, value);
  }
  return result as JsonObject;
}
