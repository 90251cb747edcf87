import type { CliIo } from "./io.js";
import { EXIT, UsageError } from "./io.js";
import { ownPackage } from "./package.js";

/** A command as `main` runs it: its usage text and its implementation. */
interface LoadedCommand {
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

interface CommandEntry {
  /** One line for `zisflow --help`. */
  readonly summary: string;
  /** Imports the command's module only when it runs, so `zisflow validate` does not load the importer. */
  load(): Promise<LoadedCommand>;
}

const COMMANDS = {
  init: {
    summary: "create a zisflow project: an example flow, its test, tsconfig and vitest config",
    load: async () => {
      const m = await import("./init.js");
      return { usage: m.INIT_USAGE, run: m.initCommand };
    },
  },
  build: {
    summary: "compile the bundle modules in flows/ to dist-bundles/",
    load: async () => {
      const m = await import("./build.js");
      return { usage: m.BUILD_USAGE, run: (args, io) => m.buildCommand(args, io) };
    },
  },
  validate: {
    summary: "check bundle JSON files",
    load: async () => {
      const m = await import("./validate.js");
      return { usage: m.VALIDATE_USAGE, run: m.validateCommand };
    },
  },
  run: {
    summary: "run a flow locally against an event and mocks",
    load: async () => {
      const m = await import("./run.js");
      return { usage: m.RUN_USAGE, run: m.runCommand };
    },
  },
  graph: {
    summary: "draw flows as Mermaid, DOT or an HTML page, optionally with a run laid over them",
    load: async () => {
      const m = await import("./graph.js");
      return { usage: m.GRAPH_USAGE, run: m.graphCommand };
    },
  },
  dev: {
    summary: "start a local Zendesk that runs installed flows on events",
    load: async () => {
      const m = await import("./dev.js");
      return { usage: m.DEV_USAGE, run: m.devCommand };
    },
  },
  coverage: {
    summary: "report which states, branches and catches recorded runs reached",
    load: async () => {
      const m = await import("./coverage.js");
      return { usage: m.COVERAGE_USAGE, run: m.coverageCommand };
    },
  },
  import: {
    summary: "turn bundle JSON into a TypeScript module written with the DSL",
    load: async () => {
      const m = await import("./import.js");
      return { usage: m.IMPORT_USAGE, run: m.importCommand };
    },
  },
  deploy: {
    summary: "upload a bundle to a Zendesk account and install its job specs",
    load: async () => {
      const m = await import("./deploy.js");
      return { usage: m.DEPLOY_USAGE, run: m.deployCommand };
    },
  },
} satisfies Record<string, CommandEntry>;

type CommandName = keyof typeof COMMANDS;

const USAGE = `Usage: zisflow <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(10)}  ${entry.summary}`)
  .join("\n")}

Options:
  -h, --help     show this help, or a command's with zisflow <command> --help
  -v, --version  print zisflow's version

Run zisflow <command> --help for a command's options.`;

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** Runs one CLI invocation and returns its exit code. Never throws for bad input. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === "help" || command === "--help" || command === "-h")
      return printUsage(io, USAGE);
    if (command === "--version" || command === "-v") {
      io.stdout(`zisflow ${ownPackage().version}\n`);
      return EXIT.ok;
    }
    if (!isCommand(command)) {
      io.stderr(`zisflow: unknown command "${command}"\n\n${USAGE}\n`);
      return EXIT.usage;
    }
    const loaded = await COMMANDS[command].load();
    if (args.includes("--help") || args.includes("-h")) return printUsage(io, loaded.usage);
    return await loaded.run(args, io);
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
