import path from "node:path";
import { parseArgs } from "node:util";
import { startDevServer } from "../devserver/server.js";
import { HarnessError } from "../interpreter/errors.js";
import { parseMocksJson, type HttpMock } from "../interpreter/mocks.js";
import { makeFolders } from "../project/index.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { BundleInputError, readJsonInput } from "./load-bundle.js";

export const DEV_USAGE = `Usage: zisflow dev [--port N] [--host ADDRESS] [--db FILE] [--reset] [--mocks MOCKS.json]
                   [--forward-external] [--account-id N] [--subdomain NAME]

Starts a local Zendesk: the ZIS Registry (bundle upload, job spec install and uninstall), the Events API,
user profiles, tickets, search, and the ZIS Configs and Links APIs. Events run the flows of installed job
specs through the interpreter; custom actions with a path (the zendesk connection) call this server; requests
to other URLs go to a request bin (GET /zisflow/requests) and are answered by the "http" entries of
--mocks (the format zisflow run takes), else 200 {}, or really sent with --forward-external. Flow runs: GET /zisflow/runs and /zisflow/runs/ID. Requests need credentials as Zendesk
takes them (basic auth or a bearer token; any values are accepted); without them the answer is 401.
--port: default 4567 (0: any free port). --host: default 127.0.0.1.
--db: the SQLite file keeping the account's state across restarts (default .zisflow/dev.sqlite); --reset
  starts it empty. Stop with Ctrl-C, or POST /zisflow/stop (a script that started it through npx).`;

/** `zisflow dev`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: DEV_USAGE, run: (args, io) => devCommand(args, io) };

export async function devCommand(
  args: readonly string[],
  io: CliIo,
  control: { readonly signal?: AbortSignal } = {},
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      port: { type: "string", default: "4567" },
      host: { type: "string", default: "127.0.0.1" },
      db: { type: "string", default: path.join(".zisflow", "dev.sqlite") },
      reset: { type: "boolean", default: false },
      "forward-external": { type: "boolean", default: false },
      mocks: { type: "string" },
      "account-id": { type: "string", default: "12345678" },
      subdomain: { type: "string", default: "localhost" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`dev takes no files, found ${positionals.join(" ")}`);
  const port = integer(values.port, "--port", 0, 65535);
  const accountId = integer(values["account-id"], "--account-id", 1, Number.MAX_SAFE_INTEGER);
  const database = path.resolve(io.cwd, values.db);
  let mocks: HttpMock[] | undefined;
  if (values.mocks !== undefined) {
    try {
      const file = parseMocksJson(await readJsonInput(values.mocks, io), values.mocks);
      // The local Zendesk keeps configs and links in its database: a file that seeds them would be ignored.
      const seeded = (["configs", "links"] as const).find((key) => file[key] !== undefined);
      if (seeded)
        throw new BundleInputError(
          `${values.mocks}: /${seeded}: zisflow dev keeps ${seeded} in its database (set them through its API); --mocks takes http entries only`,
        );
      mocks = Array.isArray(file.http) ? file.http : [];
    } catch (error) {
      if (!(error instanceof BundleInputError || error instanceof HarnessError)) throw error;
      io.stderr(`zisflow dev: ${error.message}\n`);
      return EXIT.usage;
    }
  }
  try {
    await makeFolders(path.dirname(database));
  } catch (error) {
    io.stderr(`zisflow dev: cannot make the folder of --db ${values.db}: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  let server;
  try {
    server = await startDevServer({
      port,
      host: values.host,
      database,
      reset: values.reset,
      forwardExternal: values["forward-external"],
      ...(mocks ? { mocks } : {}),
      accountId,
      subdomain: values.subdomain,
    });
  } catch (error) {
    io.stderr(
      `zisflow dev: cannot start on ${values.host}:${port} with ${values.db}: ${(error as Error).message}\n`,
    );
    return EXIT.usage;
  }
  io.stdout(
    `zisflow dev: local Zendesk at ${server.url} (state in ${path.relative(io.cwd, database) || database})\n`,
  );
  const signal = control.signal ?? signalOnInterrupt();
  await Promise.race([
    new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    }),
    server.zendesk.stopRequested,
  ]);
  await server.close();
  io.stdout("zisflow dev: stopped\n");
  return EXIT.ok;
}

function integer(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${text}"`);
  return value;
}

function signalOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return controller.signal;
}
