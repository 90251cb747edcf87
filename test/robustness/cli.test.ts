import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_JSON_FILE_BYTES } from "../../src/cli/read-json.js";
import { runCli, ZISFLOW_FROM_SOURCES } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

/**
 * Hostile input to every command: each case gets its exit code and one exact line on stderr (naming the file, and
 * the JSON path where there is one), no stack trace, never a hang, and leaves every file as it was.
 */

const DSL = JSON.stringify(pathToFileURL(path.resolve(ROOT, "src/dsl/index.ts")).href);
/** Short: the module-loading deadline is the subject of some cases, which wait for it. */
const LOAD_TIMEOUT_S = "0.3";
const isRoot = process.getuid?.() === 0;

/** root/ holds the project, so a file written beside the project (an escape from it) is seen too. */
let root = "";
let dir = "";

const GOOD_BUNDLE = {
  name: "Good",
  zis_template_version: "2019-10-14",
  resources: {
    GoodFlow: {
      type: "ZIS::Flow",
      properties: {
        name: "GoodFlow",
        definition: { StartAt: "Done", States: { Done: { Type: "Succeed", Message: "ok" } } },
      },
    },
    GoodJobSpec: {
      type: "ZIS::JobSpec",
      properties: {
        name: "GoodJobSpec",
        event_source: "support",
        event_type: "ticket.TicketCreated",
        flow_name: "zis:acme:flow:GoodFlow",
      },
    },
  },
};

/** A bundle module: one job spec and its one-state flow. */
const BUNDLE_MODULE = `import { bundle, flow, jobSpec, succeed } from ${DSL};
const f = flow("F", () => succeed("Done"));
export default bundle({
  name: "x",
  jobSpecs: [jobSpec("J", { event_source: "support", event_type: "ticket.TicketCreated", flow: f })],
});
`;

/**
 * A module whose default export is a bundle definition without the DSL (which each load imports afresh, the
 * slowest part of loading): its `props` go wrong before its missing flows would.
 */
const plainBundle = (props: string): string => `export default { kind: "Bundle", name: "x", ${props} };\n`;

function write(name: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), content);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), "zisflow-robustness-"));
  dir = path.join(root, "project");
  write("package.json", JSON.stringify({ private: true, type: "module" }));
  write("good.json", JSON.stringify(GOOD_BUNDLE, null, 2));
  write("event.json", "{}\n");
  write("afile", "not a folder\n");
  mkdirSync(path.join(dir, "folder"));
  write("empty.json", "");
  write("binary.json", Buffer.from([0, 159, 146, 150, 255]));
  write("huge.json", "");
  truncateSync(path.join(dir, "huge.json"), MAX_JSON_FILE_BYTES + 1);
  write("deep.json", "[".repeat(100_000) + "]".repeat(100_000));
  write("nested-512.json", JSON.stringify({ ...GOOD_BUNDLE, description: deepArray(511) }));
  write("big-number.json", `{ "ticket_event": { "id": ${"9".repeat(450)} } }`);
  write("array.json", "[]\n");
  const wrongShape = structuredClone(GOOD_BUNDLE) as { resources: { GoodFlow: { properties: object } } };
  wrongShape.resources.GoodFlow.properties = { name: "GoodFlow", definition: { StartAt: 1, States: {} } };
  write("wrong-shape.json", JSON.stringify(wrongShape));
  write("unreadable.json", "{}\n");
  chmodSync(path.join(dir, "unreadable.json"), 0o000);
  mkdirSync(path.join(dir, "folder.ts"));
  write("modules/ok.ts", BUNDLE_MODULE);
  write("modules/exit.ts", "process.exit(3);\n");
  write("modules/throws-null.ts", "throw null;\n");
  write(
    "modules/proxy.ts",
    'export default new Proxy({}, { get() { throw new Error("no properties here"); } });\n',
  );
  write("modules/bigint.ts", plainBundle('raw: { set: { "/x": 10n } }'));
  write("modules/escape.ts", plainBundle('fileName: "../../escape.json"'));
  write("modules/manifest.ts", plainBundle('fileName: ".zisflow-manifest.json"'));
  write("modules/hidden.ts", plainBundle('fileName: ".hidden.json"'));
  write("modules/backslash.ts", plainBundle('fileName: "..\\\\escape.json"'));
  write("modules/number.ts", plainBundle("fileName: 5"));
  write("modules/empty-name.ts", plainBundle('fileName: ""'));
  write("hang-flows/a-hang.ts", "while (true) {}\n");
  // bundle({...}) would read the getter at once; the compiler reads it only when it compiles.
  write(
    "hang-flows/b-hang-compiling.ts",
    'export default { kind: "Bundle", name: "x", get jobSpecs() { while (true) {} } };\n',
  );
  write("hang-flows/c-after.ts", 'export default { kind: "Bundle", name: "after" };\n');
  // Recordings, for coverage's cases.
  expect((await runCli(["run", "good.json", "--event", "event.json", "--record", "rec"], dir)).code).toBe(0);
});

