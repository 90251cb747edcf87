// Bundles the CLI into one ES module (dist/zisflow.mjs) so `zisflow` starts without a TypeScript loader.
// Run by `npm install` / `npm ci` (the `prepare` script); src/cli/zisflow.js uses it only while it is newer
// than every file in src/.
import { build } from "esbuild";

await build({
  entryPoints: [new URL("./main.ts", import.meta.url).pathname],
  outfile: new URL("../../dist/zisflow.mjs", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
