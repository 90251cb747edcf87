import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { buildBundles, MANIFEST_FILE } from "../../src/project/index.js";
import { validateBundle } from "../../src/compiler/validate.js";
import { ROOT } from "../support/shared.js";

const OUT = path.join(ROOT, "dist-bundles");
const files = readdirSync(OUT)
  .filter((f) => f.endsWith(".json") && f !== MANIFEST_FILE)
  .sort();

describe("dist-bundles/", () => {
  it("holds one bundle per module in flows/", () => {
    expect(files).toEqual(["my_zis_bundle.json", "ticket_slack_links.json"]);
  });

  it.each(files)("%s matches its snapshot", async (file) => {
    await expect(readFileSync(path.join(OUT, file), "utf8")).toMatchFileSnapshot(`__snapshots__/${file}`);
  });

  it.each(files)("%s is prettier-formatted JSON with a final newline", async (file) => {
    const text = readFileSync(path.join(OUT, file), "utf8");
    expect(await prettier.format(text, { parser: "json", printWidth: 80 })).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it.each(files)("%s has no validator errors", (file) => {
    const findings = validateBundle(JSON.parse(readFileSync(path.join(OUT, file), "utf8")));
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("is up to date with flows/ (what `zisflow build --check` verifies)", async () => {
    const result = await buildBundles({ flowsDir: path.join(ROOT, "flows"), outDir: OUT, check: true });
    expect(result.modules.map((m) => [path.basename(m.module), m.status])).toEqual([
      ["refund-requests.ts", "unchanged"],
      ["ticket-slack-links.ts", "unchanged"],
    ]);
    expect(result.ok).toBe(true);
  });
});
