import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * zisflow's own folder: two levels above this file whether it runs as source (src/cli) or compiled (dist/cli),
 * in this checkout or installed in a project's node_modules.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** zisflow's version, from its package.json (shipped in every install). */
export function ownVersion(): string {
  return String(
    (JSON.parse(readFileSync(`${PACKAGE_ROOT}package.json`, "utf8")) as { version: unknown }).version,
  );
}
