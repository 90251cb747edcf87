import { z } from "zod";
import type { Connection } from "../interpreter/index.js";
import { isPlainObject } from "../model/json.js";
import { firstProblem } from "../model/parse.js";
import { toPointer } from "../model/pointer.js";
import { BundleInputError } from "./load-bundle.js";

const allowedDomain = { allowed_domain: z.string().optional() };

/** One connection of a `--connections` file: the shapes `RunOptions.connections` takes, nothing more. */
const ConnectionFileEntry = z.discriminatedUnion("type", [
  z.strictObject({ type: z.enum(["oauth", "bearer_token"]), token: z.string(), ...allowedDomain }),
  z.strictObject({
    type: z.literal("api_key"),
    header_name: z.string(),
    api_key: z.string(),
    ...allowedDomain,
  }),
  z.strictObject({
    type: z.literal("basic_auth"),
    username: z.string(),
    password: z.string(),
    ...allowedDomain,
  }),
]);

/**
 * A `--connections` file's value as `RunOptions.connections`, or a BundleInputError of one line naming the file
 * and the JSON pointer of the first problem (as `--mocks` reports).
 */
export function parseConnectionsJson(value: unknown, source: string): Record<string, Connection> {
  if (!isPlainObject(value))
    throw new BundleInputError(`${source}: /: expected an object of connections by name`);
  const connections: Record<string, Connection> = {};
  // Entry by entry rather than with z.record, which would pass over a connection named __proto__.
  for (const [name, entry] of Object.entries(value)) {
    const parsed = ConnectionFileEntry.safeParse(entry);
    if (!parsed.success) {
      const { pointer, reason } = firstProblem(parsed.error);
      throw new BundleInputError(`${source}: ${toPointer([name])}${pointer}: ${reason}`);
    }
    Object.defineProperty(connections, name, {
      value: parsed.data,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return connections;
}
