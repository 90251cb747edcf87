import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { main } from "../../src/cli/main.js";
import { ROOT } from "./shared.js";

/**
 * Node's arguments that start `zisflow` from this checkout's sources, for tests about the process itself (exit
 * codes, signals, servers): tsx loads the TypeScript, and the "zisflow-source" condition points flows' imports
 * of "zisflow" at src/. Prepend them to the command's own arguments.
 */
export const ZISFLOW_FROM_SOURCES: readonly string[] = [
  "--import",
  pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href,
  "--conditions=zisflow-source",
  path.join(ROOT, "src/cli/zisflow.ts"),
];

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as `zisflow ...args` in `cwd`. */
export async function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/**
 * A temp folder for one test file's CLI runs (made before its tests, removed after), and a writer into it:
 * text as is, anything else as indented JSON. Returns the file name, as the CLI is given it.
 */
export function useTempFolder(prefix: string) {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    get dir(): string {
      return dir;
    },
    write(name: string, content: unknown): string {
      writeFileSync(
        path.join(dir, name),
        typeof content === "string" ? content : JSON.stringify(content, null, 2) + "\n",
      );
      return name;
    },
  };
}
