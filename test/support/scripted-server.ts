import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the scripted server received. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON-encoded unless a string; no body when undefined. */
  readonly body?: unknown;
}

/** One scripted reply: an answer, a dropped connection, or a function of the request that answers. */
export type ScriptedReply = Answer | { readonly destroy: true } | ((request: RecordedRequest) => Answer);

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The replies still to give, in order; once it is empty every request gets 200 `{}`. */
  readonly script: ScriptedReply[];
  /** Forgets the requests and the replies not yet given. */
  reset(): void;
  close(): Promise<void>;
}

/** A local HTTP server standing in for Zendesk: records every request, answers from a script. */
export async function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const script: ScriptedReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      const next = script.shift() ?? { status: 200, body: {} };
      if ("destroy" in next) return req.socket.destroy();
      const reply = typeof next === "function" ? next(recorded) : next;
      const body =
        reply.body === undefined
          ? ""
          : typeof reply.body === "string"
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    script,
    reset() {
      requests.length = 0;
      script.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
