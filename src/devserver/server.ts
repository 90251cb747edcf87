import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LocalZendesk, type LocalZendeskOptions } from "./app.js";
import { DevDatabase } from "./db.js";
import { authenticated, respond, type ApiResponse } from "./http.js";
import { ZendeskData } from "./zendesk.js";

export interface DevServerOptions extends LocalZendeskOptions {
  /** @default 4567; 0 picks a free port */
  readonly port?: number | undefined;
  /** @default 127.0.0.1: the emulator is for this machine only */
  readonly host?: string | undefined;
  /** The SQLite file holding the account's state. @default .zisflow/dev.sqlite */
  readonly database: string;
  /** Start from an empty database. @default false */
  readonly reset?: boolean | undefined;
  /** @default 12345678 */
  readonly accountId?: number | undefined;
  /** What flows see as `$.subdomain`. @default localhost */
  readonly subdomain?: string | undefined;
}

export interface DevServer {
  /** `http://127.0.0.1:<port>`: the base URL to use instead of https://<subdomain>.zendesk.com. */
  readonly url: string;
  readonly zendesk: LocalZendesk;
  /**
   * Resolves once no flow run is queued or running: flows run after the request that caused their event has
   * been answered, so a test awaits this before reading what they did.
   */
  idle(): Promise<void>;
  /** Stops taking requests, waits for the running flow (the queued ones are recorded as not run), then closes. */
  close(): Promise<void>;
}

/** Bodies larger than this are refused (Zendesk's own limits are lower for most endpoints). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts the local Zendesk on a port, with its state in a SQLite file. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const db = new DevDatabase(options.database, { reset: options.reset ?? false });
  let zendesk: LocalZendesk | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const response = zendesk ? await answer(zendesk, req) : respond.json(503, { error: "starting" });
      const text = response.body === undefined ? "" : JSON.stringify(response.body);
      res.writeHead(response.status, {
        ...(text !== "" ? { "Content-Type": "application/json; charset=utf-8" } : {}),
        ...response.headers,
      });
      if (response.afterSent) res.once("finish", response.afterSent);
      res.end(text);
    })().catch((error: unknown) => {
      // A bug of the emulator, not of the caller's request: say so rather than hang up.
      res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ error: "InternalError", description: (error as Error).message }));
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 4567, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
  const data = new ZendeskData(db, {
    id: options.accountId ?? 12345678,
    subdomain: options.subdomain ?? "localhost",
    baseUrl: url,
  });
  const localZendesk = new LocalZendesk(data, options);
  zendesk = localZendesk;
  return {
    url,
    zendesk: localZendesk,
    idle: () => localZendesk.idle(),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      // The running flow still reads and writes the database.
      await localZendesk.stop();
      await closed;
      db.close();
    },
  };
}

async function answer(zendesk: LocalZendesk, req: IncomingMessage): Promise<ApiResponse> {
  const headers: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.headers))
    headers[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = (req.method ?? "GET").toUpperCase();
  // Credentials first, as Zendesk does: a request without them learns nothing about its body.
  if (
    !url.pathname.startsWith("/zisflow") &&
    !authenticated({ method, url, headers, body: undefined, internal: false })
  )
    return respond.json(401, { error: "Couldn't authenticate you" });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES)
      return respond.supportError(413, "PayloadTooLarge", "the request body is too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      return respond.supportError(
        400,
        "InvalidJSON",
        `the request body is not JSON: ${(error as Error).message}`,
      );
    }
  }
  return zendesk.handle({ method, url, headers, body, internal: false });
}
