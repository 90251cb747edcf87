import { readFileSync } from "node:fs";
import { createRequire, SourceMap } from "node:module";
import path from "node:path";

/** A place in a module's own source, 1-based as editors count. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * tsx loads a CommonJS project's module (npm init's default) as a `data:` URL of esbuild's whitespace-minified
 * output, without a source map, so a stack frame in it gives a column of that one long line. This finds the
 * frame's place in the module's source: it transforms the source again as tsx does, with tsx's own esbuild and a
 * source map, and maps the frame through the map only when that output is exactly the code the frame is in.
 * `undefined` when the frame is not such a frame, or the code cannot be matched (a wrong place is worse than none).
 */
export function commonJsFramePosition(frame: string, file: string): SourcePosition | undefined {
  const match = /data:text\/javascript,([^?\s]*)\?filePath=([^:\s)]*):(\d+):(\d+)\)?$/.exec(frame);
  if (!match) return undefined;
  try {
    const loaded = decodeURIComponent(match[1]!);
    const loadedFile = decodeURIComponent(match[2]!).replace(/\?.*$/, "");
    if (path.resolve(loadedFile) !== path.resolve(file)) return undefined;
    const transformed = transformLikeTsx(readFileSync(file, "utf8"), file);
    if (transformed === undefined) return undefined;
    const start = loaded.indexOf(transformed.code);
    if (start < 0) return undefined;
    const offset = offsetOf(loaded, Number(match[3]), Number(match[4]));
    if (offset < start || offset >= start + transformed.code.length) return undefined;
    const before = transformed.code.slice(0, offset - start).split("\n");
    const entry = new SourceMap(JSON.parse(transformed.map) as never).findEntry(
      before.length - 1,
      before[before.length - 1]!.length,
    );
    if (!("originalLine" in entry)) return undefined;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return undefined;
  }
}

/** The offset in `text` of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const end = text.indexOf("\n", offset);
    if (end < 0) return -1;
    offset = end + 1;
  }
  return offset + column - 1;
}

interface Transformed {
  readonly code: string;
  readonly map: string;
}

/** esbuild's CommonJS output with tsx's options (tsx 4: its transformSync), from the esbuild tsx itself uses. */
function transformLikeTsx(source: string, file: string): Transformed | undefined {
  const esbuild = createRequire(import.meta.resolve("tsx/esm/api"))("esbuild") as {
    transformSync(source: string, options: Record<string, unknown>): Transformed;
  };
  return esbuild.transformSync(source, {
    target: `node${process.versions.node}`,
    loader: "ts",
    format: "cjs",
    platform: "node",
    sourcefile: file,
    sourcemap: true,
    minifyWhitespace: true,
    keepNames: true,
  });
}
