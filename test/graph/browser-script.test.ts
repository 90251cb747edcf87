import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/graph/html.js";
import { bundleBrowserScript } from "../../src/graph/html/browser-script.js";
import { flowGraphs } from "../../src/graph/model.js";

const bundle = {
  name: "Tiny",
  zis_template_version: "2019-10-14",
  resources: {
    Flow: {
      type: "ZIS::Flow",
      properties: {
        name: "Tiny",
        definition: { StartAt: "Done", States: { Done: { Type: "Succeed" } } },
      },
    },
  },
};

/** The page's one inline script (the other two hold JSON). */
function inlineScript(html: string): string {
  return /<script>(.*?)<\/script>/s.exec(html)![1]!;
}

describe("the graph page's browser script", () => {
  it("is bundled into the page: not empty, the same each time, a classic script with no import or export", () => {
    const script = inlineScript(renderHtml(flowGraphs(bundle)));
    expect(script).toContain('document.getElementById("zf-panel")');
    expect(inlineScript(renderHtml(flowGraphs(bundle), { title: "Again" }))).toBe(script);
    const entry = fileURLToPath(new URL("../../src/graph/html/browser/panel.ts", import.meta.url));
    expect(bundleBrowserScript(entry)).toBe(script);
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    // Compiles as a classic (non-module) script, where an import or export would be a syntax error.
    expect(() => new Script(script)).not.toThrow();
    expect(script).not.toMatch(/<\/script/i);
  });

  it("is the script the page's Content-Security-Policy allows", () => {
    const html = renderHtml(flowGraphs(bundle));
    const hash = createHash("sha256").update(inlineScript(html), "utf8").digest("base64");
    expect(html).toContain(`script-src 'sha256-${hash}'`);
  });
});
