import path from "node:path";
import { parseArgs } from "node:util";
import { COVERAGE_DIR_ENV, CoverageRecorder } from "../coverage/record.js";
import { HarnessError } from "../interpreter/errors.js";
import { parseMocksJson } from "../interpreter/mocks.js";
import { runFlow, type RunResult } from "../interpreter/run.js";
import type { TraceEntry } from "../interpreter/trace.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { BundleInputError, loadBundleInput, readJsonInput } from "./load-bundle.js";

export const RUN_USAGE = `Usage: zisflow run BUNDLE.json|MODULE.ts --event EVENT.json [--flow NAME] [--mocks MOCKS.json]
                   [--integration KEY] [--subdomain NAME] [--record DIR] [--json]

Runs one flow locally with the bundled interpreter. EVENT.json is the event payload (the flow's $.input);
--subdomain names the account (requests with a path go to https://NAME.zendesk.com; default: example).
MOCKS.json answers HTTP requests and seeds configs and links:
  { "http": [{ "match": { "action", "method", "url" }, "response": { "status", "headers", "body" }, "times" }],
    "configs": { "<scope>": {...} }, "links": [{ "link_type", "left_object": {"name"}, "right_object": {"name"} }] }
--record DIR (or the ZISFLOW_COVERAGE_DIR environment variable) records the run for zisflow coverage.
--json prints the whole run result (trace included), which zisflow graph --run draws over the flow.
Exit 0: the flow succeeded; 1: it failed; 2: usage error, unreadable input, or a request no mock answers.`;

/** `zisflow run`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: RUN_USAGE, run: runCommand };

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
      record: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("run takes exactly one BUNDLE.json or MODULE.ts");
  if (values.event === undefined) throw new UsageError("run needs --event EVENT.json (the flow's $.input)");
  const bundleFile = positionals[0]!;
  try {
    const bundle = await loadBundleInput(bundleFile, io, values.integration);
    const input = await readJsonInput(values.event, io);
    const mocks =
      values.mocks !== undefined
        ? parseMocksJson(await readJsonInput(values.mocks, io), values.mocks)
        : undefined;
    const recordDir = values.record ?? process.env[COVERAGE_DIR_ENV];
    const recorder = recordDir ? new CoverageRecorder(path.resolve(io.cwd, recordDir)) : undefined;
    const result = await runFlow(bundle, {
      input,
      ...(values.flow !== undefined ? { flow: values.flow } : {}),
      ...(mocks ? { mocks } : {}),
      ...(values.integration !== undefined ? { integration: values.integration } : {}),
      ...(values.subdomain !== undefined ? { subdomain: values.subdomain } : {}),
      ...(recorder ? { observers: [recorder.record] } : {}),
    });
    io.stdout(values.json ? JSON.stringify(result, null, 2) + "\n" : formatRun(result));
    return result.status === "succeeded" ? EXIT.ok : EXIT.findings;
  } catch (error) {
    if (error instanceof BundleInputError || error instanceof HarnessError) {
      io.stderr(`zisflow run: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
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
