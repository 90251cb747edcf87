import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/compile.js";
import * as dsl from "../../src/dsl/index.js";
import { importBundle, type ImportResult } from "../../src/importer/index.js";
import { REGISTRY_READ_ONLY_FIELDS } from "../../src/model/bundle.js";
import { isPlainObject } from "../../src/model/json.js";
import { parsePointer } from "../../src/model/pointer.js";
import { isStateType } from "../../src/model/states/index.js";
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
import { EVERY_BUILDER_BUNDLE, RAW_STATES } from "./every-builder-bundle.js";
import { JQ_DATA_FIRST_BUNDLE, STAND_IN_BUNDLE, STAND_IN_STATES } from "./stand-in-bundles.js";

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

interface Source {
  readonly name: string;
  readonly bundle: Record<string, unknown>;
}

interface RoundTrip {
  readonly result: ImportResult;
  /** What the written module builds. */
  readonly rebuilt: unknown;
}

let loads = 0;

/**
 * Writes each module into OUT and loads them as `zisflow build` loads a bundle module (tsx, with "zisflow" the
 * sources of this checkout), all through one entry module: zisflow is then loaded once, not once per module.
 * The entry is a .mts file, outside the tsconfig's "*.ts".
 */
async function loadWritten(modules: ReadonlyArray<{ name: string; code: string }>): Promise<unknown[]> {
  for (const { name, code } of modules) writeFileSync(path.join(OUT, `${name}.ts`), code);
  const entry = path.join(OUT, `load-${++loads}.mts`);
  writeFileSync(
    entry,
    modules.map(({ name }, i) => `export { default as m${i} } from "./${name}.js";\n`).join(""),
  );
  const { tsImport } = await import("tsx/esm/api");
  const namespace = (await tsImport(pathToFileURL(entry).href, import.meta.url)) as Record<string, unknown>;
  return modules.map((_, i) => {
    const definition = namespace[`m${i}`];
    expect(dsl.isBundleDefinition(definition)).toBe(true);
    return compileBundle(definition as dsl.BundleDefinition).bundle;
  });
}

