import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./shared.js";

/**
 * The environment of a user's shell: this process's own npm, vitest and zisflow variables removed (`npm test` or
 * `npm run bench` set npm_* for their children, a nested vitest would think it runs inside this one, and the
 * coverage reporter's folder would leak into another project's), and no colours in output that is read back.
 */
export function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (
      !/^(npm_|vitest|zisflow_)/i.test(key) &&
      !["CI", "TEST", "NODE_ENV", "NODE_OPTIONS", "INIT_CWD"].includes(key)
    )
      env[key] = value;
  return { ...env, NO_COLOR: "1" };
}

export interface ProcessRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end in the user's environment. */
export function run(command: string, args: readonly string[], cwd: string): ProcessRun {
  const result = spawnSync(command, args, {
    cwd,
    env: userEnvironment(),
    encoding: "utf8",
    timeout: 300_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** As `run`, but throws with the command's output unless it exits 0. */
export function succeeds(command: string, args: readonly string[], cwd: string): ProcessRun {
  const result = run(command, args, cwd);
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`,
    );
  return result;
}

/** `npm pack` of this checkout (its prepack compiles dist/): the tarball, and the files it holds. */
export function packZisflow(destination: string): { readonly tarball: string; readonly files: string[] } {
  const [packed] = JSON.parse(
    succeeds("npm", ["pack", "--json", "--pack-destination", destination], ROOT).stdout,
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return {
    tarball: path.join(destination, packed!.filename),
    files: packed!.files.map((file) => file.path).sort(),
  };
}

/** Installs packages into a project folder (given a package.json first when it has none). */
export function npmInstall(
  dir: string,
  packages: readonly string[],
  options: { create?: boolean } = {},
): void {
  if (options.create) writeFileSync(path.join(dir, "package.json"), '{ "private": true }\n');
  succeeds("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packages], dir);
}
