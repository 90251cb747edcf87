import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as Esbuild from "esbuild";

let script: string | undefined;

/**
 * The page's inline script: browser/panel.ts bundled by esbuild into one IIFE. Installed, zisflow runs dist/,
 * where `npm run build:package` (scripts/bundle-browser-script.js) wrote that bundle as browser.js next to this
 * module, so it is read from there. Run from source (vitest, tsx) there is none, and the source is bundled on
 * first use. Both come from `bundleBrowserScript`, so both give the same text.
 */
export function browserScript(): string {
  script ??=
    readPrebuilt() ?? bundleBrowserScript(fileURLToPath(new URL("./browser/panel.ts", import.meta.url)));
  return script;
}

function readPrebuilt(): string | undefined {
  const prebuilt = new URL("./browser.js", import.meta.url);
  return existsSync(prebuilt) ? readFileSync(prebuilt, "utf8") : undefined;
}

/**
 * The browser script at `entry` as one IIFE without imports. Deterministic: the syntax target is pinned, and the
 * paths in the output's comments are relative to the script's folder, not to the working directory.
 */
export function bundleBrowserScript(entry: string): string {
  // Required here, not imported: installed, the prebuilt bundle is read and esbuild is never loaded.
  const esbuild: typeof Esbuild = createRequire(import.meta.url)("esbuild");
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: path.dirname(entry),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    charset: "utf8",
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return outputFiles[0]!.text;
}