afterAll(() => {
  chmodSync(path.join(dir, "unreadable.json"), 0o644);
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Every file under `folder`: the SHA-256 of its content, or for a large (or unreadable) one its size and time of
 * last change, which reading it whole in every case would be slow; "folder" for folders.
 */
function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      const name = path.relative(folder, full);
      const stats = statSync(full);
      if (entry.isDirectory()) {
        files[name] = "folder";
        walk(full);
      } else if (stats.size > 1024 * 1024 || !(stats.mode & 0o400))
        files[name] = `${stats.size} bytes, changed ${stats.mtimeMs}`;
      else files[name] = createHash("sha256").update(readFileSync(full)).digest("hex");
    }
  };
  walk(folder);
  return files;
}

interface Expected {
  readonly code: number;
  /** The whole of stderr: one line, exactly, or a pattern for a line that holds a system message. */
  readonly stderr: string | RegExp;
  /** @default "" */
  readonly stdout?: string;
}

/** Runs `zisflow ...args` in the project and checks what it printed, and that no file changed. */
async function expectRefused(args: readonly string[], expected: Expected): Promise<void> {
  const before = tree(root);
  const run = await runCli(args, dir);
  expect(run.stdout).toBe(expected.stdout ?? "");
  if (typeof expected.stderr === "string") expect(run.stderr).toBe(expected.stderr);
  else {
    expect(run.stderr).toMatch(expected.stderr);
    expect(run.stderr.split("\n")).toHaveLength(2);
  }
  expect(run.code).toBe(expected.code);
  expect(tree(root)).toEqual(before);
}

const DRY_RUN = ["--dry-run", "--url", "http://127.0.0.1:9", "--integration", "acme"];
const deployEnv = (): void => void vi.stubEnv("ZENDESK_OAUTH_TOKEN", "robustness-oauth-token");

describe("a bundle module that never finishes loading", () => {
  // Each case waits for the deadline, and a new worker to start: graph and coverage load modules as run does.
  it("zisflow build stops each module at its deadline, and loads the next with a new worker", async () => {
    vi.stubEnv("ZISFLOW_LOAD_TIMEOUT", LOAD_TIMEOUT_S);
    await expectRefused(["build", "--flows", "hang-flows"], {
      code: 2,
      stderr:
        "hang-flows/a-hang.ts: did not finish loading in 0.3 s\n" +
        "hang-flows/b-hang-compiling.ts: did not finish compiling in 0.3 s\n" +
        "hang-flows/c-after.ts → dist-bundles/c-after.json:/resources: error no_flow: the bundle defines no ZIS::Flow\n" +
        "hang-flows/c-after.ts: not written, 1 error, 0 warnings\n",
    });
  });

  it.each([
    [["run", "hang-flows/a-hang.ts", "--event", "event.json"], "zisflow run"],
    [["deploy", "hang-flows/a-hang.ts", ...DRY_RUN], "zisflow deploy"],
  ])("zisflow %j is stopped at the deadline", async (args, command) => {
    vi.stubEnv("ZISFLOW_LOAD_TIMEOUT", LOAD_TIMEOUT_S);
    deployEnv();
    await expectRefused(args, {
      code: 2,
      stderr: `${command}: hang-flows/a-hang.ts: did not finish loading in 0.3 s\n`,
    });
  });

  it("ZISFLOW_LOAD_TIMEOUT must be a number of seconds", async () => {
    vi.stubEnv("ZISFLOW_LOAD_TIMEOUT", "soon");
    await expectRefused(["build"], {
      code: 2,
      stderr: 'zisflow build: ZISFLOW_LOAD_TIMEOUT takes a number of seconds greater than 0, found "soon"\n',
    });
  });
});

