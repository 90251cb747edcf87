import { buildCommand, BUILD_USAGE } from "./build.js";
import { coverageCommand, COVERAGE_USAGE } from "./coverage.js";
import { deployCommand, DEPLOY_USAGE } from "./deploy.js";
import { devCommand, DEV_USAGE } from "./dev.js";
import { graphCommand, GRAPH_USAGE } from "./graph.js";
import { EXIT, UsageError, type CliIo } from "./io.js";
import { importCommand, IMPORT_USAGE } from "./import.js";
import { runCommand, RUN_USAGE } from "./run.js";
import { validateCommand, VALIDATE_USAGE } from "./validate.js";

const USAGE = `Usage: zisflow <command> [options]

Commands:
  build       compile the bundle modules in flows/ to dist-bundles/
  validate    check bundle JSON files
  run         run a flow locally against an event and mocks
  graph       draw flows as Mermaid, DOT or an HTML page, optionally with a run laid over them
  dev         start a local Zendesk that runs installed flows on events
  coverage    report which states, branches and catches recorded runs reached
  import      turn bundle JSON into a TypeScript module written with the DSL
  deploy      upload a bundle to a Zendesk account and install its job specs

Run zisflow <command> --help for a command's options.`;

/** Runs one CLI invocation and returns its exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  const help = args.includes("--help") || args.includes("-h");
  try {
    switch (command) {
      case "build":
        if (help) return printUsage(io, BUILD_USAGE);
        return await buildCommand(args, io);
      case "validate":
        if (help) return printUsage(io, VALIDATE_USAGE);
        return await validateCommand(args, io);
      case "run":
        if (help) return printUsage(io, RUN_USAGE);
        return await runCommand(args, io);
      case "graph":
        if (help) return printUsage(io, GRAPH_USAGE);
        return await graphCommand(args, io);
      case "dev":
        if (help) return printUsage(io, DEV_USAGE);
        return await devCommand(args, io);
      case "coverage":
        if (help) return printUsage(io, COVERAGE_USAGE);
        return await coverageCommand(args, io);
      case "import":
        if (help) return printUsage(io, IMPORT_USAGE);
        return await importCommand(args, io);
      case "deploy":
        if (help) return printUsage(io, DEPLOY_USAGE);
        return await deployCommand(args, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        return printUsage(io, USAGE);
      default:
        io.stderr(`zisflow: unknown command "${command}"\n\n${USAGE}\n`);
        return EXIT.usage;
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`zisflow ${command}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    // A file the system would not read or write (EISDIR, ENOTDIR, EACCES, …): its message names the path.
    if (isSystemError(error)) {
      io.stderr(`zisflow ${command}: ${error.message}\n`);
      return EXIT.usage;
    }
    // Anything else is a bug of zisflow's: one line, and the stack only when asked for.
    io.stderr(
      `zisflow ${command}: internal error: ${(error as Error).message ?? String(error)}` +
        (process.env.ZISFLOW_DEBUG
          ? `\n${(error as Error).stack ?? ""}\n`
          : " (ZISFLOW_DEBUG=1 shows the stack)\n"),
    );
    return EXIT.usage;
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

function printUsage(io: CliIo, usage: string): number {
  io.stdout(usage + "\n");
  return EXIT.ok;
}

/** Entry point: real process streams and exit code. */
export async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
