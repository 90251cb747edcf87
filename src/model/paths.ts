/**
 * ZIS "reference paths": the Amazon States Language subset that names exactly one node.
 * `$`, `.key`, `['key']` / `["key"]` and `[index]` — no wildcards, filters, slices or recursive descent.
 * Dotted keys are lenient (anything but `.`, `[`, `]` and white space), because ZIS authors write
 * `$.key-with-dash` and the service accepts it.
 */

export type PathSegment = string | number;

export type ParsedPath =
  | { readonly ok: true; readonly segments: readonly PathSegment[] }
  | { readonly ok: false; readonly reason: string };

const DOT_KEY = /[^.[\]\s]/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Parses a reference path. Never throws: a bad path comes back with the reason. */
export function parseReferencePath(path: string): ParsedPath {
  if (!path.startsWith("$")) return { ok: false, reason: "a reference path starts with '$'" };
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === ".") {
      if (path[i + 1] === ".") return { ok: false, reason: "recursive descent '..' is not supported" };
      let j = i + 1;
      while (j < path.length && DOT_KEY.test(path[j]!)) j++;
      const key = path.slice(i + 1, j);
      if (key === "") return { ok: false, reason: `empty key at character ${i + 1}` };
      if (key === "*") return { ok: false, reason: "wildcards are not supported" };
      segments.push(key);
      i = j;
    } else if (ch === "[") {
      const quote = path[i + 1];
      if (quote === "'" || quote === '"') {
        let j = i + 2;
        let key = "";
        while (j < path.length && path[j] !== quote) {
          if (path[j] === "\\" && j + 1 < path.length) j++;
          key += path[j];
          j++;
        }
        if (path[j] !== quote || path[j + 1] !== "]")
          return { ok: false, reason: `unterminated bracket key at character ${i + 1}` };
        segments.push(key);
        i = j + 2;
      } else {
        const close = path.indexOf("]", i);
        if (close < 0) return { ok: false, reason: `unterminated '[' at character ${i + 1}` };
        const inner = path.slice(i + 1, close);
        if (!/^\d+$/.test(inner))
          return {
            ok: false,
            reason: `only non-negative integer indexes are supported in brackets, found [${inner}]`,
          };
        segments.push(Number(inner));
        i = close + 1;
      }
    } else {
      return { ok: false, reason: `unexpected '${ch}' at character ${i + 1}` };
    }
  }
  return { ok: true, segments };
}

/** Renders segments as the canonical reference path (dot form where the key allows it). */
export function formatReferencePath(segments: readonly PathSegment[]): string {
  let out = "$";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += `.${segment}`;
    else out += `['${segment.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}']`;
  }
  return out;
}

/** True when `prefix` names `path` itself or one of its ancestors. */
export function isPathPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => segment === path[i]);
}
