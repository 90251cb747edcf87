import path from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_LOAD_TIMEOUT_MS,
  ProjectError,
  buildBundles,
  type ModuleLoader,
  type ModuleResult,
} from "../project/index.js";
import { jqProgramFindings } from "../interpreter/jq/check.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { LOAD_TIMEOUT_ENV, loadTimeoutMs, parseBuildParams } from "./load-bundle.js";
import { freshLoaderBuilds, watchCommand, type WatchControl } from "./watch.js";

export const BUILD_USAGE = `Usage: zisflow build [MODULE...] [--integration KEY] [--set NAME=VALUE]... [--out DIR] [--flows DIR] [--check] [--force] [--watch]

Compiles every bundle module in flows/ (default export: bundle({...})) to canonical JSON in dist-bundles/.
  --integration KEY   integration key for zis:<integration>:… names (default: the placeholder INTEGRATION)
  --set NAME=VALUE    value of a build parameter, e.g. --set EXTERNAL_TARGET_URL=https://example.com/refunds;
                      needs --out DIR: the values (often secrets) go to a folder kept out of version control
  --out DIR           output folder (default: dist-bundles, which keeps the placeholders)
  --check             write nothing; exit 1 if an output file is missing or differs (for CI). A file built with
                      --set or --integration is compared with the build with the same parameters: values
                      not given again are read off the file (the manifest records names, never values)
  --flows DIR         folder of bundle modules (default: flows)
  --force             overwrite output files that zisflow did not write, or that were edited since
  --watch             build, then rebuild whenever a file in the flows folder changes, until Ctrl-C
A bundle's fileName must be a plain file name (no "/" or "\\", not hidden): bundles go only in the output folder.
Each module must load and compile within ${DEFAULT_LOAD_TIMEOUT_MS / 1000} s (${LOAD_TIMEOUT_ENV}=SECONDS changes it).
Exit 0: built (or up to date with --check, or --watch stopped); 1: errors in a bundle, or stale output;
2: usage or load errors.`;

/** Where bundles go: with their placeholders, never `--set` values. */
const DEFAULT_OUT = "dist-bundles";

/** `zisflow build`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: BUILD_USAGE, run: (args, io) => buildCommand(args, io) };

/** What runs a build besides its arguments. */
export interface BuildCommandOptions {
  /**
   * For tests of `--watch`: what stops it, its debounce delay, and what runs its builds.
   * @default SIGINT/SIGTERM stop it; each build loads the modules with a new loader
   */
  readonly watch?: WatchControl;
  /** What loads and compiles the modules. @default sharedModuleLoader() */
  readonly loader?: ModuleLoader;
}

