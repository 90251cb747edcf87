import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundleModule } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { importBundle } from "../../src/importer/index.js";
import { REGISTRY_READ_ONLY_FIELDS } from "../../src/model/bundle.js";
import { runCli, ZISFLOW_FROM_SOURCES } from "../support/cli.js";
import {
  CORPUS_DIR,
  corpusBundleFiles,
  ROOT,
  sharedPath,
  SHARED_AVAILABLE,
  SHARED_SKIP_REASON,
} from "../support/shared.js";
import { tutorialBundleJson } from "../support/tutorial.js";

/** Generated modules live inside the repository, so that `import … from "zisflow"` and the tsconfig apply. */
const OUT = path.join(ROOT, "test-artifacts", "import");

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    path.join(OUT, "tsconfig.json"),
    JSON.stringify({ extends: "../../tsconfig.json", include: ["*.ts"] }),
  );
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

/** Imports `bundle`, writes the module, builds it again and returns the module text and the rebuilt JSON. */
async function roundTrip(name: string, bundle: unknown) {
  const { code, notes } = await importBundle(bundle, { fileName: `${name}.json` });
  const file = path.join(OUT, `${name}.ts`);
  writeFileSync(file, code);
  const rebuilt = compileBundle(await loadBundleModule(file)).bundle;
  return { code, notes, rebuilt };
}

const withoutRegistryFields = (bundle: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(bundle).filter(([key]) => !REGISTRY_READ_ONLY_FIELDS.includes(key)));