describe("bundle modules that fail in other ways", () => {
  it.each([
    ["modules/exit.ts", "failed to load: the thread loading it ended (exit code 3)"],
    ["modules/throws-null.ts", "failed to load: threw null"],
    ["modules/proxy.ts", "failed to load: no properties here (line 1, column 46)"],
    ["modules/bigint.ts", "failed to compile: Do not know how to serialize a BigInt"],
    ["modules/missing.ts", "failed to load: no such file"],
    ["folder.ts", "failed to load: a folder, not a module"],
  ])("run %s", async (module, problem) => {
    await expectRefused(["run", module, "--event", "event.json"], {
      code: 2,
      stderr: `zisflow run: ${module}: ${problem}\n`,
    });
  });

  it("build takes modules only", async () => {
    await expectRefused(["build", "good.json"], {
      code: 2,
      stderr: "zisflow build: build takes bundle modules (.ts), found good.json\n",
    });
  });
});

describe("a bundle's fileName is a plain file name in the output folder", () => {
  it.each([
    [
      "escape",
      'fileName "../../escape.json" is not a plain file name: bundles go directly in the output folder',
    ],
    [
      "backslash",
      'fileName "..\\\\escape.json" is not a plain file name: bundles go directly in the output folder',
    ],
    ["manifest", `fileName ".zisflow-manifest.json" is the build's manifest`],
    ["hidden", 'fileName ".hidden.json" starts with "." (a hidden file)'],
    ["number", "fileName must be a file name, found number"],
    ["empty-name", 'fileName must be a file name, found ""'],
  ])("modules/%s.ts", async (name, problem) => {
    await expectRefused(["build", `modules/${name}.ts`], {
      code: 2,
      stderr: `modules/${name}.ts: ${problem}; not written\n`,
    });
    expect(existsSync(path.join(root, "escape.json"))).toBe(false);
  });
});

