import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DSL_ERROR_CODES } from "../src/dsl/errors.js";
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

/**
 * Optional props of exported `…Options` / `…Props` interfaces whose JSDoc has no `@default`, as
 * "file:line name". Read line by line: these interfaces are written one prop per line.
 */
function optionalPropsWithoutDefault(file: string): string[] {
  if (file.includes(`${path.sep}template${path.sep}`)) return [];
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  const found: string[] = [];
  let depth = 0;
  lines.forEach((line, i) => {
    if (depth === 0) {
      if (/^export interface \w*(Options|Props)\b[^{]*\{\s*$/.test(line)) depth = 1;
      return;
    }
    depth += (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);
    const prop = depth === 1 ? /^ {2}(?:readonly )?([\w$"]+)\?:/.exec(line) : null;
    if (!prop) return;
    let doc = "";
    for (let j = i - 1; j >= 0 && /^\s*(\/\*\*|\*)/.test(lines[j]!); j--) doc = lines[j] + doc;
    if (!doc.includes("@default")) found.push(`${file}:${i + 1} ${prop[1]}`);
  });
  return found;
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
    importer: ["model", "dsl", "compiler", "importer"],
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

  it("has one module per state type in the model, the DSL, the renderer, the interpreter and the importer", () => {
    const expected = STATE_TYPES.map((t) => `${t.toLowerCase()}.ts`).sort();
    for (const dir of [
      "src/model/states",
      "src/dsl/states",
      "src/compiler/render",
      "src/interpreter/states",
      "src/importer/states",
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
      .map(([code, { severity }]) => `${code} ${severity}`)
      .filter((entry) => !documented.has(entry));
    expect(missing).toEqual([]);
  });

  it("documents a true-looking @default on every optional prop of an options or props interface", () => {
    const undocumented = sourceFiles("src").flatMap((file) => optionalPropsWithoutDefault(file));
    expect(undocumented).toEqual([]);
  });

  it("throws every DslError code somewhere in the DSL", () => {
    const dsl = sourceFiles("src/dsl")
      .filter((file) => !file.endsWith("errors.ts"))
      .map((file) => readFileSync(path.join(ROOT, file), "utf8"))
      .join("\n");
    const thrown = (code: string) => new RegExp(`new DslError\\(\\s*"${code}"`).test(dsl);
    expect(DSL_ERROR_CODES.filter((code) => !thrown(code))).toEqual([]);
  });

  it("keeps no state on globalThis", () => {
    const offenders = sourceFiles("src").filter((file) =>
      /\bglobalThis\s*(\.|\[|\)|as\b)/.test(readFileSync(path.join(ROOT, file), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("starts the README with the two commands a newcomer needs", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").slice(0, 6).join("\n");
    expect(readme).toContain("npm install && npm run build");
    expect(readme).toContain("npm test");
  });
});