describe("importing the seed tutorial's bundle", () => {
  it("gives a module that builds the same bundle, written with the same builders as flows/refund-requests.ts", async () => {
    const source = tutorialBundleJson();
    const { code, notes, rebuilt } = await roundTrip("tutorial", source);
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(source));
    expect(notes).toEqual([]);
    expect(code).not.toContain("raw:");
    const builders = (text: string) =>
      new Set(
        [
          ...text.matchAll(
            /\b(action|choice|flow|httpAction|invoke|jobSpec|jq|numericLessThanEquals|param|stringEquals|succeed|tpl|bundle)(?:<[^>(]*>)?\(/g,
          ),
        ].map((m) => m[1]),
      );
    expect(builders(code)).toEqual(
      builders(readFileSync(path.join(ROOT, "flows/refund-requests.ts"), "utf8")),
    );
    expect(code).toContain('const EXTERNAL_TARGET_URL = param("EXTERNAL_TARGET_URL");');
    expect(code).toContain(
      "tpl`Hi,\\n I'm requesting a $${$.input.activity_event.user_activity.properties.refund_amount} refund",
    );
    expect(code).toContain(".when(numericLessThanEquals($.refund_amount_num, 100), initiateRefundState)");
    expect(code).toContain("readonly refund_amount_num: number;");
  });
});

describe.skipIf(!SHARED_AVAILABLE)(
  `importing real-world bundles and the docs' bundle${SHARED_SKIP_REASON}`,
  () => {
    const sources = [
      ...corpusBundleFiles().map((file) => ({
        name: file.replace(/\.json$/, ""),
        file: path.join(CORPUS_DIR, file),
      })),
      {
        name: "docs-registry-upload-example",
        file: sharedPath("corpus", "docs-examples", "registry-api-upload-bundle-example.json"),
      },
    ];

    it.each(sources)(
      "$name: import → build gives back the bundle, values and key order",
      { timeout: 20_000 },
      async ({ name, file }) => {
        const source = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        const { rebuilt, notes } = await roundTrip(name, source);
        expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(withoutRegistryFields(source)));
        const dropped = REGISTRY_READ_ONLY_FIELDS.filter((field) => field in source);
        expect(notes.filter((n) => n.startsWith("dropped"))).toHaveLength(dropped.length);
      },
    );

    it("says what it kept in raw edits: incode's undocumented action properties", async () => {
      const source = JSON.parse(
        readFileSync(path.join(CORPUS_DIR, "incode-identity-verification.json"), "utf8"),
      );
      const { notes, code } = await roundTrip("incode-notes", source);
      expect(notes).toContain(
        "kept as raw JSON what the builders do not express: /resources/update_ticket/properties/description, /resources/update_ticket/properties/schema",
      );
      expect(code).toContain('"/resources/update_ticket/properties/schema": {');
    });

    it("every generated module type-checks under the project's tsconfig", () => {
      expect(existsSync(path.join(OUT, "tutorial.ts"))).toBe(true);
      const tsc = spawnSync(
        process.execPath,
        [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", OUT],
        { encoding: "utf8" },
      );
      expect(tsc.stdout + tsc.stderr).toBe("");
      expect(tsc.status).toBe(0);
    });
  },
);

describe("importing random bundles", () => {
  it("round-trips bundles made of every state type and the built-ins", async () => {
    const state = fc.oneof(
      fc.record({
        Type: fc.constant("Pass"),
        Result: fc.jsonValue(),
        ResultPath: fc.constantFrom("$.a", "$.b.c", "$"),
      }),
      fc.record({ Type: fc.constant("Wait"), Seconds: fc.integer({ min: 1, max: 99 }) }),
      fc.record({
        Type: fc.constant("Action"),
        ActionName: fc.constant("zis:common:transform:Jq"),
        Parameters: fc.record({
          expr: fc.constantFrom(".a", ".input | length"),
          "data.$": fc.constantFrom("$", "$.input"),
        }),
        ResultPath: fc.constantFrom("$.r", "$.s.t"),
      }),
      fc.record({
        Type: fc.constant("Action"),
        ActionName: fc.constant("zis:common:action:LoadConfig"),
        Parameters: fc.record({ "scope.$": fc.constantFrom("settings:{{$.account_id}}", "$.input.scope") }),
        ResultPath: fc.constant("$.config"),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(state, { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 12 }),
        async (states, name) => {
          const entries: Array<[string, Record<string, unknown>]> = states.map((s, i) => [
            `S${i}`,
            { ...s, Next: `S${i + 1}` },
          ]);
          entries.push([`S${states.length}`, { Type: "Succeed", Message: "done {{$.input.id}}" }]);
          const bundle = {
            name: name || "random",
            zis_template_version: "2019-10-14",
            resources: {
              RandomFlow: {
                type: "ZIS::Flow",
                properties: {
                  name: "RandomFlow",
                  definition: { StartAt: "S0", States: Object.fromEntries(entries) },
                },
              },
              Job: {
                type: "ZIS::JobSpec",
                properties: {
                  name: "Job",
                  event_source: "support",
                  event_type: "ticket.TicketCreated",
                  flow_name: "zis:random_int:flow:RandomFlow",
                },
              },
            },
          };
          const { rebuilt } = await roundTrip("random", bundle);
          expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(bundle));
        },
      ),
      { numRuns: 15 },
    );
  }, 60_000);
});

describe("zisflow import", () => {
  const dir = path.join(OUT, "cli");
  beforeAll(() => mkdirSync(dir, { recursive: true }));

  it("writes the module, refuses to overwrite it without --force, and prints notes for Registry responses", async () => {
    const source = { uuid: "u-1", integration: "acme", zendesk_account_id: 1, ...tutorialBundleJson() };
    writeFileSync(path.join(dir, "registry.json"), JSON.stringify(source));
    const first = await runCli(["import", "registry.json", "-o", "flows/registry.ts"], dir);
    expect(first.code).toBe(0);
    // 3 Registry fields, the placeholder URL, and 4 references to INTEGRATION where the response says "acme".
    expect(first.stdout).toBe("registry.json → flows/registry.ts (0 errors, 8 warnings)\n");
    expect(first.stderr).toContain(
      'registry.json: dropped "uuid": the Registry API sets it, an upload does not carry it',
    );
    const written = readFileSync(path.join(dir, "flows/registry.ts"), "utf8");
    expect(written).toContain('from "zisflow"');
    writeFileSync(path.join(dir, "flows/registry.ts"), "// edited by hand\n");
    const second = await runCli(["import", "registry.json", "-o", "flows/registry.ts"], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("flows/registry.ts exists; rerun with --force to overwrite it");
    expect(readFileSync(path.join(dir, "flows/registry.ts"), "utf8")).toBe("// edited by hand\n");
    expect((await runCli(["import", "registry.json", "-o", "flows/registry.ts", "--force"], dir)).code).toBe(
      0,
    );
    expect(readFileSync(path.join(dir, "flows/registry.ts"), "utf8")).toBe(written);
  });

  it("works as a process (the zisflow executable)", () => {
    writeFileSync(path.join(dir, "bin.json"), JSON.stringify(tutorialBundleJson()));
    const run = spawnSync(process.execPath, [...ZISFLOW_FROM_SOURCES, "import", "bin.json", "-o", "bin.ts"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(run.stderr).toContain("warning url_not_absolute");
    expect(run.stdout).toBe("bin.json → bin.ts (0 errors, 1 warning)\n");
    expect(run.status).toBe(0);
  });

  it("imports a bundle with errors, printing its findings (exit 1)", async () => {
    writeFileSync(
      path.join(dir, "broken.json"),
      JSON.stringify({
        name: "broken",
        zis_template_version: "2019-10-14",
        resources: {
          F: {
            type: "ZIS::Flow",
            properties: {
              name: "F",
              definition: { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } },
            },
          },
        },
      }),
    );
    const run = await runCli(["import", "broken.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "broken.json:/resources/F/properties/definition/States/A/Next: error unknown_next_state:",
    );
    expect(readFileSync(path.join(dir, "flows/broken.ts"), "utf8")).toContain('"Nowhere"');
  });

  it("refuses malformed JSON and documents that are not bundles (exit 2)", async () => {
    writeFileSync(path.join(dir, "bad.json"), '{\n  "name": "x",\n  "resources": {\n}');
    const malformed = await runCli(["import", "bad.json"], dir);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain("bad.json: invalid JSON at line 4, column 2");
    writeFileSync(path.join(dir, "list.json"), "[1, 2]");
    const notBundle = await runCli(["import", "list.json"], dir);
    expect(notBundle.code).toBe(2);
    expect(notBundle.stderr).toContain('list.json: not a ZIS bundle: expected an object with "resources"');
  });
});
