#!/usr/bin/env node
// The `zisflow` executable. Uses the bundled CLI (dist/zisflow.mjs, made by `npm install`) when it is newer
// than every source file, for a fast start; otherwise runs the TypeScript sources through tsx.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundled = new URL("../../dist/zisflow.mjs", import.meta.url);
const sources = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    return statSync(bundled).mtimeMs >= newestMtime(sources);
  } catch {
    return false;
  }
}

if (bundleIsFresh()) {
  const { runCli } = await import(bundled.href);
  await runCli();
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { runCli } = await import("./main.ts");
  await runCli();
}
