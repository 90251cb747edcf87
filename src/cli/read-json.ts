import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseJsonText } from "../model/json-text.js";

export type JsonFileResult =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly duplicateKeys: readonly (readonly (string | number)[])[];
    }
  | {
      readonly ok: false;
      /** One line for people: "no such file", "cannot read: …", "invalid JSON at line L, column C: …". */
      readonly problem: string;
      /** Set for malformed JSON. */
      readonly syntax?: { readonly line: number; readonly column: number; readonly message: string };
    };

/**
 * The largest JSON file the commands read. Bundles, events and mocks are far smaller; a file this large is a
 * mistake, and parsing it could take all the memory there is.
 */
export const MAX_JSON_FILE_BYTES = 64 * 1024 * 1024;
const MIB = MAX_JSON_FILE_BYTES / 1024 / 1024;

/** Reads and parses a JSON file the commands were given; never throws. */
export async function readJsonFile(file: string, cwd: string): Promise<JsonFileResult> {
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    const stats = await stat(absolute);
    if (stats.isDirectory()) return { ok: false, problem: "a folder, not a JSON file" };
    if (stats.size > MAX_JSON_FILE_BYTES)
      return {
        ok: false,
        problem: `too large to be read: ${stats.size} bytes (at most ${MIB} MiB)`,
      };
    // At most one byte past the limit: a device or pipe (/dev/zero) has no size to check first.
    const chunks: Buffer[] = [];
    for await (const chunk of createReadStream(absolute, { end: MAX_JSON_FILE_BYTES }))
      chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    if (bytes.length > MAX_JSON_FILE_BYTES)
      return { ok: false, problem: `too large to be read: more than ${MIB} MiB` };
    text = bytes.toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problem: code === "ENOENT" ? "no such file" : `cannot read: ${(error as Error).message}`,
    };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed;
    return {
      ok: false,
      problem: `invalid JSON at line ${line}, column ${column}: ${message}`,
      syntax: { line, column, message },
    };
  }
  return { ok: true, value: parsed.value, duplicateKeys: parsed.duplicateKeys };
}
