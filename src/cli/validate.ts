import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  duplicateKeyFindings,
  findingMessage,
  hasErrors,
  makeFinding,
  type Finding,
} from "../model/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { jqProgramFindings } from "../interpreter/jq/check.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { readJsonFile } from "./read-json.js";

export const VALIDATE_USAGE = `Usage: zisflow validate FILE|FOLDER... [--json] [--integration KEY]

Checks bundle JSON files (hand-written, exported or Registry API responses) without uploading them. A folder
stands for the *.json files directly in it (dist-bundles: what zisflow build wrote).
Exit 0: no errors; 1: errors found; 2: usage error or a file that cannot be read or parsed.`;

/** `zisflow validate`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: VALIDATE_USAGE, run: validateCommand };

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
  if (positionals.length === 0) throw new UsageError("validate needs at least one FILE or FOLDER");
  const options = values.integration !== undefined ? { integration: values.integration } : {};
  const reports: FileReport[] = [];
  for (const file of await expandFolders(positionals, io.cwd))
    reports.push(await validateFile(file, io.cwd, options));

  if (values.json) {
    // Each finding as data (code, path, data) with its message rendered for people.
    const rendered = reports.map((report) => ({
      ...report,
      findings: report.findings.map((finding) => ({ ...finding, message: findingMessage(finding) })),
    }));
    io.stdout(JSON.stringify(rendered, null, 2) + "\n");
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

/**
 * The files to validate: each folder replaced by the `*.json` files directly in it, by name (not hidden ones such
 * as zisflow build's manifest). A folder without any is a usage error: a glob that matched nothing, probably.
 */
async function expandFolders(args: readonly string[], cwd: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const entries = await readdir(path.resolve(cwd, arg), { withFileTypes: true }).catch(() => undefined);
    if (entries === undefined) {
      files.push(arg);
      continue;
    }
    const bundles = entries
      .filter((e) => e.isFile() && e.name.endsWith(".json") && !e.name.startsWith("."))
      .map((e) => path.join(arg, e.name))
      .sort();
    if (bundles.length === 0) throw new UsageError(`${arg} holds no .json files`);
    files.push(...bundles);
  }
  return files;
}

async function validateFile(
  file: string,
  cwd: string,
  options: { integration?: string },
): Promise<FileReport> {
  if (/\.[cm]?ts$/.test(file))
    return {
      file,
      findings: [],
      unreadable: "a TypeScript module, not bundle JSON: zisflow build compiles and validates modules",
    };
  const parsed = await readJsonFile(file, cwd);
  if (!parsed.ok) {
    const findings = parsed.syntax
      ? [
          makeFinding("invalid_json", [], {
            line: parsed.syntax.line,
            column: parsed.syntax.column,
            reason: parsed.syntax.message,
          }),
        ]
      : [];
    return { file, findings, unreadable: parsed.problem };
  }
  return {
    file,
    findings: [
      ...duplicateKeyFindings(parsed.duplicateKeys),
      ...validateBundle(parsed.value, options),
      ...(await jqProgramFindings(parsed.value)),
    ],
  };
}
