import path from "node:path";
import {
  DEFAULT_LOAD_TIMEOUT_MS,
  ProjectError,
  sharedModuleLoader,
  type CompiledModule,
} from "../project/index.js";
import type { CompileOptions } from "../compiler/compile.js";
import { hasErrors } from "../model/diagnostics.js";
import { formatFinding } from "./format.js";
import { UsageError, type CliIo } from "./io.js";
import { readJsonFile } from "./read-json.js";

/** An input file a command cannot use; the message names the file. */
export class BundleInputError extends Error {
  override readonly name = "BundleInputError";
  readonly code = "bundle_input";
}

/** A JSON file's value, or a BundleInputError naming the file and what is wrong with it. */
export async function readJsonInput(file: string, io: CliIo): Promise<unknown> {
  const parsed = await readJsonFile(file, io.cwd);
  if (!parsed.ok) throw new BundleInputError(`${file}: ${parsed.problem}`);
  return parsed.value;
}

/** The environment variable that sets how long a bundle module may take to load and compile, in seconds. */
export const LOAD_TIMEOUT_ENV = "ZISFLOW_LOAD_TIMEOUT";

/** The deadline of each module load: $ZISFLOW_LOAD_TIMEOUT seconds, else the loader's default (10 s). */
export function loadTimeoutMs(): number {
  const value = process.env[LOAD_TIMEOUT_ENV];
  if (value === undefined || value === "") return DEFAULT_LOAD_TIMEOUT_MS;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : 0;
  if (!(seconds > 0))
    throw new UsageError(`${LOAD_TIMEOUT_ENV} takes a number of seconds greater than 0, found "${value}"`);
  // Timers take at most 2^31 - 1 ms (24.8 days); a longer delay would fire at once.
  return Math.min(seconds * 1000, 2 ** 31 - 1);
}

/**
 * A bundle module (`.ts`), loaded and compiled as `zisflow build` does (in the loader's worker, under its
 * deadline). Throws BundleInputError naming the file when it cannot be.
 */
export async function compileModuleInput(
  file: string,
  io: CliIo,
  options: CompileOptions = {},
): Promise<CompiledModule> {
  try {
    return await sharedModuleLoader().compile(path.resolve(io.cwd, file), options, loadTimeoutMs());
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    const compiling = error.code === "module_compile_failed" ? "failed to compile: " : "";
    throw new BundleInputError(`${file}: ${compiling}${error.message}`);
  }
}

/**
 * Bundle JSON as it is, or a bundle module (`.ts`) compiled on the fly with `params` as its build parameters —
 * refused, with its findings on stderr, when it has validator errors. `params` naming a parameter the module
 * does not use is a UsageError; so are `params` for bundle JSON, which has no parameters left to set.
 */
export async function loadBundleInput(
  file: string,
  io: CliIo,
  integration?: string,
  params: Readonly<Record<string, string>> = {},
): Promise<unknown> {
  const names = Object.keys(params);
  if (!/\.(ts|mts)$/.test(file)) {
    if (names.length > 0)
      throw new UsageError(
        `--set is for bundle modules (.ts); ${file} is bundle JSON, whose parameters were set when it was built`,
      );
    return readJsonInput(file, io);
  }
  const compiled = await compileModuleInput(file, io, {
    ...(integration !== undefined ? { integration } : {}),
    ...(names.length > 0 ? { params } : {}),
  });
  const unused = names.filter((name) => !compiled.params.has(name));
  if (unused.length > 0) {
    const declared = [...compiled.params].filter((name) => name !== "INTEGRATION");
    throw new UsageError(
      `${unused.map((name) => `--set ${name}`).join(", ")}: ${file} uses no build parameter of that name ` +
        `(its parameters: ${declared.join(", ") || "none"})`,
    );
  }
  if (hasErrors(compiled.findings)) {
    for (const finding of compiled.findings) io.stderr(formatFinding(file, finding) + "\n");
    throw new BundleInputError(`${file}: the bundle has errors; fix them first`);
  }
  return compiled.bundle;
}

/** `--set NAME=VALUE` options as build parameters (`zisflow build` and `zisflow deploy` take them alike). */
export function parseBuildParams(assignments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set takes NAME=VALUE, found "${assignment}"`);
    if (assignment.slice(0, eq) === "INTEGRATION")
      throw new UsageError("give the integration key with --integration, not --set");
    params[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  return params;
}
