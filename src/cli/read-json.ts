import { readFile } from "node:fs/promises";
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

/** Reads and parses a JSON file the commands were given; never throws. */
export async function readJsonFile(file: string, cwd: string): Promise<JsonFileResult> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
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