export async function buildCommand(
  args: readonly string[],
  io: CliIo,
  options: BuildCommandOptions = {},
): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: [...args],
    allowPositionals: true,
    tokens: true,
    options: {
      integration: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      out: { type: "string", default: DEFAULT_OUT },
      flows: { type: "string", default: "flows" },
      check: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      watch: { type: "boolean", default: false },
    },
  });
  const notModule = positionals.find((file) => !/\.(ts|mts)$/.test(file));
  if (notModule !== undefined) throw new UsageError(`build takes bundle modules (.ts), found ${notModule}`);
  const params = parseBuildParams(values.set);
  const outGiven = tokens.some((t) => t.kind === "option" && t.name === "out");
  // The default folder keeps the placeholders, whether --out names it or not.
  const intoDefault = path.resolve(io.cwd, values.out) === path.resolve(io.cwd, DEFAULT_OUT);
  if (Object.keys(params).length > 0 && intoDefault && !values.check)
    throw new UsageError(
      `--set writes its values into the bundles: give them a folder of their own, kept out of version control, with --out DIR (${values.out}/ keeps the placeholders; zisflow deploy MODULE --set … compiles the module itself)`,
    );
  const loadTimeout = loadTimeoutMs();
  const flowsDir = path.resolve(io.cwd, values.flows);
  const outDir = path.resolve(io.cwd, values.out);
  if (values.watch) {
    if (values.check) throw new UsageError("--watch cannot be combined with --check (--check builds once)");
    // Every rebuild runs this command again with the same arguments, less --watch.
    const watchFlags = new Set(
      tokens.flatMap((t) => (t.kind === "option" && t.name === "watch" ? [t.index] : [])),
    );
    const watch = options.watch ?? {};
    return watchCommand(
      args.filter((_, i) => !watchFlags.has(i)),
      { flowsDir, outDir },
      io,
      watch,
      watch.builds ??
        freshLoaderBuilds((buildArgs, buildIo, loader) => buildCommand(buildArgs, buildIo, { loader })),
    );
  }
  let result;
  try {
    result = await buildBundles({
      flowsDir,
      outDir,
      ...(positionals.length > 0 ? { modules: positionals.map((m) => path.resolve(io.cwd, m)) } : {}),
      ...(values.integration !== undefined ? { integration: values.integration } : {}),
      params,
      check: values.check,
      force: values.force,
      loadTimeoutMs: loadTimeout,
      checks: jqProgramFindings,
      ...(options.loader ? { loader: options.loader } : {}),
    });
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    io.stderr(`zisflow build: ${error.message}\n`);
    return EXIT.usage;
  }
  // The command that writes a module's output as --check compared it; the default folder takes no --set.
  const rebuild = (module: ModuleResult): string => {
    const names = (module.parameters ?? []).filter((name) => !intoDefault || name === "INTEGRATION");
    return `zisflow build${outGiven ? ` --out ${values.out}` : ""}${valueFlags(names)}`;
  };
  // A mistyped --set name first: it is why every module after it is "not written".
  for (const name of result.unusedParams)
    io.stderr(`--set ${name}: no bundle module uses a parameter named ${name}\n`);
  for (const module of result.modules) report(module, io, rebuild(module));
  if (result.manifestError) io.stderr(`zisflow build: ${result.manifestError}\n`);
  if (result.modules.length === 0) io.stderr(`no bundle modules in ${values.flows}/\n`);
  if (result.ok) return EXIT.ok;
  const usageFailure =
    result.modules.some((m) => m.status === "failed" || m.status === "protected" || m.status === "skipped") ||
    result.unusedParams.length > 0 ||
    result.manifestError !== undefined;
  return usageFailure ? EXIT.usage : EXIT.findings;
}

/** One module's outcome; `rebuild` is the command that writes its output as the build compared it. */
function report(module: ModuleResult, io: CliIo, rebuild: string): void {
  const name = path.relative(io.cwd, module.module);
  const out = module.outFile ? path.relative(io.cwd, module.outFile) : "";
  for (const finding of module.findings) io.stderr(formatFinding(`${name} → ${out}`, finding) + "\n");
  switch (module.status) {
    case "written":
      io.stdout(`${name} → ${out}${builtWith(module)} (${summarize(module.findings)})\n`);
      if (module.valuesReplaced !== undefined)
        io.stderr(
          `${name} → ${out}: it held values of ${flags(module.valuesReplaced)}, and now holds the placeholders\n`,
        );
      return;
    case "unchanged":
      return io.stdout(`${name} → ${out} up to date${builtWith(module)} (${summarize(module.findings)})\n`);
    case "stale":
      return io.stderr(
        module.otherValues !== undefined
          ? `${name} → ${out} was built with another value of ${flags(module.otherValues)}\n`
          : module.placeholdersOf !== undefined
            ? `${name} → ${out} holds the placeholder of ${flags(module.placeholdersOf)}, not a value\n`
            : `${name} → ${out} is stale: run ${rebuild}\n`,
      );
    case "invalid":
      return io.stderr(`${name}: not written, ${summarize(module.findings)}\n`);
    case "failed":
    case "protected":
    case "skipped":
      return io.stderr(`${name}: ${module.error}\n`);
  }
}

/** `, built with --integration, --set URL`: the parameters whose values the output holds, by name. */
function builtWith(module: ModuleResult): string {
  const names = module.parameters ?? [];
  return names.length === 0 ? "" : `, built with ${flags(names)}`;
}

/** Parameter names as the options that give them: `--integration, --set URL`. */
function flags(names: readonly string[]): string {
  return names.map((name) => (name === "INTEGRATION" ? "--integration" : `--set ${name}`)).join(", ");
}

/** ` --integration KEY --set URL=…`: the options a rebuild needs, values left for the user to give. */
function valueFlags(names: readonly string[]): string {
  return names.map((name) => (name === "INTEGRATION" ? " --integration KEY" : ` --set ${name}=…`)).join("");
}