/** Imports every source, writes its module, builds the written modules again. */
async function roundTrips(sources: readonly Source[]): Promise<Map<string, RoundTrip>> {
  const results: ImportResult[] = [];
  for (const { name, bundle } of sources)
    results.push(await importBundle(bundle, { fileName: `${name}.json` }));
  const rebuilt = await loadWritten(sources.map(({ name }, i) => ({ name, code: results[i]!.code })));
  return new Map(sources.map(({ name }, i) => [name, { result: results[i]!, rebuilt: rebuilt[i] }]));
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

const TUTORIAL: Source = { name: "tutorial", bundle: tutorialBundleJson() };
const EVERY_BUILDER: Source = { name: "every-builder", bundle: EVERY_BUILDER_BUNDLE };
const JQ_DATA_FIRST: Source = { name: "jq-data-first", bundle: JQ_DATA_FIRST_BUNDLE };
const STAND_INS: Source = { name: "stand-ins", bundle: STAND_IN_BUNDLE };
const CORPUS: Source[] = [
  ...corpusBundleFiles().map((file) => ({
    name: file.replace(/\.json$/, ""),
    bundle: readJson(path.join(CORPUS_DIR, file)),
  })),
  ...(SHARED_AVAILABLE
    ? [
        {
          name: "docs-registry-upload-example",
          bundle: readJson(sharedPath("corpus", "docs-examples", "registry-api-upload-bundle-example.json")),
        },
      ]
    : []),
];

/** One import and one build of each bundle, shared by the tests that look at them. */
let shared: Promise<Map<string, RoundTrip>> | undefined;
const imported = async (name: string): Promise<RoundTrip> => {
  shared ??= roundTrips([TUTORIAL, EVERY_BUILDER, JQ_DATA_FIRST, STAND_INS, ...CORPUS]);
  const roundTrip = (await shared).get(name);
  if (!roundTrip) throw new Error(`${name} was not imported`);
  return roundTrip;
};

const withoutRegistryFields = (bundle: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(bundle).filter(([key]) => !REGISTRY_READ_ONLY_FIELDS.includes(key)));

/** The names a module imports from "zisflow". */
const importedNames = (code: string): string[] =>
  (/^import \{([^}]*)\} from "zisflow";/.exec(code)?.[1] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");

describe("importing the seed tutorial's bundle", () => {
  it("gives a module that builds the same bundle, written with the same builders as flows/refund-requests.ts", async () => {
    const source = TUTORIAL.bundle;
    const {
      result: { code, notes, rawShare },
      rebuilt,
    } = await imported("tutorial");
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(source));
    expect(notes).toEqual([]);
    expect(code).not.toContain("raw:");
    expect(rawShare).toEqual({
      states: 8,
      rawStates: [],
      rawPointers: [],
      bundleBytes: 3228,
      rawBytes: 0,
      share: 0,
    });
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

describe("importing a bundle of every state type, comparison and built-in", () => {
  it("writes each with its builder and keeps whole only the states no builder takes", async () => {
    const {
      result: { code, rawShare },
      rebuilt,
    } = await imported("every-builder");
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(EVERY_BUILDER_BUNDLE));
    expect(rawShare.rawStates).toEqual(RAW_STATES);
    expect(rawShare.states).toBe(18);
    expect(rawShare.rawPointers).toEqual([...RAW_STATES, "/resources/Other"]);
    for (const statement of [
      'const waitPath = wait("WaitPath", { comment: "w", secondsPath: $.input.delay });',
      '.when(and(stringEquals($.input.a, "x"), numericGreaterThanEquals($.input.n, 3)), waitPath)',
      'or(timestampLessThan($.input.t, "2020-01-01T00:00:00Z"), not(booleanEquals($.input.b, true))),',
      ".when(numericLessThan($.input.n, $.input.m), fail1)",
      ".when(isPresent($.input.z, false), mapIt)",
      "post.retry({ intervalSeconds: 2, maxAttempts: 3, backoffRate: 1.5 });",
      'post.catch(fail1, { resultPath: $.err, comment: "oops" });',
      "mapIt.catch(fail1);",
      'const jqState = action("Jq", jq(tpl`.x | ${$.input.a}`, { v: $.input.v }), { resultPath: $.jq });',
      'const patch = action("Patch", patchConfig({ scope: $.input.scope, config: { retries: 1 } }));',
      "left_object: { name: $.input.left, metadata: { k: $.input.k } },",
      'const each = pass("Each", { result: { a: 1 }, resultPath: item.out });',
      'const fail1 = fail("Fail1", { error: tpl`E ${$.input.a}`, cause: "because" });',
      'const unknown = pass("Unknown");',
      // Kept raw, and named by no other state (only by Unknown, kept raw too): nothing reads a variable.
      '\n  pass("Bad");\n',
      "readonly items: readonly MapItItem[];",
    ])
      expect(code).toContain(statement);
  });
});

/**
 * What each corpus bundle keeps as raw JSON, all of it something the DSL cannot say; every other bundle keeps
 * nothing. `bound` is the measured raw share rounded up, where it is over RAW_SHARE_BOUND: a small bundle where
 * one piece the DSL cannot say weighs much.
 */
const KEPT_RAW: Record<string, { pointers: string[]; bound?: number }> = {
  // httpAction takes no description or parameter schema: 278 of 2734 bytes.
  "incode-identity-verification": {
    pointers: [
      "/resources/update_ticket/properties/description",
      "/resources/update_ticket/properties/schema",
    ],
    bound: 0.11,
  },
  // A job spec whose flow is not in the bundle, and template version 2019-02-28: 208 of 1175 bytes.
  "whiterose-post-tickets-to-webhook-registry-response": {
    pointers: ["/resources/ticket_created_jobspec", "/zis_template_version"],
    bound: 0.18,
  },
  // A job spec whose flow is not in the bundle; two flow_names of another integration than the bundle's.
  "zwm-genesys-etg-sample-workflow-2": {
    pointers: [
      "/resources/etg_genesys_integration",
      "/resources/etg_retrieve_conversation_id/properties/flow_name",
      "/resources/push_agent_status_to_job_spec/properties/flow_name",
    ],
  },
  // A Next naming no state.
  "zwm-postman-bundle-skeleton": {
    pointers: ["/resources/{{jobspec_<name>}}_flow/properties/definition/States/ZIS.LoadConfig/Next"],
  },
  // A request body that is a string.
  "zwm-postman-sample-bundle": {
    pointers: ["/resources/zendesk.create_new_ticket/properties/definition/requestBody"],
  },
};

/** The raw share of every other corpus bundle stays under 2%: the most measured is 1.1% (genesys, 324 bytes). */
const RAW_SHARE_BOUND = 0.02;

describe.skipIf(!SHARED_AVAILABLE)(
  `importing real-world bundles and the docs' bundle${SHARED_SKIP_REASON}`,
  () => {
    it.each(CORPUS)(
      "$name: import → build gives back the bundle, values and key order",
      async ({ name, bundle }) => {
        const { result, rebuilt } = await imported(name);
        expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(withoutRegistryFields(bundle)));
        const dropped = REGISTRY_READ_ONLY_FIELDS.filter((field) => field in bundle);
        expect(result.notes.filter((n) => n.startsWith("dropped"))).toHaveLength(dropped.length);
        expect(importedNames(result.code).filter((imported) => !Object.hasOwn(dsl, imported))).toEqual([]);
      },
    );

    it.each(CORPUS)("$name: keeps raw only what the DSL cannot express", async ({ name, bundle }) => {
      const { rawShare } = (await imported(name)).result;
      const valueAt = (pointer: string) =>
        parsePointer(pointer).reduce<unknown>(
          (value, key) => (isPlainObject(value) ? value[key] : undefined),
          bundle,
        );
      const dslStatesKeptRaw = rawShare.rawStates.filter((pointer) => {
        const state = valueAt(pointer);
        return isPlainObject(state) && isStateType(state.Type);
      });
      expect(dslStatesKeptRaw).toEqual([]);
      expect(rawShare.rawPointers).toEqual(KEPT_RAW[name]?.pointers ?? []);
      expect(rawShare.share).toBeLessThanOrEqual(KEPT_RAW[name]?.bound ?? RAW_SHARE_BOUND);
      expect(rawShare.rawBytes === 0).toBe(KEPT_RAW[name] === undefined);
    });

    it("says what it kept in raw edits: incode's undocumented action properties", async () => {
      const { notes, code } = (await imported("incode-identity-verification")).result;
      expect(notes).toContain(
        "kept as raw JSON what the builders do not express: /resources/update_ticket/properties/description, /resources/update_ticket/properties/schema",
      );
      expect(notes).toContain("raw edits carry 10.2% of the bundle's JSON (278 of 2734 bytes)");
      expect(code).toContain('"/resources/update_ticket/properties/schema": {');
    });
  },
);

describe("importing states the DSL writes only in part (issue 15)", () => {
  it("writes a Jq state listing data.$ before expr with jq(…), its key order kept by a raw order edit", async () => {
    const {
      result: { code, notes, rawShare },
      rebuilt,
    } = await imported("jq-data-first");
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(JQ_DATA_FIRST_BUNDLE));
    expect(code).toContain('const shape = action("Shape", jq(".ticket | {id, status}", $.input), {');
    expect(code).toContain(
      'const again = action("Again", jq(tpl`${$.shaped.id} | tostring`, { id: "x" }), { resultPath: $.again });',
    );
    expect(code).not.toContain("pass(");
    expect(notes).toEqual([
      "raw edits keep the author's key order of 2 object(s): /resources/Transform/properties/definition/States/Shape/Parameters, /resources/Transform/properties/definition/States/Again/Parameters",
    ]);
    expect(code).toContain(
      'order: {\n      "/resources/Transform/properties/definition/States/Shape/Parameters": ["data.$", "expr"],',
    );
    expect(rawShare.rawPointers).toEqual([]);
  });

  it("leaves no import, build parameter or proxy parameter of a state it keeps whole", async () => {
    const {
      result: { code, rawShare },
      rebuilt,
    } = await imported("stand-ins");
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(STAND_IN_BUNDLE));
    expect(rawShare.rawStates).toEqual(STAND_IN_STATES);
    expect(importedNames(code)).toEqual(["bundle", "flow", "map", "pass", "succeed"]);
    expect(code).not.toContain("FOO_TOKEN = param");
    expect(code).toContain('export const partial = flow<PartialData>("Partial", () => {');
    expect(code).not.toMatch(/^interface PartialData \{\n\s+readonly a:/m);
    expect(code).toContain("type EachItem = Record<string, unknown>;");
  });

  it("every generated module type-checks under the project's tsconfig (strict, noUnusedLocals)", async () => {
    await imported("tutorial");
    for (const name of ["tutorial", "every-builder", "jq-data-first", "stand-ins"])
      expect(existsSync(path.join(OUT, `${name}.ts`))).toBe(true);
    const tsc = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", OUT],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 60_000);
});

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
      // data.$ before expr: jq(…) too, the key order kept by a raw order edit.
      fc.record({
        Type: fc.constant("Action"),
        ActionName: fc.constant("zis:common:transform:Jq"),
        Parameters: fc.record({ "data.$": fc.constantFrom("$", "$.input"), expr: fc.constant(".a") }),
        ResultPath: fc.constant("$.r"),
      }),
      fc.record({
        Type: fc.constant("Action"),
        ActionName: fc.constant("zis:common:action:LoadConfig"),
        Parameters: fc.record({ "scope.$": fc.constantFrom("settings:{{$.account_id}}", "$.input.scope") }),
        ResultPath: fc.constant("$.config"),
      }),
    );
    // The importer checks its own round trip (it throws when it cannot reproduce a bundle), inside the property
    // so that fast-check shrinks a failure; the written modules are then built again together.
    const written: Array<{ name: string; code: string; bundle: unknown }> = [];
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
          const { code } = await importBundle(bundle, { fileName: "random.json" });
          written.push({ name: `random-${written.length}`, code, bundle });
        },
      ),
      { numRuns: 15 },
    );
    const rebuilt = await loadWritten(written);
    expect(rebuilt.map((json) => JSON.stringify(json))).toEqual(
      written.map(({ bundle }) => JSON.stringify(bundle)),
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
    // One line: the bundle's 8 findings are not repeated before the refusal.
    expect(second.stderr).toBe("flows/registry.ts exists; rerun with --force to overwrite it\n");
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
    expect(run.stderr).toContain("broken.json: raw edits carry 4.6% of the bundle's JSON (9 of 195 bytes)\n");
    expect(readFileSync(path.join(dir, "flows/broken.ts"), "utf8")).toContain('"Nowhere"');
  });

  it("gives the module a free fileName when another module of its folder builds the bundle's file (issue 15)", async () => {
    const project = path.join(dir, "names");
    mkdirSync(path.join(project, "flows"), { recursive: true });
    writeFileSync(path.join(project, "clash.json"), JSON.stringify(tutorialBundleJson()));
    // flows/other.ts builds clash.json; flows/clash-2.mts, without a fileName, builds clash-2.json.
    expect((await runCli(["import", "clash.json", "-o", "flows/other.ts"], project)).code).toBe(0);
    writeFileSync(
      path.join(project, "flows/clash-2.mts"),
      readFileSync(path.join(project, "flows/other.ts"), "utf8").replace('  fileName: "clash.json",\n', ""),
    );
    // A fileName that is not a literal says nothing of what the module builds: it claims no name.
    writeFileSync(path.join(project, "flows/clash-3.ts"), "export default bundle({ fileName: NAME });\n");
    const run = await runCli(["import", "clash.json"], project);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("clash.json → flows/clash.ts (0 errors, 1 warning)\n");
    expect(run.stderr.split("\n").filter((line) => line.startsWith("clash.json: "))).toEqual([
      "clash.json: flows/other.ts builds clash.json already; flows/clash.ts builds clash-3.json",
    ]);
    expect(readFileSync(path.join(project, "flows/clash.ts"), "utf8")).toContain('fileName: "clash-3.json",');
    // Rerun over its own module (--force): that module's name is its own, not another's.
    const again = await runCli(["import", "clash.json", "--force"], project);
    expect(again.stderr).toContain(
      "clash.json: flows/other.ts builds clash.json already; flows/clash.ts builds clash-3.json\n",
    );
    rmSync(path.join(project, "flows/clash-3.ts"));
    const build = await runCli(["build"], project);
    expect(build.stderr).not.toContain("as flows/");
    expect(build.code).toBe(0);
    for (const file of ["clash.json", "clash-2.json", "clash-3.json"])
      expect(existsSync(path.join(project, "dist-bundles", file))).toBe(true);
  }, 60_000);

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
