import { access, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { hasErrors } from "../model/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { importBundle, ImportError } from "../importer/index.js";
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
  if (!values.force && (await exists(output))) {
    io.stderr(`${path.relative(io.cwd, output)} exists; rerun with --force to overwrite it\n`);
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
  await mkdir(path.dirname(output), { recursive: true });
  await writeFile(output, result.code);
  for (const note of result.notes) io.stderr(`${input}: ${note}\n`);
  io.stdout(`${input} → ${path.relative(io.cwd, output)} (${summarize(findings)})\n`);
  return hasErrors(findings) ? EXIT.findings : EXIT.ok;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
