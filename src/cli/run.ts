import { stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { COVERAGE_DIR_ENV, CoverageRecorder } from "../coverage/record.js";
import { DEFAULT_RUN_BUDGET, type RunBudget } from "../interpreter/budget.js";
import { HarnessError } from "../interpreter/errors.js";
import type { RunObserver } from "../interpreter/observers.js";
import { parseMocksJson } from "../interpreter/mocks.js";
import { runFlow, type RunResult } from "../interpreter/run.js";
import type { TraceEntry } from "../interpreter/trace.js";
import { isPlainObject } from "../model/json.js";
import { makeFolders } from "../project/index.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { parseConnectionsJson } from "../interpreter/context.js";
import { BundleInputError, loadBundleInput, parseBuildParams, readJsonInput } from "./load-bundle.js";

export const RUN_USAGE = `Usage: zisflow run BUNDLE.json|MODULE.ts --event EVENT.json [--flow NAME] [--mocks MOCKS.json]
                   [--connections CONNECTIONS.json] [--integration KEY] [--set NAME=VALUE]... [--subdomain NAME]
                   [--record DIR] [--budget NAME=VALUE]... [--json]

Runs one flow locally with the bundled interpreter. EVENT.json is the event payload (the flow's $.input);
--subdomain names the account (requests with a path go to https://NAME.zendesk.com; default: example).
MOCKS.json answers HTTP requests and seeds configs and links:
  { "http": [{ "match": { "action", "method", "url" }, "response": { "status", "headers", "body" }, "times" }],
    "configs": { "<scope>": {...} }, "links": [{ "link_type", "left_object": {"name"}, "right_object": {"name"} }] }
CONNECTIONS.json gives the connections actions name, and $.connections.<name>.access_token (oauth and
bearer_token) to flows that read it:
  { "<name>": { "type": "oauth" | "bearer_token", "token", "allowed_domain"? }
            | { "type": "api_key", "header_name", "api_key", "allowed_domain"? }
            | { "type": "basic_auth", "username", "password", "allowed_domain"? } }
--set NAME=VALUE gives a build parameter of MODULE.ts its value, as zisflow build does (one the module does not
use is a usage error; parameters left unset keep their placeholder). Bundle JSON was built with its values:
--set with it is a usage error.
--record DIR (or the ZISFLOW_COVERAGE_DIR environment variable) records the run for zisflow coverage.
--budget NAME=VALUE changes one limit of the run budget (flowSeconds 100, transitions 10000, retryAttempts 100,
dataBytes 4194304, payloadBytes 1048576, jqSteps 10000000, jqMilliseconds 2000); a spent budget is exit 2.
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
      connections: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      integration: { type: "string" },
      subdomain: { type: "string" },
      record: { type: "string" },
      budget: { type: "string", multiple: true, default: [] },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("run takes exactly one BUNDLE.json or MODULE.ts");
  if (values.event === undefined) throw new UsageError("run needs --event EVENT.json (the flow's $.input)");
  const bundleFile = positionals[0]!;
  const budget = budgetLimits(values.budget);
  const params = parseBuildParams(values.set);
  try {
    const bundle = await loadBundleInput(bundleFile, io, values.integration, params);
    const input = await readJsonInput(values.event, io);
    if (!isPlainObject(input))
      throw new BundleInputError(
        `${values.event}: not an event (expected a JSON object, the flow's $.input)`,
      );
    const mocks =
      values.mocks !== undefined
        ? parseMocksJson(await readJsonInput(values.mocks, io), values.mocks)
        : undefined;
    const connections =
      values.connections !== undefined
        ? parseConnectionsJson(await readJsonInput(values.connections, io), values.connections)
        : undefined;
    const recordDir = values.record ?? process.env[COVERAGE_DIR_ENV];
    const recording = recordDir
      ? await openRecording(
          path.resolve(io.cwd, recordDir),
          values.record !== undefined ? `--record ${recordDir}` : `${COVERAGE_DIR_ENV}=${recordDir}`,
        )
      : undefined;
    const result = await runFlow(bundle, {
      input,
      ...(values.flow !== undefined ? { flow: values.flow } : {}),
      ...(mocks ? { mocks } : {}),
      ...(connections ? { connections } : {}),
      ...(values.integration !== undefined ? { integration: values.integration } : {}),
      ...(values.subdomain !== undefined ? { subdomain: values.subdomain } : {}),
      ...(recording ? { observers: [recording.record] } : {}),
      budget,
    });
    io.stdout(values.json ? JSON.stringify(result, null, 2) + "\n" : formatRun(result));
    if (recording?.failure !== undefined) {
      io.stderr(`zisflow run: ${recording.failure}\n`);
      return EXIT.usage;
    }
    return result.status === "succeeded" ? EXIT.ok : EXIT.findings;
  } catch (error) {
    if (error instanceof BundleInputError) {
      io.stderr(`zisflow run: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof HarnessError) {
      // What ran before the harness stopped it, so the missing mock or spent budget is seen in its place.
      if (values.json)
        io.stdout(
          JSON.stringify(
            { harnessError: { code: error.code, message: error.message }, trace: error.trace ?? [] },
            null,
            2,
          ) + "\n",
        );
      else if (error.trace !== undefined) io.stdout(formatPartialRun(error.trace));
      // The interpreter does not know the bundle's file name.
      const about = error.code === "invalid_bundle" || error.code === "unknown_flow" ? `${bundleFile}: ` : "";
      io.stderr(`zisflow run: ${about}${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

interface Recording {
  readonly record: RunObserver;
  /** Why the run could not be recorded, once it was tried. */
  readonly failure: string | undefined;
}

/**
 * Records runs into `dir`, made first (a path that is a file, or cannot be made, is a BundleInputError naming
 * `shown`). A recording that fails is reported after the run's own output, which it does not stop.
 */
async function openRecording(dir: string, shown: string): Promise<Recording> {
  try {
    await makeFolders(path.join(dir, "bundles"));
    await makeFolders(path.join(dir, "runs"));
  } catch (error) {
    const isFile = await stat(dir).then(
      (stats) => !stats.isDirectory(),
      () => false,
    );
    throw new BundleInputError(
      isFile
        ? `${shown}: a file, not a folder (recordings go in a folder)`
        : `${shown}: cannot make the folder: ${(error as Error).message}`,
    );
  }
  const recorder = new CoverageRecorder(dir);
  let failure: string | undefined;
  return {
    record: (run) => {
      try {
        recorder.record(run);
      } catch (error) {
        failure = `${shown}: cannot record the run: ${(error as Error).message}`;
      }
    },
    get failure() {
      return failure;
    },
  };
}

/** `--budget NAME=VALUE` flags as budget limits; the interpreter checks the names and values. */
function budgetLimits(flags: readonly string[]): Partial<RunBudget> {
  const limits: Record<string, number> = {};
  for (const flag of flags) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(flag);
    const value = match ? Number(match[2]) : Number.NaN;
    if (!match || !(value > 0))
      throw new UsageError(`--budget takes NAME=VALUE with a positive number, found "${flag}"`);
    if (!Object.hasOwn(DEFAULT_RUN_BUDGET, match[1]!))
      throw new UsageError(
        `--budget: no limit named "${match[1]}" (limits: ${Object.keys(DEFAULT_RUN_BUDGET).join(", ")})`,
      );
    limits[match[1]!] = value;
  }
  return limits;
}

/** A readable trace: one line per state, its decision or requests, then the outcome. */
export function formatRun(result: RunResult): string {
  const lines = [`flow ${result.flow}`, ...formatEntries(result.trace)];
  lines.push(
    result.status === "succeeded"
      ? `succeeded: ${result.log}`
      : `failed: ${result.error?.Error}: ${result.error?.Cause}`,
  );
  return lines.join("\n") + "\n";
}

/** The trace of a run the harness stopped: the states it ran, the last where it stopped, no outcome. */
function formatPartialRun(trace: readonly TraceEntry[]): string {
  return formatEntries(trace).join("\n") + "\n";
}

/**
 * The states in the order they ran, each where it ran: a Map's iterations under it, then where the Map went
 * (the trace lists a Map before its iterations, with its Next already known).
 */
function formatEntries(trace: readonly TraceEntry[]): string[] {
  const lines: string[] = [];
  const openMaps: Array<{ readonly entry: TraceEntry; readonly after: string[] }> = [];
  const inside = (entry: TraceEntry, map: TraceEntry): boolean =>
    entry.scope.length > map.scope.length &&
    entry.scope[map.scope.length] === map.state &&
    map.iteration.every((index, i) => entry.iteration[i] === index);
  for (const entry of trace) {
    while (openMaps.length > 0 && !inside(entry, openMaps.at(-1)!.entry))
      lines.push(...openMaps.pop()!.after);
    const { lines: own, after } = formatEntry(entry);
    lines.push(...own);
    if (entry.type === "Map") openMaps.push({ entry, after });
    else lines.push(...after);
  }
  while (openMaps.length > 0) lines.push(...openMaps.pop()!.after);
  return lines;
}

/** One state's lines, and apart those that say where it went (a Map's follow its iterations). */
function formatEntry(entry: TraceEntry): { readonly lines: string[]; readonly after: string[] } {
  const indent = "  ".repeat(entry.iteration.length + 1);
  const where = entry.iteration.length > 0 ? ` [item ${entry.iteration.join(".")}]` : "";
  const parts = [`${indent}${entry.state} (${entry.type})${where}`];
  const error = entry.error
    ? `${indent}  error ${entry.error.Error}: ${entry.error.Cause}${entry.caughtBy !== undefined ? " (caught)" : ""}`
    : undefined;
  // The trace keeps one error, the last one, with the attempt that raised it: it stands after that attempt's
  // request. Attempt by attempt: its request and the status it got, then the retry that followed it. An attempt
  // sends at most one request, and one that failed before sending (a path it reads is missing) fails alike each
  // time, so request i is attempt i + 1's, and retry i came after it.
  const errorAttempt = entry.errorAttempt ?? 0;
  const attempts = Math.max(entry.requests.length, entry.retries.length);
  let errorShown = false;
  for (let i = 0; i < attempts; i++) {
    const request = entry.requests[i];
    const status = entry.statuses[i];
    if (request !== undefined)
      parts.push(
        `${indent}  ${request.method} ${request.url}${request.body === undefined ? "" : ` ${JSON.stringify(request.body)}`}${status === undefined ? "" : ` → ${status}`}`,
      );
    if (error !== undefined && i === errorAttempt) {
      parts.push(error);
      errorShown = true;
    }
    const wait = entry.retries[i];
    if (wait !== undefined) parts.push(`${indent}  retry after ${wait} s`);
  }
  if (error !== undefined && !errorShown) parts.push(error);
  const after: string[] = [];
  if (entry.choice !== undefined)
    after.push(
      `${indent}  ${entry.choice === "default" ? "no rule matched: Default" : `rule ${entry.choice + 1} matched`} → ${entry.next}`,
    );
  else if (entry.next !== undefined) after.push(`${indent}  → ${entry.next}`);
  if (entry.log !== undefined && entry.type === "Succeed") after.push(`${indent}  log: ${entry.log}`);
  return { lines: parts, after };
}