describe("JSON the commands read", () => {
  it("a 450-digit number is valid JSON", async () => {
    const run = await runCli(["run", "good.json", "--event", "big-number.json"], dir);
    expect(run).toEqual({
      code: 0,
      stdout: "flow GoodFlow\n  Done (Succeed)\n    log: ok\nsucceeded: ok\n",
      stderr: "",
    });
  });

  it("nesting up to 512 levels is read (and the validator names how deep it goes)", async () => {
    const run = await runCli(["validate", "nested-512.json"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^nested-512\.json:\/description(\/0)+: error nesting_too_deep: .*\nnested-512\.json: 1 error, 0 warnings\n$/,
    );
    expect(run.stderr).toBe("");
  });

  const DEEP = "deep.json: invalid JSON at line 1, column 513: nested deeper than 512 levels";
  const HUGE = `huge.json: too large to be read: ${MAX_JSON_FILE_BYTES + 1} bytes (at most 64 MiB)`;
  /** Each command that reads a JSON file, and how it reports the file's problem. */
  const readers: ReadonlyArray<readonly [string, (file: string) => string[], string]> = [
    ["validate", (file) => ["validate", file], ""],
    ["run", (file) => ["run", file, "--event", "event.json"], "zisflow run: "],
    ["run --event", (file) => ["run", "good.json", "--event", file], "zisflow run: "],
    [
      "run --mocks",
      (file) => ["run", "good.json", "--event", "event.json", "--mocks", file],
      "zisflow run: ",
    ],
    ["graph", (file) => ["graph", file], "zisflow graph: "],
    ["graph --run", (file) => ["graph", "good.json", "--run", file], "zisflow graph: "],
    ["coverage", (file) => ["coverage", file, "--dir", "rec"], "zisflow coverage: "],
    ["deploy --dry-run", (file) => ["deploy", file, ...DRY_RUN], "zisflow deploy: "],
    ["import", (file) => ["import", file, "-o", "imported.ts"], ""],
    ["dev --mocks", (file) => ["dev", "--mocks", file], "zisflow dev: "],
  ];
  const problems: ReadonlyArray<readonly [string, string]> = [
    ["missing.json", "missing.json: no such file"],
    ["folder", "folder: a folder, not a JSON file"],
    ["empty.json", "empty.json: invalid JSON at line 1, column 1: unexpected end of input"],
    ["binary.json", "binary.json: invalid JSON at line 1, column 1: unexpected U+0000"],
    ["deep.json", DEEP],
    ["huge.json", HUGE],
  ];
  describe.each(readers)("zisflow %s", (command, args, prefix) => {
    it.each(problems)("%s", async (file, line) => {
      deployEnv();
      // validate takes a folder for the *.json files in it.
      const stderr =
        command === "validate" && file === "folder"
          ? "zisflow validate: folder holds no .json files\n"
          : `${prefix}${line}\n`;
      await expectRefused(args(file), { code: 2, stderr });
    });

    it.skipIf(isRoot)("an unreadable file", async () => {
      deployEnv();
      await expectRefused(args("unreadable.json"), {
        code: 2,
        stderr: new RegExp(
          `^${prefix}unreadable\\.json: cannot read: EACCES: permission denied, open '.*unreadable\\.json'\\n$`,
        ),
      });
    });
  });

  it.each([
    [
      ["run", "array.json", "--event", "event.json"],
      'zisflow run: array.json: not a ZIS bundle: expected an object with a "resources" object',
    ],
    [
      ["graph", "array.json"],
      'zisflow graph: array.json: not a ZIS bundle (expected an object with a "resources" object)',
    ],
    [
      ["coverage", "array.json", "--dir", "rec"],
      'zisflow coverage: array.json: not a ZIS bundle (expected an object with a "resources" object)',
    ],
    [
      ["run", "good.json", "--event", "array.json"],
      "zisflow run: array.json: not an event (expected a JSON object, the flow's $.input)",
    ],
    [
      ["run", "good.json", "--event", "event.json", "--mocks", "array.json"],
      "zisflow run: array.json: /: Invalid input: expected object, received array",
    ],
    [
      ["graph", "good.json", "--run", "array.json"],
      'zisflow graph: array.json: not a run result (expected the output of zisflow run --json, with "flow", "status" and "trace")',
    ],
  ])("JSON that is not an object: zisflow %j", async (args, line) => {
    await expectRefused(args, { code: 2, stderr: `${line}\n` });
  });
});

describe("a bundle of the wrong shape is refused naming the file and the JSON path", () => {
  const START_AT = "/resources/GoodFlow/properties/definition/StartAt";
  it("zisflow run", async () => {
    await expectRefused(["run", "wrong-shape.json", "--event", "event.json"], {
      code: 2,
      stderr: `zisflow run: wrong-shape.json: ${START_AT}: expected string, found number\n`,
    });
  });

  it("zisflow deploy --dry-run", async () => {
    deployEnv();
    await expectRefused(["deploy", "wrong-shape.json", ...DRY_RUN], {
      code: 1,
      stderr:
        `wrong-shape.json:${START_AT}: error invalid_type: expected string, found number\n` +
        "zisflow deploy: wrong-shape.json: refused, nothing was sent: 1 error, 0 warnings\n",
    });
  });
});

describe("where the commands write", () => {
  it.each([
    [
      ["import", "good.json", "-o", "folder"],
      "folder is a folder; give the module's file name, e.g. -o folder/good.ts",
    ],
    [
      ["import", "good.json", "-o", "folder", "--force"],
      "folder is a folder; give the module's file name, e.g. -o folder/good.ts",
    ],
    [
      ["import", "good.json", "-o", "good.json", "--force"],
      "zisflow import: -o good.json is the bundle being imported; choose another file",
    ],
    [["import", "good.json", "--dsl", ""], "zisflow import: --dsl takes a module specifier, e.g. zisflow"],
    [
      ["graph", "good.json", "-o", "folder", "--force"],
      "zisflow graph: -o folder is a folder; give the file to write",
    ],
    [
      ["run", "good.json", "--event", "event.json", "--record", "afile"],
      "zisflow run: --record afile: a file, not a folder (recordings go in a folder)",
    ],
  ])("zisflow %j", async (args, line) => {
    await expectRefused(args, { code: 2, stderr: `${line}\n` });
  });

  it("ZISFLOW_COVERAGE_DIR naming a file", async () => {
    vi.stubEnv("ZISFLOW_COVERAGE_DIR", "afile");
    await expectRefused(["run", "good.json", "--event", "event.json"], {
      code: 2,
      stderr: "zisflow run: ZISFLOW_COVERAGE_DIR=afile: a file, not a folder (recordings go in a folder)\n",
    });
  });

  it.each([
    [
      ["import", "good.json", "-o", "afile/x.ts"],
      /^afile\/x\.ts: cannot write: ENOTDIR: not a directory, open '.*afile\/x\.ts'\n$/,
    ],
    [
      ["graph", "good.json", "-o", "afile/x.html"],
      /^zisflow graph: afile\/x\.html: cannot write: ENOTDIR: not a directory, open '.*'\n$/,
    ],
    [
      ["build", "modules/ok.ts", "--out", "afile"],
      /^modules\/ok\.ts: cannot write .*afile\/ok\.json: ENOTDIR: not a directory, open '.*afile\/ok\.json'\n$/,
    ],
  ])("a path through a file: zisflow %j", async (args, stderr) => {
    await expectRefused(args, { code: 2, stderr });
  });

  // Node's recursive mkdir never returns for a folder that cannot be made inside /proc.
  it.skipIf(process.platform !== "linux").each([
    [
      ["import", "good.json", "-o", "/proc/zisflow-robustness/x.ts"],
      /^\.\.\/.*proc\/zisflow-robustness\/x\.ts: cannot write: ENOENT: .*mkdir '\/proc\/zisflow-robustness'\n$/,
    ],
    [
      ["run", "good.json", "--event", "event.json", "--record", "/proc/zisflow-robustness"],
      /^zisflow run: --record \/proc\/zisflow-robustness: cannot make the folder: ENOENT: .*\n$/,
    ],
    [
      ["dev", "--db", "/proc/zisflow-robustness/dev.sqlite"],
      /^zisflow dev: cannot make the folder of --db \/proc\/zisflow-robustness\/dev\.sqlite: ENOENT: .*\n$/,
    ],
    [
      ["init", "/proc/zisflow-robustness/project"],
      /^zisflow init: ENOENT: no such file or directory, mkdir '\/proc\/zisflow-robustness'\n$/,
    ],
  ])("a folder that cannot be made, without hanging: zisflow %j", async (args, stderr) => {
    await expectRefused(args, { code: 2, stderr });
  });

  it.skipIf(process.platform !== "linux")("build --out a folder that cannot be made", async () => {
    await expectRefused(["build", "modules/ok.ts", "--out", "/proc/zisflow-robustness/out"], {
      code: 2,
      stderr:
        "modules/ok.ts: cannot write /proc/zisflow-robustness/out/ok.json: ENOENT: no such file or directory, mkdir '/proc/zisflow-robustness'\n",
    });
  });
});

describe("command lines", () => {
  it.each([
    [
      ["coverage", "--threshold", "-1"],
      "zisflow coverage: Option '--threshold' argument is ambiguous. Did you forget to specify the option argument for '--threshold'? To specify an option argument starting with a dash use '--threshold=-XYZ'.",
    ],
    [["run", "good.json", "--event"], "zisflow run: Option '--event <value>' argument missing"],
    [
      ["graph", "good.json", "--format", "png"],
      'zisflow graph: --format takes mermaid, dot, html, not "png"',
    ],
  ])("zisflow %j", async (args, line) => {
    await expectRefused(args, { code: 2, stderr: `${line}\n` });
  });

  it("a reader that closes the pipe early ends the command quietly", async () => {
    const child = spawn(process.execPath, [...ZISFLOW_FROM_SOURCES, "graph", "good.json"], { cwd: dir });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });
});
