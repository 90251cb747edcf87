import { toPointer, type PointerSegment } from "../model/pointer.js";
import { isJsonObject, type JsonValue } from "../model/json.js";

/** Raw edits, mutable while a diff collects them. */
export interface EditList {
  set: Record<string, JsonValue>;
  remove: string[];
  order: Record<string, string[]>;
}

export const emptyEdits = (): EditList => ({ set: {}, remove: [], order: {} });

/**
 * The edits that turn `compiled` into `source` (see applyRawEdits): members to set or remove, and the key
 * order of objects whose keys come out in another order.
 */
export function diffJson(
  compiled: JsonValue,
  source: JsonValue,
  edits: EditList,
  at: PointerSegment[] = [],
): void {
  if (JSON.stringify(compiled) === JSON.stringify(source)) return;
  const pointer = toPointer(at);
  if (isJsonObject(compiled) && isJsonObject(source)) {
    const kept = Object.keys(compiled).filter((key) => key in source);
    for (const key of Object.keys(compiled)) if (!(key in source)) edits.remove.push(toPointer([...at, key]));
    const added: string[] = [];
    for (const [key, value] of Object.entries(source)) {
      if (key in compiled) diffJson(compiled[key]!, value, edits, [...at, key]);
      else {
        edits.set[toPointer([...at, key])] = value;
        added.push(key);
      }
    }
    const resulting = [...kept, ...added];
    const wanted = Object.keys(source);
    if (resulting.join("\u0000") !== wanted.join("\u0000")) edits.order[pointer] = wanted;
    return;
  }
  if (Array.isArray(compiled) && Array.isArray(source) && compiled.length === source.length) {
    source.forEach((item, i) => diffJson(compiled[i]!, item, edits, [...at, i]));
    return;
  }
  edits.set[pointer] = source;
}

export const hasEdits = (edits: EditList): boolean =>
  Object.keys(edits.set).length > 0 || edits.remove.length > 0 || Object.keys(edits.order).length > 0;
