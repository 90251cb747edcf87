import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * zisflow's own folder: two levels above this file whether it runs as source (src/cli) or compiled (dist/cli),
 * in this checkout or installed in a project's node_modules.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The parts of zisflow's own package.json the CLI reads. */
export interface OwnPackage {
  readonly version: string;
  readonly devDependencies: Readonly<Record<string, string>>;
}

/** Reads zisflow's package.json (shipped in every install). */
export function ownPackage(): OwnPackage {
  const json = JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as Partial<OwnPackage>;
  return { version: json.version ?? "0.0.0", devDependencies: json.devDependencies ?? {} };
}
