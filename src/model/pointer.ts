/** JSON pointers (RFC 6901), both ways: how every layer names a place in a bundle. */

/** One step of a pointer: an object key or an array index. */
export type PointerSegment = string | number;

/** `["a", "b/c", 0]` → `"/a/b~1c/0"`; `[]` is `""`, the whole document. */
export function toPointer(segments: readonly PointerSegment[]): string {
  return segments.map((s) => "/" + String(s).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** `"/a/b~1c"` → `["a", "b/c"]`. Throws for text that is not a pointer. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new Error(`a JSON pointer starts with "/": ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
