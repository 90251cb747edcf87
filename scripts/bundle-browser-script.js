// Part of `npm run build:package`, after tsc: writes the graph page's browser script, bundled, next to the
// compiled page (dist/graph/html/browser.js), where renderHtml reads it in the installed package. It bundles with
// the compiled bundleBrowserScript, the function renderHtml uses from source, so both give the same text.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleBrowserScript } from "../dist/graph/html/browser-script.js";

const entry = fileURLToPath(new URL("../src/graph/html/browser/panel.ts", import.meta.url));
writeFileSync(new URL("../dist/graph/html/browser.js", import.meta.url), bundleBrowserScript(entry));
