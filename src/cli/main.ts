import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { ownVersion } from "./package.js";

interface CommandEntry {
  /** One line for `zisflow --help`. */
  readonly summary: string;
  /** Imports the command's module only when it runs, so `zisflow validate` does not load the importer. */
  load(): Promise<CliCommand>;
}

const COMMANDS = {
  init: {
    summary: "create a zisflow project: an example flow, its test, tsconfig and vitest config",
    load: async () => (await import("./init.js")).command,
  },
  build: {
    summary: "compile the bundle modules in flows/ to dist-bundles/",
    load: async () => (await import("./build.js")).command,
  },
  validate: { summary: "check bundle JSON files", load: async () => (await import("./validate.js")).command },
  run: {
    summary: "run a flow locally against an event and mocks",
    load: async () => (await import("./run.js")).command,
  },
  graph: {
    summary: "draw flows as Mermaid, DOT or an HTML page, optionally with a run laid over them",
    load: async () => (await import("./graph.js")).command,
  },
  dev: {
    summary: "start a local Zendesk that runs installed flows on events",
    load: async () => (await import("./dev.js")).command,
  },
  coverage: {
    summary: "report which states, branches and catches recorded runs reached",
    load: async () => (await import("./coverage.js")).command,
  },
  import: {
    summary: "turn bundle JSON into a TypeScript module written with the DSL",
    load: async () => (await import("./import.js")).command,
  },
  deploy: {
    summary: "upload a bundle to a Zendesk account and install its job specs",
    load: async () => (await import("./deploy.js")).command,
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
    if (command === undefined) {
      io.stderr(`${USAGE}\n`);
      return EXIT.usage;
    }
    if (command === "help" || command === "--help" || command === "-h") return printUsage(io, USAGE);
    if (command === "--version" || command === "-v") {
      io.stdout(`zisflow ${ownVersion()}\n`);
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
      // parseArgs explains some mistakes over several lines ("--threshold -1": ambiguous, and how to write it).
      io.stderr(`zisflow ${command}: ${(error as Error).message.replace(/\n+/g, " ")}\n`);
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
  // A reader that stops early (`zisflow graph x.json | head`) closes the pipe: the rest of the output has nowhere
  // to go, which is no error of the command's (and Node would print a stack trace for it).
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(process.exitCode ?? EXIT.ok);
    });
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
