import { stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { hasErrors } from "../model/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { importBundle, ImportError } from "../importer/index.js";
import { makeFolders } from "../project/index.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { readJsonFile } from "./read-json.js";

export const IMPORT_USAGE = `Usage: zisflow import BUNDLE.json [-o flows/NAME.ts] [--force] [--dsl SPECIFIER]

Turns bundle JSON (or a Registry API response) into a TypeScript module written with the DSL; building the
module gives back the same bundle, key order included. What the builders cannot express is kept in the
bundle's raw edits, and said on stderr.
  -o FILE          the module to write (default: flows/<BUNDLE name>.ts); never overwritten without --force
  --dsl SPECIFIER  where the module imports the DSL from (default: zisflow)
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
  const findings = validateBundle(parsed.value);
  for (const finding of findings) io.stderr(formatFinding(input, finding) + "\n");
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
  let result;
  try {
    result = await importBundle(parsed.value, { fileName: `${base}.json`, dslImport: values.dsl });
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
  for (const note of result.notes) io.stderr(`${input}: ${note}\n`);
  io.stdout(`${input} → ${shownOutput} (${summarize(findings)})\n`);
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}
