import path from "node:path";
import { loadBundleModule } from "../project/index.js";
import { compileBundle } from "../compiler/compile.js";
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

/**
 * Bundle JSON as it is, or a bundle module (`.ts`) compiled on the fly — refused, with its findings on stderr,
 * when it has validator errors.
 */
export async function loadBundleInput(file: string, io: CliIo, integration?: string): Promise<unknown> {
  if (!/\.(ts|mts)$/.test(file)) return readJsonInput(file, io);
  let definition;
  try {
    definition = await loadBundleModule(path.resolve(io.cwd, file));
  } catch (error) {
    throw new BundleInputError(`${file}: ${(error as Error).message}`);
  }
  const compiled = compileBundle(definition, integration !== undefined ? { integration } : {});
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
    params[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  return params;
}
