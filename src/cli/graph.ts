import { statSync, type Stats } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { renderDot } from "../graph/dot.js";
import { renderHtml, type HtmlOptions } from "../graph/html.js";
import { renderMermaid } from "../graph/mermaid.js";
import { flowGraphs } from "../graph/model.js";
import { GraphError, overlayFor, type RunOverlayInput } from "../graph/overlay.js";
import { isPlainObject } from "../model/json.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { BundleInputError, loadBundleInput, readJsonInput } from "./load-bundle.js";

export const GRAPH_USAGE = `Usage: zisflow graph BUNDLE.json|MODULE.ts [--flow NAME] [--format mermaid|dot|html] [-o FILE]
                     [--force] [--run RESULT.json]

Draws the bundle's flows: every state with its type, Choice edges labelled with their condition, Default and
Catch edges styled apart, Map iterators as nested groups, unreachable states grey, missing targets red.
--format: mermaid (default), dot (Graphviz), or html (one self-contained page; click a state for its data).
  Without --format, -o FILE picks it from the extension (.mmd/.md, .dot/.gv, .html).
--run: a zisflow run --json result (or a zisflow dev run), drawn over its flow: the states visited and the
  edges taken.
-o: write to FILE instead of standard output; an existing FILE is replaced only with --force.
Exit 0: drawn; 2: usage error or unreadable input.`;

/** `zisflow graph`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: GRAPH_USAGE, run: graphCommand };

type Format = "mermaid" | "dot" | "html";
const FORMATS: readonly Format[] = ["mermaid", "dot", "html"];

export async function graphCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      flow: { type: "string" },
      format: { type: "string" },
      output: { type: "string", short: "o" },
      run: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("graph takes exactly one BUNDLE.json or MODULE.ts");
  const input = positionals[0]!;
  const format = formatOf(values.format, values.output);
  if (values.output !== undefined && path.resolve(io.cwd, values.output) === path.resolve(io.cwd, input))
    throw new UsageError(`-o ${values.output} is the bundle being drawn; choose another file`);
  const output = values.output === undefined ? undefined : path.resolve(io.cwd, values.output);
  const existing = output === undefined ? undefined : existingFile(output);
  if (existing?.isDirectory())
    throw new UsageError(`-o ${values.output} is a folder; give the file to write`);
  if (existing !== undefined && !values.force)
    throw new UsageError(`${values.output} exists; pass --force to replace it`);
  try {
    const bundle = await loadBundleInput(input, io);
    if (!isPlainObject(bundle) || !isPlainObject(bundle.resources))
      throw new BundleInputError(`${input}: not a ZIS bundle (expected an object with a "resources" object)`);
    let graphs = flowGraphs(bundle);
    if (graphs.length === 0) throw new GraphError("no_flows", `${input}: the bundle has no flow to draw`);
    if (values.flow !== undefined) {
      const wanted = values.flow;
      graphs = graphs.filter((g) => g.flow === wanted || g.key === wanted);
      if (graphs.length === 0)
        throw new GraphError(
          "unknown_flow",
          `${input}: no flow "${wanted}" (flows: ${flowGraphs(bundle)
            .map((g) => g.flow)
            .join(", ")})`,
        );
    }
    const run =
      values.run !== undefined ? runOverlay(await readJsonInput(values.run, io), values.run) : undefined;
    const options = run ? { run } : {};
    const unmatched = overlayFor(graphs, run)?.path.unmatched.length ?? 0;
    if (unmatched > 0)
      io.stderr(
        `zisflow graph: ${unmatched} step(s) of the run name states this flow does not have (a run of another version?)\n`,
      );
    const text =
      format === "dot"
        ? renderDot(graphs, options)
        : format === "html"
          ? renderHtml(graphs, { ...options, title: path.basename(input) })
          : renderMermaid(graphs, options);
    if (output === undefined) io.stdout(text);
    else {
      try {
        await writeFile(output, text);
      } catch (error) {
        throw new BundleInputError(`${values.output}: cannot write: ${(error as Error).message}`);
      }
      io.stderr(`zisflow graph: wrote ${values.output}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof GraphError || error instanceof BundleInputError) {
      io.stderr(`zisflow graph: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

/** What is at `file`, if anything can be found there (a path through a file has nothing; writing it fails). */
function existingFile(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function formatOf(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) {
    if (!FORMATS.includes(format as Format))
      throw new UsageError(`--format takes ${FORMATS.join(", ")}, not "${format}"`);
    return format as Format;
  }
  const extension = output === undefined ? "" : path.extname(output).toLowerCase();
  if (extension === ".dot" || extension === ".gv") return "dot";
  if (extension === ".html" || extension === ".htm") return "html";
  return "mermaid";
}

/**
 * A `zisflow run --json` result (or `zisflow dev`'s `{ run }`), checked enough to draw: its flow name and a trace
 * of named states with their Map scope.
 */
function runOverlay(value: unknown, file: string): RunOverlayInput & NonNullable<HtmlOptions["run"]> {
  if (isPlainObject(value) && isPlainObject(value.run) && value.flow === undefined) value = value.run;
  if (
    !isPlainObject(value) ||
    typeof value.flow !== "string" ||
    typeof value.status !== "string" ||
    !Array.isArray(value.trace) ||
    !value.trace.every(
      (entry) =>
        isPlainObject(entry) &&
        typeof entry.state === "string" &&
        (entry.scope === undefined ||
          (Array.isArray(entry.scope) && entry.scope.every((name) => typeof name === "string"))),
    )
  )
    throw new BundleInputError(
      `${file}: not a run result (expected the output of zisflow run --json, with "flow", "status" and "trace")`,
    );
  return value as unknown as RunOverlayInput & NonNullable<HtmlOptions["run"]>;
}
