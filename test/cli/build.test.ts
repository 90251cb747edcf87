import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

/**
 * The DSL, as an absolute file URL: the modules below live in temporary folders outside the repository. Not the
 * whole package (src/index.ts), which adds the compiler and the interpreter: every build loads a module's imports
 * afresh.
 */
const DSL = JSON.stringify(pathToFileURL(path.resolve(ROOT, "src/dsl/index.ts")).href);
const MANIFEST = ".zisflow-manifest.json";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temporary project: an ESM package.json and flows/<file> for each entry. */
function project(flows: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-build-"));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: "module" }));
  mkdirSync(path.join(dir, "flows"));
  for (const [file, source] of Object.entries(flows)) writeFileSync(path.join(dir, "flows", file), source);
  return dir;
}

interface PingOptions {
  /** Prefix of the resource names (so several modules in one project do not clash). */
  readonly name?: string;
  /** The Succeed state's message: change it to change the output. */
  readonly message?: string;
  /** Source of the http action's url. */
  readonly url?: string;
  /** Extra source after the imports. */
  readonly head?: string;
}

/** A bundle module: a job spec → a flow that calls one http action, then succeeds. */
function pingModule(options: PingOptions = {}): string {
  const name = options.name ?? "Ping";
  const url = options.url ?? `param("TARGET_URL", { placeholder: "https://example.com/ping" })`;
  return `import { action, bundle, flow, httpAction, invoke, jobSpec, param, succeed } from ${DSL};
${options.head ?? ""}
const call = httpAction<{ ticket_id: number }>("${name}", ($) => ({
  method: "POST",
  url: ${url},
  requestBody: { ticket_id: $.ticket_id },
}));

interface Data {
  readonly input: { readonly ticket_event: { readonly ticket: { readonly id: number } } };
}

const mainFlow = flow<Data>("${name}Flow", ($) => {
  const first = action("Call${name}", invoke(call, { ticket_id: $.input.ticket_event.ticket.id }));
  first.next(succeed("Done", { message: ${JSON.stringify(options.message ?? "done")} }));
  return first;
});

export default bundle({
  name: "${name} bundle",
  jobSpecs: [
    jobSpec("${name}JobSpec", { event_source: "support", event_type: "ticket.TicketCreated", flow: mainFlow }),
  ],
});
`;
}

const read = (dir: string, ...parts: string[]): string => readFileSync(path.join(dir, ...parts), "utf8");
const readJson = (dir: string, ...parts: string[]): any => JSON.parse(read(dir, ...parts));
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
const writeModule = (dir: string, file: string, source: string): void =>
  writeFileSync(path.join(dir, "flows", file), source);

