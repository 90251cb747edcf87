import { z } from "zod";
import { firstProblem } from "../model/parse.js";
import { toPointer } from "../model/pointer.js";
import type { RunBudget } from "./budget.js";
import type { Clock } from "./clock.js";
import type { DataSizes } from "./data.js";
import type { DynamicOptions, Resolver } from "./dynamic.js";
import type { HttpMockServer, HttpRequest } from "./mocks.js";
import type { ZisStore } from "./stores.js";
import type { TraceEntry } from "./trace.js";
import { HarnessError } from "./errors.js";

/** A credential ZIS would add to requests of actions naming this connection (reference §8.1). */
export type Connection =
  | {
      readonly type: "oauth" | "bearer_token";
      readonly token: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    }
  | {
      readonly type: "api_key";
      readonly header_name: string;
      readonly api_key: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    }
  | {
      readonly type: "basic_auth";
      readonly username: string;
      readonly password: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    };

/** A connection's shape; `z.strictObject` refuses unknown keys too (a file's typo), `z.object` lets them be. */
const connectionSchema = (object: typeof z.object | typeof z.strictObject) => {
  const allowedDomain = { allowed_domain: z.string().optional() };
  return z.discriminatedUnion("type", [
    object({ type: z.enum(["oauth", "bearer_token"]), token: z.string(), ...allowedDomain }),
    object({ type: z.literal("api_key"), header_name: z.string(), api_key: z.string(), ...allowedDomain }),
    object({ type: z.literal("basic_auth"), username: z.string(), password: z.string(), ...allowedDomain }),
  ]);
};

/** A connection as `RunOptions.connections` takes it, for callers in plain JavaScript. */
const ConnectionSchema = connectionSchema(z.object);
/** A connection as a `--connections` file holds it. */
const ConnectionJsonSchema = connectionSchema(z.strictObject);

/**
 * Connections by name, read with `schema` entry by entry (z.record would pass over one named __proto__), or an
 * `invalid_input` HarnessError of one line naming `source` and the JSON pointer of the first problem.
 */
function readConnections(
  value: unknown,
  schema: z.ZodType<Connection>,
  source: string,
): Readonly<Record<string, Connection>> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new HarnessError("invalid_input", `${source}: /: expected an object of connections by name`);
  for (const [name, connection] of Object.entries(value)) {
    const parsed = schema.safeParse(connection);
    if (parsed.success) continue;
    const { pointer, reason } = firstProblem(parsed.error);
    throw new HarnessError("invalid_input", `${source}: ${toPointer([name])}${pointer}: ${reason}`);
  }
  // Each member was just read as a Connection.
  return value as Readonly<Record<string, Connection>>;
}

/** The run's connections, refused as `invalid_input` naming the JSON pointer when they are malformed. */
export function checkConnections(
  connections: Readonly<Record<string, Connection>> | undefined,
): Readonly<Record<string, Connection>> | undefined {
  return connections === undefined
    ? undefined
    : readConnections(connections, ConnectionSchema, "connections");
}

/** A `--connections` file's value (unknown keys refused), read as `RunOptions.connections`. */
export function parseConnectionsJson(value: unknown, source: string): Readonly<Record<string, Connection>> {
  return readConnections(value, ConnectionJsonSchema, source);
}

/** A custom action of the bundle, compiled. */
export interface PreparedHttpAction {
  readonly name: string;
  /** Resolves the definition against the caller's Parameters. */
  readonly definition: Resolver;
}

/** What every state of one run shares. */
export interface RunContext {
  readonly actions: ReadonlyMap<string, PreparedHttpAction>;
  readonly subdomain: string;
  readonly zendeskBaseUrl: string;
  readonly connections: Readonly<Record<string, Connection>>;
  readonly clock: Clock;
  readonly store: ZisStore;
  readonly http: HttpMockServer;
  readonly dynamicOptions: DynamicOptions;
  readonly budget: RunBudget;
  /** The clock's time when the first state started (flowSeconds counts from here). */
  readonly startedAt: number;
  /** Shapes of the flow data's objects measured so far, and the limits (dataBytes, MAX_DATA_DEPTH). */
  readonly sizes: DataSizes;
  readonly requests: HttpRequest[];
  readonly trace: TraceEntry[];
  readonly visited: string[];
  transitions: number;
}
