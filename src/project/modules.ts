import path from "node:path";
import { readdir, stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { isBundleDefinition, type BundleDefinition } from "../dsl/bundle.js";
import { commonJsFramePosition, type SourcePosition } from "./source-position.js";

export async function listBundleModules(flowsDir: string): Promise<string[]> {
  const entries = await readdir(flowsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === "ENOENT"
      ? new ProjectError("flows_dir_missing", `no folder ${flowsDir} (bundle modules go there)`)
      : new ProjectError("flows_dir_unreadable", `cannot read ${flowsDir}: ${error.message}`);
  });
  return entries
    .filter(
      (e) => e.isFile() && /\.(ts|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") && !e.name.startsWith("_"),
    )
    .map((e) => path.join(flowsDir, e.name))
    .sort();
}

/** Loads a bundle module (TypeScript through tsx) and returns its default export. */
export async function loadBundleModule(file: string): Promise<BundleDefinition> {
  // Said plainly here: the import would say it with the loader's own file and a resolver error code.
  const stats = await stat(file).catch(() => undefined);
  if (stats === undefined) throw new ProjectError("module_load_failed", "failed to load: no such file");
  if (stats.isDirectory())
    throw new ProjectError("module_load_failed", "failed to load: a folder, not a module");
  const { tsImport } = await import("tsx/esm/api");
  let namespace: { default?: unknown };
  try {
    namespace = (await tsImport(pathToFileURL(path.resolve(file)).href, import.meta.url)) as {
      default?: unknown;
    };
  } catch (error) {
    throw new ProjectError("module_load_failed", `failed to load: ${describeError(error, file)}`);
  }
  // A project without "type": "module" gets its .ts files loaded as CommonJS: the ES default export then
  // sits one level down, on module.exports.default.
  const exported = isBundleDefinition(namespace.default)
    ? namespace.default
    : (namespace.default as { default?: unknown } | undefined)?.default;
  if (!isBundleDefinition(exported))
    throw new ProjectError(
      "module_without_bundle",
      "has no default export made with bundle({...}); export default bundle({ name, jobSpecs })",
    );
  return exported;
}

/** Why the project's bundle modules could not be listed or loaded. */
export type ProjectErrorCode =
  | "flows_dir_missing"
  | "flows_dir_unreadable"
  | "module_load_failed"
  | "module_without_bundle"
  /** The module, or compiling its bundle, did not finish within the loader's deadline. */
  | "module_load_timeout"
  /** The bundle definition loaded, but compiling it threw. */
  | "module_compile_failed";

export class ProjectError extends Error {
  override readonly name = "ProjectError";
  constructor(
    readonly code: ProjectErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The error's message and, when the stack shows it, the line of the module where it was thrown. */
export function describeError(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `threw ${preview(error)}`;
  // A syntax error as tsx reports it: esbuild's first message, "<file>:<line>:<column>: ERROR: <text>", with a
  // 0-based column.
  const syntax = error.name === "TransformError" ? /:(\d+):(\d+): ERROR: (.*)$/m.exec(error.message) : null;
  if (syntax) return `syntax error at line ${syntax[1]}, column ${Number(syntax[2]) + 1}: ${syntax[3]}`;
  const base = path.basename(file);
  const frame = error.stack?.split("\n").find((line) => line.includes(base));
  const location = frame ? framePosition(frame, file) : undefined;
  const code = (error as { code?: unknown }).code;
  const prefix = typeof code === "string" ? `${code}: ` : "";
  const lines = error.message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const message = lines[0]?.endsWith(":") && lines[1] ? `${lines[0]} ${lines[1]}` : (lines[0] ?? "");
  return `${prefix}${message}${location ? ` (line ${location.line}, column ${location.column})` : ""}`;
}

/** Where a stack frame in the module is in its source: as the frame says, or mapped out of tsx's CommonJS wrapper. */
function framePosition(frame: string, file: string): SourcePosition | undefined {
  if (frame.includes("data:text/javascript,")) return commonJsFramePosition(frame, file);
  const location = /:(\d+):(\d+)\)?$/.exec(frame);
  return location ? { line: Number(location[1]), column: Number(location[2]) } : undefined;
}

/** A thrown value that is not an Error, in one short line: `"text"`, `null`, `{"message":5}`. */
function preview(value: unknown): string {
  let text: string;
  try {
    // undefined for what JSON cannot hold (undefined, a function, a symbol).
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle, a BigInt, a throwing getter.
    text = Object.prototype.toString.call(value);
  }
  text = text.replace(/\s+/g, " ");
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
