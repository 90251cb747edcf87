import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { makeFinding, hasErrors, type Finding } from "../compiler/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { parseJsonText } from "../model/json-text.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliIo } from "./io.js";

export const VALIDATE_USAGE = `Usage: zisflow validate FILE... [--json] [--integration KEY]

Checks bundle JSON files (hand-written, exported or Registry API responses) without uploading them.
Exit 0: no errors; 1: errors found; 2: usage error or a file that cannot be read or parsed.`;

interface FileReport {
  readonly file: string;
  readonly findings: readonly Finding[];
  /** Set when the file could not be read or parsed. */
  readonly unreadable?: string;
}

export async function validateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, integration: { type: "string" } },
  });
  if (positionals.length === 0) throw new UsageError("validate needs at least one FILE");
  const options = values.integration !== undefined ? { integration: values.integration } : {};
  const reports: FileReport[] = [];
  for (const file of positionals) reports.push(await validateFile(file, io.cwd, options));

  if (values.json) {
    io.stdout(JSON.stringify(reports, null, 2) + "\n");
  } else {
    for (const report of reports) {
      if (report.unreadable) {
        io.stderr(`${report.file}: ${report.unreadable}\n`);
        continue;
      }
      for (const finding of report.findings) io.stdout(formatFinding(report.file, finding) + "\n");
      io.stdout(`${report.file}: ${summarize(report.findings)}\n`);
    }
  }
  if (reports.some((r) => r.unreadable)) return EXIT.usage;
  return reports.some((r) => hasErrors(r.findings)) ? EXIT.findings : EXIT.ok;
}

async function validateFile(
  file: string,
  cwd: string,
  options: { integration?: string },
): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      file,
      findings: [],
      unreadable: code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`,
    };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const finding = makeFinding(
      "invalid_json",
      [],
      `line ${parsed.line}, column ${parsed.column}: ${parsed.message}`,
    );
    return {
      file,
      findings: [finding],
      unreadable: `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`,
    };
  }
  const duplicates = parsed.duplicateKeys.map((at) =>
    makeFinding(
      "duplicate_json_key",
      at,
      `"${String(at[at.length - 1])}" appears more than once; only the last is kept`,
    ),
  );
  return { file, findings: [...duplicates, ...validateBundle(parsed.value, options)] };
}
