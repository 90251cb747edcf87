import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTICS } from "../src/model/diagnostics.js";
import { STATE_TYPES } from "../src/model/states/index.js";
import { ROOT } from "./support/shared.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [path.join(dir, entry.name)]
        : [],
  );
}

/** The src/ layers each file imports from: relative `import … from`, `export … from` and `import(…)`. */
function importedLayers(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const layers = new Set<string>();
  for (const match of text.matchAll(/(?:from\s+|import\(\s*)"(\.[^"]+)"/g)) {
    const target = path.relative(
      path.join(ROOT, "src"),
      path.resolve(path.dirname(path.join(ROOT, file)), match[1]!),
    );
    layers.add(target.split(path.sep)[0]!);
  }
  return [...layers];
}

describe("architecture", () => {
  const allowed: Record<string, string[]> = {
    model: ["model"],
    dsl: ["model", "dsl"],
    compiler: ["model", "dsl", "compiler"],
    interpreter: ["model", "interpreter"],
    graph: ["model", "graph"],
    coverage: ["model", "interpreter", "graph", "coverage"],
    testing: ["model", "interpreter", "coverage", "testing"],
    project: ["model", "dsl", "compiler", "project"],
    importer: ["model", "dsl", "compiler", "project", "importer"],
    deploy: ["model", "deploy"],
    devserver: ["model", "compiler", "interpreter", "devserver"],
    cli: [
      "model",
      "dsl",
      "compiler",
      "project",
      "interpreter",
      "graph",
      "coverage",
      "importer",
      "deploy",
      "devserver",
      "cli",
    ],
  };

  it("knows every layer in src/", () => {
    const layers = readdirSync(path.join(ROOT, "src"), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(layers.sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(Object.keys(allowed))("src/%s imports only the layers below it", (layer) => {
    const violations = sourceFiles(`src/${layer}`).flatMap((file) =>
      importedLayers(file)
        .filter((imported) => !allowed[layer]!.includes(imported))
        .map((imported) => `${file} imports src/${imported}`),
    );
    expect(violations).toEqual([]);
  });

  it("has one module per state type in the model, the DSL and the renderer", () => {
    const expected = STATE_TYPES.map((t) => `${t.toLowerCase()}.ts`).sort();
    for (const dir of [
      "src/model/states",
      "src/dsl/states",
      "src/compiler/render",
      "src/interpreter/states",
    ]) {
      const files = readdirSync(path.join(ROOT, dir));
      expect(
        expected.filter((f) => !files.includes(f)),
        dir,
      ).toEqual([]);
    }
  });

  it("documents every diagnostic code in the README", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const documented = new Set(
      [...readme.matchAll(/^\| `([a-z_]+)` +\| (error|warning) /gm)].map((m) => `${m[1]} ${m[2]}`),
    );
    const missing = Object.entries(DIAGNOSTICS)
      .map(([code, [severity]]) => `${code} ${severity}`)
      .filter((entry) => !documented.has(entry));
    expect(missing).toEqual([]);
  });

  it("starts the README with the two commands a newcomer needs", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").slice(0, 6).join("\n");
    expect(readme).toContain("npm install && npm run build");
    expect(readme).toContain("npm test");
  });
});
