import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { hasErrors } from "../model/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { importBundle, ImportError } from "../importer/index.js";
import { listBundleModules, makeFolders } from "../project/index.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { readJsonFile } from "./read-json.js";

export const IMPORT_USAGE = `Usage: zisflow import BUNDLE.json [-o flows/NAME.ts] [--force] [--dsl SPECIFIER]

Turns bundle JSON (or a Registry API response) into a TypeScript module written with the DSL; building the
module gives back the same bundle, key order included. What the builders cannot express is kept in the
bundle's raw edits, and said on stderr.
  -o FILE          the module to write (default: flows/<BUNDLE name>.ts); never overwritten without --force
  --dsl SPECIFIER  where the module imports the DSL from (default: zisflow)
The module builds <BUNDLE name>.json (its fileName), or <BUNDLE name>-2.json (-3, …) when another module of
its folder builds that file already (said on stderr).
Exit 0: written; 1: written, but the bundle has validator errors (printed); 2: usage error, unreadable
input, not a bundle, or an existing output file.`;

/** `zisflow import`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: IMPORT_USAGE, run: importCommand };

export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      output: { type: "string", short: "o" },
      force: { type: "boolean", default: false },
      dsl: { type: "string", default: "zisflow" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("import takes exactly one BUNDLE.json");
  if (values.dsl.trim() === "") throw new UsageError("--dsl takes a module specifier, e.g. zisflow");
  const input = positionals[0]!;
  const parsed = await readJsonFile(input, io.cwd);
  if (!parsed.ok) {
    io.stderr(`${input}: ${parsed.problem}\n`);
    return EXIT.usage;
  }
  const base = path.basename(input).replace(/\.json$/i, "");
  const output = path.resolve(io.cwd, values.output ?? path.join("flows", `${base}.ts`));
  const shownOutput = path.relative(io.cwd, output);
  if (output === path.resolve(io.cwd, input))
    throw new UsageError(`-o ${shownOutput} is the bundle being imported; choose another file`);
  const existing = await stat(output).catch(() => undefined);
  if (existing?.isDirectory()) {
    io.stderr(
      `${shownOutput} is a folder; give the module's file name, e.g. -o ${path.join(shownOutput, `${base}.ts`)}\n`,
    );
    return EXIT.usage;
  }
  if (existing !== undefined && !values.force) {
    io.stderr(`${shownOutput} exists; rerun with --force to overwrite it\n`);
    return EXIT.usage;
  }
  // Validated once the output is known to be free: a refusal is one line, not the bundle's findings first.
  const findings = validateBundle(parsed.value);
  for (const finding of findings) io.stderr(formatFinding(input, finding) + "\n");
  const claims = await claimedFileNames(path.dirname(output), output);
  let fileName = `${base}.json`;
  for (let n = 2; claims.has(fileName); n++) fileName = `${base}-${n}.json`;
  let result;
  try {
    result = await importBundle(parsed.value, { fileName, dslImport: values.dsl });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    io.stderr(`${input}: ${error.message}\n`);
    return EXIT.usage;
  }
  try {
    await makeFolders(path.dirname(output));
    await writeFile(output, result.code);
  } catch (error) {
    io.stderr(`${shownOutput}: cannot write: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const claimant = claims.get(`${base}.json`);
  if (claimant !== undefined)
    io.stderr(
      `${input}: ${path.relative(io.cwd, claimant)} builds ${base}.json already; ${shownOutput} builds ${fileName}\n`,
    );
  for (const note of result.notes) io.stderr(`${input}: ${note}\n`);
  io.stdout(`${input} → ${shownOutput} (${summarize(findings)})\n`);
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}

/** A string-literal `fileName:` in a module's text (what `bundle({ fileName })` is written with). */
const FILE_NAME_LITERAL = /\bfileName\s*:\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|`([^`\\$\n]*)`)/;

/**
 * The bundle files the other modules of `folder` build, by file name, with the module that builds each (as
 * `zisflow build` names them: a module's `fileName`, or its own name with .json). A module whose `fileName` is
 * not a string literal is left out: what it builds is not known without running it.
 */
async function claimedFileNames(folder: string, except: string): Promise<Map<string, string>> {
  const modules = await listBundleModules(folder).catch(() => []);
  const claims = new Map<string, string>();
  for (const module of modules) {
    if (module === except) continue;
    const text = await readFile(module, "utf8").catch(() => "");
    const literal = FILE_NAME_LITERAL.exec(text);
    if (!literal && /\bfileName\s*:/.test(text)) continue;
    const fileName =
      literal?.[1] ??
      literal?.[2] ??
      literal?.[3] ??
      `${path.basename(module).replace(/\.(ts|mts)$/, "")}.json`;
    if (!claims.has(fileName)) claims.set(fileName, module);
  }
  return claims;
}