describe("zisflow build", () => {
  it("compiles a module to dist-bundles/, records it in the manifest, and leaves it alone when up to date", async () => {
    const dir = project({ "ping.ts": pingModule() });

    const first = await runCli(["build"], dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("flows/ping.ts → dist-bundles/ping.json (0 errors, 0 warnings)\n");

    const out = path.join(dir, "dist-bundles", "ping.json");
    expect(existsSync(out)).toBe(true);
    const text = read(dir, "dist-bundles", "ping.json");
    expect(text.endsWith("}\n")).toBe(true);
    const bundle = JSON.parse(text);
    expect(bundle.name).toBe("Ping bundle");
    expect(bundle.zis_template_version).toBe("2019-10-14");
    expect(Object.keys(bundle.resources)).toEqual(["Ping", "PingFlow", "PingJobSpec"]);
    expect(bundle.resources.Ping).toEqual({
      type: "ZIS::Action::Http",
      properties: {
        name: "Ping",
        definition: {
          method: "POST",
          url: "https://example.com/ping",
          requestBody: { "ticket_id.$": "$.ticket_id" },
        },
      },
    });
    expect(bundle.resources.PingFlow.properties.definition.StartAt).toBe("CallPing");
    expect(bundle.resources.PingFlow.properties.definition.States.CallPing.ActionName).toBe(
      "zis:INTEGRATION:action:Ping",
    );
    expect(bundle.resources.PingJobSpec.properties).toEqual({
      name: "PingJobSpec",
      event_source: "support",
      event_type: "ticket.TicketCreated",
      flow_name: "zis:INTEGRATION:flow:PingFlow",
    });

    const manifest = readJson(dir, "dist-bundles", MANIFEST);
    expect(manifest.files).toEqual({ "ping.json": sha256(text) });

    const mtime = statSync(out).mtimeMs;
    const second = await runCli(["build"], dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("flows/ping.ts → dist-bundles/ping.json up to date");
    expect(read(dir, "dist-bundles", "ping.json")).toBe(text);
    expect(statSync(out).mtimeMs).toBe(mtime);
  });

  it("builds only the modules named on the command line", async () => {
    const dir = project({ "a.ts": pingModule({ name: "Alpha" }), "b.ts": pingModule({ name: "Beta" }) });
    const run = await runCli(["build", "flows/b.ts"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("flows/b.ts → dist-bundles/b.json");
    expect(run.stdout).not.toContain("a.ts");
    expect(readdirSync(path.join(dir, "dist-bundles")).sort()).toEqual([MANIFEST, "b.json"]);
  });

  it("--integration and --set fill in the integration key and build parameters, in the --out folder", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(
      [
        "build",
        "--integration",
        "acme_refunds",
        "--set",
        "TARGET_URL=https://refunds.example.com/api",
        "--out",
        "dist-deploy",
      ],
      dir,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "flows/ping.ts → dist-deploy/ping.json, built with --integration, --set TARGET_URL (0 errors, 0 warnings)\n",
    );
    const bundle = readJson(dir, "dist-deploy", "ping.json");
    expect(bundle.resources.Ping.properties.definition.url).toBe("https://refunds.example.com/api");
    expect(bundle.resources.PingFlow.properties.definition.States.CallPing.ActionName).toBe(
      "zis:acme_refunds:action:Ping",
    );
    expect(bundle.resources.PingJobSpec.properties.flow_name).toBe("zis:acme_refunds:flow:PingFlow");
    // The manifest names the parameters, never their values.
    const manifest = read(dir, "dist-deploy", MANIFEST);
    expect(JSON.parse(manifest)).toEqual({
      comment: "Files generated by zisflow build, with their SHA-256. Do not edit.",
      files: { "ping.json": sha256(read(dir, "dist-deploy", "ping.json")) },
      parameters: { "ping.json": ["INTEGRATION", "TARGET_URL"] },
    });
    expect(manifest).not.toContain("refunds.example.com");
    expect(manifest).not.toContain("acme_refunds");
    expect(existsSync(path.join(dir, "dist-bundles"))).toBe(false);
  });

  it("--set without --out is a usage error, and writes nothing (dist-bundles/ keeps the placeholders)", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(["build", "--set", "TARGET_URL=https://hooks.example.com/secret"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "zisflow build: --set writes its values into the bundles: give them a folder of their own, kept out of version control, with --out DIR (dist-bundles/ keeps the placeholders; zisflow deploy MODULE --set … compiles the module itself)\n",
    );
    expect(existsSync(path.join(dir, "dist-bundles"))).toBe(false);
  });

  it("--set into dist-bundles/ named explicitly is refused too", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(
      ["build", "--set", "TARGET_URL=https://x.example/y", "--out", "./dist-bundles/"],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^zisflow build: --set writes its values into the bundles: /);
    expect(existsSync(path.join(dir, "dist-bundles"))).toBe(false);
  });

  it("a build without the --set the last one had says the file now holds the placeholders again", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const out = ["--out", "dist-deploy"];
    expect((await runCli(["build", "--set", "TARGET_URL=https://x.example/y", ...out], dir)).code).toBe(0);
    const run = await runCli(["build", ...out], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("flows/ping.ts → dist-deploy/ping.json (0 errors, 0 warnings)\n");
    expect(run.stderr).toBe(
      "flows/ping.ts → dist-deploy/ping.json: it held values of --set TARGET_URL, and now holds the placeholders\n",
    );
  });

  it("--set INTEGRATION is a usage error: the integration key is --integration's", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(["build", "--set", "INTEGRATION=acme", "--out", "dist-deploy"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("zisflow build: give the integration key with --integration, not --set\n");
  });

  it("--set of a parameter no module uses is a usage error naming it", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(
      ["build", "--set", "TARGT_URL=https://refunds.example.com/api", "--out", "dist-deploy"],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--set TARGT_URL: no bundle module uses a parameter named TARGT_URL");
  });

  it("a mistyped --set name writes nothing, so a good output is never overwritten with placeholders", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const out = ["--out", "dist-deploy"];
    expect((await runCli(["build", "--set", "TARGET_URL=https://x.example/y", ...out], dir)).code).toBe(0);
    const good = read(dir, "dist-deploy", "ping.json");
    const run = await runCli(["build", "--set", "TARGT_URL=https://x.example/y", ...out], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("flows/ping.ts: not written: fix the --set names first");
    expect(read(dir, "dist-deploy", "ping.json")).toBe(good);
  });

  it('loads modules of a project without "type": "module" (tsx loads them as CommonJS)', async () => {
    const dir = project({ "ping.ts": pingModule() });
    rmSync(path.join(dir, "package.json"));
    const run = await runCli(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(read(dir, "dist-bundles", "ping.json")).name).toBe("Ping bundle");
  });

  it("names the line and column of an error in a CommonJS project's module (tsx loads it without a source map)", async () => {
    const module = [
      `import { bundle, flow, pass, succeed } from ${DSL};`,
      "",
      'const f = flow("F", () => {',
      '  const a = pass("A");',
      '  a.next(succeed("B"));',
      '  a.next(succeed("C"));',
      "  return a;",
      "});",
      'export default bundle({ name: "x", flows: [f] });',
      "",
    ].join("\n");
    const dir = project({
      "twice.ts": module,
      "throws.ts": pingModule({ head: '\n\n   throw new Error("boom");' }),
    });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: "commonjs" }));
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n").sort()).toEqual([
      "",
      "flows/throws.ts: failed to load: boom (line 4, column 10)",
      'flows/twice.ts: failed to load: next_already_set: state "A" already continues to "B" (line 6, column 5)',
    ]);
  });

  it("reports a module's syntax error in one line: where, and esbuild's message", async () => {
    const dir = project({
      "ping.ts": 'import { bundle } from "zisflow";\nexport default bundle({ name: "x" ;\n',
    });
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'flows/ping.ts: failed to load: syntax error at line 2, column 35: Expected "}" but found ";"\n',
    );
  });

  it("reports a missing flows/ folder in one line", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-build-"));
    tempDirs.push(dir);
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `zisflow build: no folder ${path.join(dir, "flows")} (bundle modules go there)\n`,
    );
  });

  it("runs jq on each literal expr: a module whose jq does not compile is not written (exit 1)", async () => {
    const dir = project({
      "jq.ts": `import { action, bundle, flow, jq, succeed } from ${DSL};
const f = flow<{ input: unknown; n: unknown }>("JqFlow", ($) =>
  action("Count", jq("[.[] | length", $.input), { resultPath: $.n }).next(succeed("Done")),
);
export default bundle({ name: "Jq bundle", flows: [f] });
`,
    });
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toContain(
      "flows/jq.ts → dist-bundles/jq.json:/resources/JqFlow/properties/definition/States/Count/Parameters/expr: error jq_program_error: the jq program fails every run: jq: error: syntax error, unexpected end of file, expecting '|' or ',' or ']'",
    );
    expect(run.stderr).toContain("flows/jq.ts: not written, 1 error");
    expect(existsSync(path.join(dir, "dist-bundles", "jq.json"))).toBe(false);
  });

  it("reports a manifest it cannot write in one line (the bundles are written)", async () => {
    const dir = project({ "ping.ts": pingModule() });
    mkdirSync(path.join(dir, "dist-bundles", MANIFEST), { recursive: true });
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`zisflow build: cannot write ${path.join(dir, "dist-bundles", MANIFEST)}:`);
    expect(run.stderr).not.toContain("    at ");
    expect(existsSync(path.join(dir, "dist-bundles", "ping.json"))).toBe(true);
  });

  it("--set without NAME= is a usage error", async () => {
    const dir = project({ "ping.ts": pingModule() });
    const run = await runCli(["build", "--set", "TARGET_URL"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--set takes NAME=VALUE, found "TARGET_URL"');
    expect(existsSync(path.join(dir, "dist-bundles"))).toBe(false);
  });

  describe("--check", () => {
    it("exits 0 when the output is up to date, 1 when it is stale, without rewriting it", async () => {
      const dir = project({ "ping.ts": pingModule() });
      expect((await runCli(["build"], dir)).code).toBe(0);
      const built = read(dir, "dist-bundles", "ping.json");
      const manifest = read(dir, "dist-bundles", MANIFEST);

      const upToDate = await runCli(["build", "--check"], dir);
      expect(upToDate.code).toBe(0);
      expect(upToDate.stdout).toContain("flows/ping.ts → dist-bundles/ping.json up to date");

      writeModule(dir, "ping.ts", pingModule({ message: "changed since the last build" }));
      const stale = await runCli(["build", "--check"], dir);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain("flows/ping.ts → dist-bundles/ping.json is stale: run zisflow build");
      expect(read(dir, "dist-bundles", "ping.json")).toBe(built);
      expect(read(dir, "dist-bundles", MANIFEST)).toBe(manifest);

      // A real build picks the change up, after which --check passes again.
      expect((await runCli(["build"], dir)).code).toBe(0);
      expect(read(dir, "dist-bundles", "ping.json")).toContain("changed since the last build");
      expect((await runCli(["build", "--check"], dir)).code).toBe(0);
    });

    it("compares a file built with --set and --integration with the build with the same parameters", async () => {
      const dir = project({ "ping.ts": pingModule() });
      const out = ["--out", "dist-deploy"];
      const secret = "TARGET_URL=https://hooks.example.com/services/T0/B0/secret";
      expect((await runCli(["build", "--integration", "acme", "--set", secret, ...out], dir)).code).toBe(0);
      const built = read(dir, "dist-deploy", "ping.json");
      const manifest = read(dir, "dist-deploy", MANIFEST);

      // Without the values (as in CI): they are read off the file, and the module compiled with them.
      const check = await runCli(["build", "--check", ...out], dir);
      expect(check).toMatchObject({
        code: 0,
        stdout:
          "flows/ping.ts → dist-deploy/ping.json up to date, built with --integration, --set TARGET_URL (0 errors, 0 warnings)\n",
        stderr: "",
      });
      // With the same values given again.
      const same = await runCli(["build", "--check", "--integration", "acme", "--set", secret, ...out], dir);
      expect(same.code).toBe(0);
      // With another value: the file is not that build.
      const other = await runCli(
        ["build", "--check", "--set", "TARGET_URL=https://other.example/x", ...out],
        dir,
      );
      expect(other.code).toBe(1);
      expect(other.stderr).toBe(
        "flows/ping.ts → dist-deploy/ping.json was built with another value of --set TARGET_URL\n",
      );

      // A change of the module is stale whatever the values.
      writeModule(dir, "ping.ts", pingModule({ message: "changed since the last build" }));
      const stale = await runCli(["build", "--check", ...out], dir);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toBe(
        "flows/ping.ts → dist-deploy/ping.json is stale: run zisflow build --out dist-deploy --integration KEY --set TARGET_URL=…\n",
      );
      expect(read(dir, "dist-deploy", "ping.json")).toBe(built);
      expect(read(dir, "dist-deploy", MANIFEST)).toBe(manifest);
    });

    it("a file whose parameter has two values is stale, though each place alone could be the build", async () => {
      const dir = project({ "ping.ts": pingModule() });
      const out = ["--out", "dist-deploy"];
      expect((await runCli(["build", "--integration", "acme", ...out], dir)).code).toBe(0);
      // The integration key is in the flow's ActionName and in the job spec's flow_name: change one of them,
      // and record the edit as the build's, so only the parameters' reading can tell.
      const file = path.join(dir, "dist-deploy", "ping.json");
      const edited = read(dir, "dist-deploy", "ping.json").replace(
        "zis:acme:flow:PingFlow",
        "zis:other:flow:PingFlow",
      );
      writeFileSync(file, edited);
      const manifest = readJson(dir, "dist-deploy", MANIFEST);
      manifest.files["ping.json"] = sha256(edited);
      writeFileSync(path.join(dir, "dist-deploy", MANIFEST), JSON.stringify(manifest));
      const check = await runCli(["build", "--check", ...out], dir);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe(
        "flows/ping.ts → dist-deploy/ping.json is stale: run zisflow build --out dist-deploy --integration KEY\n",
      );
    });

    it("a file with placeholders is stale for a check given values", async () => {
      const dir = project({ "ping.ts": pingModule() });
      expect((await runCli(["build"], dir)).code).toBe(0);
      const check = await runCli(["build", "--check", "--set", "TARGET_URL=https://x.example/y"], dir);
      expect(check.code).toBe(1);
      expect(check.stderr).toBe(
        "flows/ping.ts → dist-bundles/ping.json holds the placeholder of --set TARGET_URL, not a value\n",
      );
    });

    it("a build with the same values leaves the output alone; one without them writes the placeholders back", async () => {
      const dir = project({ "ping.ts": pingModule() });
      expect((await runCli(["build", "--integration", "acme"], dir)).code).toBe(0);
      const again = await runCli(["build", "--integration", "acme"], dir);
      expect(again.stdout).toBe(
        "flows/ping.ts → dist-bundles/ping.json up to date, built with --integration (0 errors, 0 warnings)\n",
      );
      const placeholders = await runCli(["build"], dir);
      expect(placeholders.stdout).toBe("flows/ping.ts → dist-bundles/ping.json (0 errors, 0 warnings)\n");
      expect(readJson(dir, "dist-bundles", "ping.json").resources.PingJobSpec.properties.flow_name).toBe(
        "zis:INTEGRATION:flow:PingFlow",
      );
      expect(readJson(dir, "dist-bundles", MANIFEST).parameters).toBeUndefined();
    });

    it("exits 1 when the output file is missing, and creates nothing", async () => {
      const dir = project({ "ping.ts": pingModule() });
      const run = await runCli(["build", "--check"], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("flows/ping.ts → dist-bundles/ping.json is stale");
      expect(existsSync(path.join(dir, "dist-bundles"))).toBe(false);
    });
  });

  describe("module load errors (exit 2, one line naming the module)", () => {
    it("a module that throws while loading", async () => {
      const dir = project({
        "broken.ts": pingModule({ head: `throw new Error("EXTERNAL_TARGET_URL is not configured");` }),
      });
      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("flows/broken.ts: failed to load: EXTERNAL_TARGET_URL is not configured");
      expect(run.stderr).not.toContain("    at ");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(path.join(dir, "dist-bundles", "broken.json"))).toBe(false);
    });

    it("a module whose flow builder throws", async () => {
      const dir = project({
        "builder.ts": `import { bundle, flow, jobSpec } from ${DSL};
const f = flow("BuilderFlow", () => {
  throw new Error("no start state");
});
export default bundle({
  name: "x",
  jobSpecs: [jobSpec("J", { event_source: "support", event_type: "ticket.TicketCreated", flow: f })],
});
`,
      });
      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("flows/builder.ts");
      expect(run.stderr).toContain("no start state");
      expect(run.stderr).not.toContain("    at ");
    });

    it("a module that imports a package that is not installed", async () => {
      const dir = project({
        "deps.ts": `import { bundle } from "zisflow-test-no-such-package";\nexport default bundle({ name: "x" });\n`,
      });
      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("flows/deps.ts: failed to load");
      expect(run.stderr).toContain("zisflow-test-no-such-package");
      expect(run.stderr).not.toContain("    at ");
    });

    it.each([
      ["no default export", `export const ping = bundle({ name: "x" });`],
      ["a default export that is not a bundle", `export default { name: "x", jobSpecs: [] };`],
    ])("a module with %s", async (_, body) => {
      const dir = project({
        "ping.ts": pingModule(),
        "named.ts": `import { bundle } from ${DSL};\n${body}\n`,
      });
      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("flows/named.ts: has no default export made with bundle({...})");
      expect(run.stderr).not.toContain("    at ");
      expect(existsSync(path.join(dir, "dist-bundles", "named.json"))).toBe(false);
    });
  });

  it("a bundle with a validator error is reported with code and pointer, and not written", async () => {
    const dir = project({
      "pause.ts": `import { bundle, flow, jobSpec, succeed, wait } from ${DSL};
const pauseFlow = flow("PauseFlow", () => {
  const pause = wait("Pause", { seconds: 0 });
  pause.next(succeed("Done"));
  return pause;
});
export default bundle({
  name: "Pause",
  jobSpecs: [jobSpec("PauseJobSpec", { event_source: "support", event_type: "ticket.TicketCreated", flow: pauseFlow })],
});
`,
    });
    const run = await runCli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "flows/pause.ts → dist-bundles/pause.json:/resources/PauseFlow/properties/definition/States/Pause/Seconds: error wait_duration:",
    );
    expect(run.stderr).toContain("flows/pause.ts: not written, 1 error, 0 warnings");
    expect(run.stdout).toBe("");
    expect(existsSync(path.join(dir, "dist-bundles", "pause.json"))).toBe(false);
  });

  describe("files zisflow did not write", () => {
    it("are not overwritten without --force", async () => {
      const dir = project({ "ping.ts": pingModule() });
      mkdirSync(path.join(dir, "dist-bundles"));
      const handWritten = '{ "name": "written by hand" }\n';
      writeFileSync(path.join(dir, "dist-bundles", "ping.json"), handWritten);

      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("flows/ping.ts:");
      expect(run.stderr).toContain(path.join("dist-bundles", "ping.json"));
      expect(run.stderr).toContain("--force");
      expect(read(dir, "dist-bundles", "ping.json")).toBe(handWritten);
      expect(existsSync(path.join(dir, "dist-bundles", MANIFEST))).toBe(false);

      const forced = await runCli(["build", "--force"], dir);
      expect(forced.code).toBe(0);
      const text = read(dir, "dist-bundles", "ping.json");
      expect(JSON.parse(text).name).toBe("Ping bundle");
      expect(readJson(dir, "dist-bundles", MANIFEST).files).toEqual({ "ping.json": sha256(text) });
    });

    it("a generated file edited since is not overwritten without --force", async () => {
      const dir = project({ "ping.ts": pingModule() });
      expect((await runCli(["build"], dir)).code).toBe(0);
      const file = path.join(dir, "dist-bundles", "ping.json");
      const edited = read(dir, "dist-bundles", "ping.json").replace('"done"', '"edited by hand"');
      writeFileSync(file, edited);
      writeModule(dir, "ping.ts", pingModule({ message: "rebuilt" }));

      const run = await runCli(["build"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("ping.json");
      expect(run.stderr).toContain("edited since");
      expect(run.stderr).toContain("--force");
      expect(read(dir, "dist-bundles", "ping.json")).toBe(edited);

      const forced = await runCli(["build", "--force"], dir);
      expect(forced.code).toBe(0);
      expect(read(dir, "dist-bundles", "ping.json")).toContain('"rebuilt"');
    });
  });

  it("an output folder that cannot be created is a one-line error naming it", async () => {
    const dir = project({ "ping.ts": pingModule() });
    writeFileSync(path.join(dir, "a-file"), "not a folder\n");
    const run = await runCli(["build", "--out", "a-file/bundles"], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("flows/ping.ts: cannot write");
    expect(run.stderr).toContain(path.join(dir, "a-file", "bundles"));
    expect(run.stderr).not.toContain("    at ");
    expect(read(dir, "a-file")).toBe("not a folder\n");
  });

  it('skips helper modules whose name starts with "_"', async () => {
    const dir = project({
      "_actions.ts": `import { httpAction } from ${DSL};
export const notify = httpAction<{ ticket_id: number }>("Notify", ($) => ({
  method: "POST",
  url: "https://example.com/notify",
  requestBody: { ticket_id: $.ticket_id },
}));
`,
      "notify.ts": `import { action, bundle, flow, invoke, jobSpec } from ${DSL};
import { notify } from "./_actions.js";
const notifyFlow = flow<{ input: { ticket_event: { ticket: { id: number } } } }>("NotifyFlow", ($) =>
  action("CallNotify", invoke(notify, { ticket_id: $.input.ticket_event.ticket.id })),
);
export default bundle({
  name: "Notify",
  jobSpecs: [jobSpec("NotifyJobSpec", { event_source: "support", event_type: "ticket.TicketCreated", flow: notifyFlow })],
});
`,
    });
    const run = await runCli(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("_actions");
    expect(readdirSync(path.join(dir, "dist-bundles")).sort()).toEqual([MANIFEST, "notify.json"]);
    expect(Object.keys(readJson(dir, "dist-bundles", "notify.json").resources)).toEqual([
      "Notify",
      "NotifyFlow",
      "NotifyJobSpec",
    ]);
  });
});

describe("zisflow commands and help", () => {
  it("an unknown command exits 2 with the usage", async () => {
    const run = await runCli(["biuld"], os.tmpdir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('zisflow: unknown command "biuld"');
    expect(run.stderr).toContain("Usage: zisflow <command>");
    expect(run.stdout).toBe("");
  });

  it("an unknown option exits 2 naming it", async () => {
    const run = await runCli(["build", "--chek"], os.tmpdir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("zisflow build:");
    expect(run.stderr).toContain("--chek");
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await runCli(["--help"], os.tmpdir());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: zisflow <command> [options]");
    expect(run.stdout).toMatch(/^ {2}build /m);
    expect(run.stdout).toMatch(/^ {2}validate /m);
    expect(run.stderr).toBe("");
  });

  it("no command at all: the usage on stderr, exit 2", async () => {
    const run = await runCli([], os.tmpdir());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^Usage: zisflow <command> \[options\]\n/);
  });

  it("--version and -v print the package's version and exit 0", async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      version: string;
    };
    for (const flag of ["--version", "-v"]) {
      const run = await runCli([flag], os.tmpdir());
      expect(run).toEqual({ code: 0, stdout: `zisflow ${version}\n`, stderr: "" });
    }
  });

  it("--help lists every command, init first", async () => {
    const run = await runCli(["--help"], os.tmpdir());
    const commands = [...run.stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((match) => match[1]);
    expect(commands).toEqual([
      "init",
      "build",
      "validate",
      "run",
      "graph",
      "dev",
      "coverage",
      "import",
      "deploy",
    ]);
  });

  it("build --help prints the build options and exits 0", async () => {
    const run = await runCli(["build", "--help"], os.tmpdir());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: zisflow build");
    for (const option of ["--integration KEY", "--set NAME=VALUE", "--out DIR", "--check", "--force"])
      expect(run.stdout).toContain(option);
  });
});
