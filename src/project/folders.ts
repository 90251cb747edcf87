import { mkdir, stat } from "node:fs/promises";
import path from "node:path";

/**
 * `mkdir -p`, one folder at a time: Node's recursive mkdir never returns where a folder cannot be made inside
 * one that exists (under /proc, for one), so a bad output path would hang the command instead of failing.
 * Throws the system error of the first folder that cannot be made.
 */
export async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = path.resolve(dir); !(await exists(folder)); folder = path.dirname(folder))
    missing.unshift(folder);
  for (const folder of missing) await mkdir(folder);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
