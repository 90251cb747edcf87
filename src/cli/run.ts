import path from "node:path";
import { parseArgs } from "node:util";
import { loadBundleModule } from "../compiler/build.js";
import { compileBundle } from "../compiler/compile.js";
import { hasErrors } from "../compiler/diagnostics.js";
import { HarnessError } from "../interpreter/errors.js";
import type { Mocks } from "../interpreter/mocks.js";
import { runFlow, type RunResult } from "../interpreter/run.js";
import type { TraceEntry } from "../interpreter/trace.js";
import { formatFinding } from "./format.js";
import { EXIT, UsageError, type CliIo } from "./io.js";
import { readJsonFile } from "./read-json.js";

export const RUN_USAGE = `Usage: zisflow run BUNDLE.json|MODULE.ts --event EVENT.json [--flow NAME] [--mocks MOCKS.json]
                   [--integration KEY] [--subdomain NAME] [--json]

Runs one flow locally with the bundled interpreter. EVENT.json is the event payload (the flow's $.input);
--subdomain names the account (requests with a path go to https://NAME.zendesk.com; default: example).
MOCKS.json answers HTTP requests and seeds configs and links:
  { "http": [{ "match": { "action", "method", "url" }, "response": { "status", "headers", "body" }, "times" }],
    "configs": { "<scope>": {...} }, "links": [{ "link_type", "left_object": {"name"}, "right_object": {"name"} }] }
Exit 0: the flow succeeded; 1: it failed; 2: usage error, unreadable input, or a request no mock answers.`;

export async function runCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      event: { type: "string" },
      flow: { type: "string" },
      mocks: { type: "string" },
      integration: { type: "string" },
      subdomain: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("run takes exactly one BUNDLE.json or MODULE.ts");
  if (values.event === undefined) throw new UsageError("run needs --event EVENT.json (the flow's $.input)");
  const bundleFile = positionals[0]!;
  try {
    const bundle = await loadBundle(bundleFile, io, values.integration);
    const input = await readJson(values.event, io);
    const mocks = values.mocks !== undefined ? ((await readJson(values.mocks, io)) as Mocks) : undefined;
    const result = await runFlow(bundle, {
      input,
      ...(values.flow !== undefined ? { flow: values.flow } : {}),
      ...(mocks ? { mocks } : {}),
      ...(values.integration !== undefined ? { integration: values.integration } : {}),
      ...(values.subdomain !== undefined ? { subdomain: values.subdomain } : {}),
    });
    io.stdout(values.json ? JSON.stringify(result, null, 2) + "\n" : formatRun(result));
    return result.status === "succeeded" ? EXIT.ok : EXIT.findings;
  } catch (error) {
    if (error instanceof InputError || error instanceof HarnessError) {
      io.stderr(`zisflow run: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

class InputError extends Error {}

async function readJson(file: string, io: CliIo): Promise<unknown> {
  const parsed = await readJsonFile(file, io.cwd);
  if (!parsed.ok) throw new InputError(`${file}: ${parsed.problem}`);
  return parsed.value;
}

/** Bundle JSON as it is, or a bundle module compiled on the fly (refused if it has validator errors). */
async function loadBundle(file: string, io: CliIo, integration: string | undefined): Promise<unknown> {
  if (!/\.(ts|mts)$/.test(file)) return readJson(file, io);
  let definition;
  try {
    definition = await loadBundleModule(path.resolve(io.cwd, file));
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  const compiled = compileBundle(definition, integration !== undefined ? { integration } : {});
  if (hasErrors(compiled.findings)) {
    for (const finding of compiled.findings) io.stderr(formatFinding(file, finding) + "\n");
    throw new InputError(`${file}: the bundle has errors; fix them before running it`);
  }
  return compiled.bundle;
}

/** A readable trace: one line per state, its decision or requests, then the outcome. */
export function formatRun(result: RunResult): string {
  const lines = [`flow ${result.flow}`];
  for (const entry of result.trace) lines.push(formatEntry(entry));
  lines.push(
    result.status === "succeeded"
      ? `succeeded: ${result.log}`
      : `failed: ${result.error?.Error}: ${result.error?.Cause}`,
  );
  return lines.join("\n") + "\n";
}

function formatEntry(entry: TraceEntry): string {
  const indent = "  ".repeat(entry.iteration.length + 1);
  const where = entry.iteration.length > 0 ? ` [item ${entry.iteration.join(".")}]` : "";
  const parts = [`${indent}${entry.state} (${entry.type})${where}`];
  for (const request of entry.requests)
    parts.push(
      `${indent}  ${request.method} ${request.url}${request.body === undefined ? "" : ` ${JSON.stringify(request.body)}`}`,
    );
  for (const wait of entry.retries) parts.push(`${indent}  retry after ${wait} s`);
  if (entry.error)
    parts.push(
      `${indent}  error ${entry.error.Error}: ${entry.error.Cause}${entry.caughtBy !== undefined ? " (caught)" : ""}`,
    );
  if (entry.choice !== undefined)
    parts.push(
      `${indent}  ${entry.choice === "default" ? "no rule matched: Default" : `rule ${entry.choice + 1} matched`} → ${entry.next}`,
    );
  else if (entry.next !== undefined) parts.push(`${indent}  → ${entry.next}`);
  if (entry.log !== undefined && entry.type === "Succeed") parts.push(`${indent}  log: ${entry.log}`);
  return parts.join("\n");
}
