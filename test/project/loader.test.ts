import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModuleLoader, ProjectError } from "../../src/project/index.js";
import { ROOT } from "../support/shared.js";

const DSL = JSON.stringify(pathToFileURL(path.resolve(ROOT, "src/dsl/index.ts")).href);
/** Generous: no module here is meant to reach it. */
const TIMEOUT_MS = 10_000;

let dir = "";
const module = (name: string, source: string): string => {
  writeFileSync(path.join(dir, name), source);
  return path.join(dir, name);
};
const flowModule = (name: string, head = ""): string =>
  module(
    `${name}.ts`,
    `import { bundle, flow, succeed } from ${DSL};
${head}
export default bundle({ name: "${name}", flows: [flow("${name}Flow", () => succeed("Done"))] });
`,
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-loader-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ModuleLoader", () => {
  it("answers loads asked at once one after another, each with its own module's bundle", async () => {
    const loader = new ModuleLoader();
    try {
      const files = ["Alpha", "Beta", "Gamma"].map((name) => flowModule(name));
      const compiled = await Promise.all(files.map((file) => loader.compile(file, {}, TIMEOUT_MS)));
      expect(compiled.map((c) => c.bundle.name)).toEqual(["Alpha", "Beta", "Gamma"]);
      expect(compiled.map((c) => Object.keys(c.bundle.resources as object))).toEqual([
        ["AlphaFlow"],
        ["BetaFlow"],
        ["GammaFlow"],
      ]);
    } finally {
      loader.close();
    }
  });

  it("does not blame the next module for an error the previous one throws later", async () => {
    const loader = new ModuleLoader();
    try {
      const late = flowModule("Late", 'setTimeout(() => { throw new Error("thrown later"); }, 0);');
      const rejected = flowModule("Rejected", 'void Promise.reject(new Error("never handled"));');
      expect((await loader.compile(late, {}, TIMEOUT_MS)).bundle.name).toBe("Late");
      expect((await loader.compile(rejected, {}, TIMEOUT_MS)).bundle.name).toBe("Rejected");
      expect((await loader.compile(flowModule("Next"), {}, TIMEOUT_MS)).bundle.name).toBe("Next");
    } finally {
      loader.close();
    }
  });

  it("gives the next module a fresh thread when one leaves timers running (a busy one would time it out)", async () => {
    const loader = new ModuleLoader();
    try {
      const busy = flowModule(
        "Busy",
        "setInterval(() => { const end = Date.now() + 60_000; while (Date.now() < end); }, 1);",
      );
      expect((await loader.compile(busy, {}, TIMEOUT_MS)).bundle.name).toBe("Busy");
      // Without a fresh thread this load would wait behind the busy timer for its whole 3 s.
      expect((await loader.compile(flowModule("AfterBusy"), {}, 3_000)).bundle.name).toBe("AfterBusy");
    } finally {
      loader.close();
    }
  });

  it("fails the load in progress, and those waiting, when it is closed", async () => {
    const loader = new ModuleLoader();
    await loader.compile(flowModule("First"), {}, TIMEOUT_MS);
    const inProgress = loader.compile(module("never.ts", "await new Promise(() => {});\n"), {}, TIMEOUT_MS);
    const waiting = loader.compile(flowModule("Waiting"), {}, TIMEOUT_MS);
    // Lets the first request reach the worker.
    await new Promise((resolve) => setImmediate(resolve));
    loader.close();
    for (const load of [inProgress, waiting]) {
      const error = await load.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectError);
      expect((error as ProjectError).message).toBe("failed to load: the loader was closed");
    }
  });
});
