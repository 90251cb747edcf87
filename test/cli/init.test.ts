import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DEV_DEPENDENCIES, TEMPLATE_DIR, TEMPLATE_FILES } from "../../src/cli/init.js";
import { runCli, useTempFolder } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

const folder = useTempFolder("zisflow-init-");

const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};
/** The dev dependencies init adds: zisflow at this version, and what zisflow itself is tested with. */
const DEV_DEPENDENCIES = {
  "@types/node": `^${own.devDependencies["@types/node"]}`,
  typescript: `^${own.devDependencies.typescript}`,
  vitest: `^${own.devDependencies.vitest}`,
  zisflow: `^${own.version}`,
};
const SCRIPTS = {
  build: "tsc --noEmit && zisflow build",
  test: "tsc --noEmit && vitest run",
  validate: "zisflow validate dist-bundles",
};
const GITIGNORE = readFileSync(path.join(TEMPLATE_DIR, "gitignore"), "utf8");

/** Every file under `dir` with its content, by relative path. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return files;
}

/** A fresh folder inside the test's temp folder, with these files. */
function project(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(folder.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const template = (file: string): string => readFileSync(path.join(TEMPLATE_DIR, file), "utf8");

describe("zisflow init", () => {
  it("gives projects the typescript, vitest and @types/node zisflow itself is tested with", () => {
    expect(PROJECT_DEV_DEPENDENCIES).toEqual({
      "@types/node": `^${own.devDependencies["@types/node"]}`,
      typescript: `^${own.devDependencies.typescript}`,
      vitest: `^${own.devDependencies.vitest}`,
    });
  });

  it("ships exactly the template files it copies, and the gitignore it merges", () => {
    expect(Object.keys(tree(TEMPLATE_DIR)).sort()).toEqual([...TEMPLATE_FILES, "gitignore"].sort());
  });

  it("creates a whole project in a new folder", async () => {
    const run = await runCli(["init", "My Integration"], folder.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const dir = path.join(folder.dir, "My Integration");
    const files = tree(dir);
    expect(Object.keys(files).sort()).toEqual([".gitignore", "package.json", ...TEMPLATE_FILES].sort());
    for (const file of TEMPLATE_FILES) expect(files[file]).toBe(template(file));
    expect(files[".gitignore"]).toBe(GITIGNORE);
    expect(JSON.parse(files["package.json"]!)).toEqual({
      name: "my-integration",
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: SCRIPTS,
      devDependencies: DEV_DEPENDENCIES,
    });
    expect(run.stdout).toBe(
      [
        "created My Integration/package.json",
        ...TEMPLATE_FILES.map((file) => `created My Integration/${file}`),
        "created My Integration/.gitignore",
        "",
        "Next:",
        '  cd "My Integration"',
        "  npm install",
        "  npm run build   # flows/ → dist-bundles/",
        "  npm test        # type-check, run the flow tests, flow coverage",
        "",
      ].join("\n"),
    );
  });

  it("writes into the current folder when no DIR is given", async () => {
    const dir = project("here");
    const run = await runCli(["init"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("created package.json\n");
    expect(run.stdout).not.toContain("  cd ");
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name).toBe("here");
  });

  it("run from a tarball (npx --package FILE.tgz), depends on that file; from a registry spec, on the version", async () => {
    const saved = { package: process.env["npm_config_package"], cwd: process.env["INIT_CWD"] };
    const restore = (name: string, value: string | undefined) =>
      value === undefined ? delete process.env[name] : (process.env[name] = value);
    try {
      const tarball = path.join(folder.dir, "zisflow-0.1.0.tgz");
      writeFileSync(tarball, "");
      process.env["INIT_CWD"] = folder.dir;
      process.env["npm_config_package"] = "./zisflow-0.1.0.tgz";
      const fromFile = project("from-tarball");
      expect((await runCli(["init"], fromFile)).code).toBe(0);
      expect(
        JSON.parse(readFileSync(path.join(fromFile, "package.json"), "utf8")).devDependencies.zisflow,
      ).toBe("file:../zisflow-0.1.0.tgz");
      process.env["npm_config_package"] = "zisflow@0.1.0";
      const fromRegistry = project("from-registry");
      expect((await runCli(["init"], fromRegistry)).code).toBe(0);
      expect(
        JSON.parse(readFileSync(path.join(fromRegistry, "package.json"), "utf8")).devDependencies.zisflow,
      ).toBe(DEV_DEPENDENCIES.zisflow);
    } finally {
      restore("npm_config_package", saved.package);
      restore("INIT_CWD", saved.cwd);
    }
  });

  it("adds to an existing npm project what it lacks, and changes nothing there but npm's placeholder test script", async () => {
    const existing = {
      name: "acme-integrations",
      version: "2.3.4",
      type: "commonjs",
      description: "ours",
      scripts: { test: 'echo "Error: no test specified" && exit 1', build: "make", lint: "eslint ." },
      dependencies: { typescript: "5.9.3" },
      devDependencies: { eslint: "9.0.0" },
      custom: { nested: [1, 2] },
    };
    const dir = project("existing", {
      "package.json": JSON.stringify(existing, null, 4) + "\n",
      ".gitignore": "node_modules\n/coverage/\n*.log",
      "README.md": "# ours\n",
      "src/index.js": "module.exports = 1;\n",
    });
    const run = await runCli(["init"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const packageText = readFileSync(path.join(dir, "package.json"), "utf8");
    const merged = JSON.parse(packageText) as typeof existing & Record<string, unknown>;
    expect(packageText).toMatch(/^ {4}"name"/m); // the file's own indentation
    expect(Object.keys(merged)).toEqual(Object.keys(existing));
    expect(merged).toEqual({
      ...existing,
      scripts: { ...existing.scripts, test: SCRIPTS.test, validate: SCRIPTS.validate },
      devDependencies: {
        "@types/node": DEV_DEPENDENCIES["@types/node"],
        eslint: "9.0.0",
        vitest: DEV_DEPENDENCIES.vitest,
        zisflow: DEV_DEPENDENCIES.zisflow,
      },
    });
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe(
      "node_modules\n/coverage/\n*.log\n# zisflow\nnode_modules/\ndist-bundles/\ndist-deploy/\ncoverage/\n.zisflow/\n",
    );
    expect(readFileSync(path.join(dir, "README.md"), "utf8")).toBe("# ours\n");
    expect(readFileSync(path.join(dir, "src/index.js"), "utf8")).toBe("module.exports = 1;\n");
    expect(run.stdout.split("\n\nNext:")[0]!.split("\n")).toEqual([
      "updated package.json",
      '  kept your script "build" (zisflow\'s would be: tsc --noEmit && zisflow build)',
      '  replaced npm\'s placeholder script "test": tsc --noEmit && vitest run',
      '  added script "validate": zisflow validate dist-bundles',
      "  added dev dependency @types/node@" + DEV_DEPENDENCIES["@types/node"],
      "  added dev dependency vitest@" + DEV_DEPENDENCIES.vitest,
      "  added dev dependency zisflow@" + DEV_DEPENDENCIES.zisflow,
      ...TEMPLATE_FILES.map((file) => `created ${file}`),
      "updated .gitignore",
      "  added node_modules/",
      "  added dist-bundles/",
      "  added dist-deploy/",
      "  added coverage/",
      "  added .zisflow/",
    ]);
  });

  it("leaves a package.json and .gitignore that already have everything byte for byte as they are", async () => {
    const complete = JSON.stringify({ name: "x", scripts: SCRIPTS, devDependencies: DEV_DEPENDENCIES });
    const dir = project("complete", { "package.json": complete, ".gitignore": GITIGNORE });
    const run = await runCli(["init"], dir);
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, "package.json"), "utf8")).toBe(complete);
    expect(readFileSync(path.join(dir, ".gitignore"), "utf8")).toBe(GITIGNORE);
    expect(run.stdout).toContain("unchanged package.json\n");
    expect(run.stdout).toContain("unchanged .gitignore\n");
  });

  it("writes nothing when files exist, and names every one of them (exit 2)", async () => {
    const files = {
      "package.json": '{ "name": "mine" }\n',
      "tsconfig.json": "{}\n",
      "flows/tag-customer-replies.ts": "// mine\n",
      "flows/other.ts": "// mine too\n",
    };
    const dir = project("conflicts", files);
    const run = await runCli(["init"], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "zisflow init: these files exist; nothing was written (--force overwrites them):\n" +
        "  tsconfig.json\n" +
        "  flows/tag-customer-replies.ts\n",
    );
    expect(tree(dir)).toEqual(files);
  });

  it("--force overwrites the files that exist, and still only adds to package.json", async () => {
    const dir = project("forced", {
      "package.json": '{ "name": "mine", "scripts": { "build": "make" } }\n',
      "tsconfig.json": "{}\n",
      "flows/other.ts": "// mine\n",
    });
    const run = await runCli(["init", "--force"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("overwrote tsconfig.json\n");
    expect(readFileSync(path.join(dir, "tsconfig.json"), "utf8")).toBe(template("tsconfig.json"));
    expect(readFileSync(path.join(dir, "flows/other.ts"), "utf8")).toBe("// mine\n");
    const merged = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(merged.name).toBe("mine");
    expect(merged.scripts).toEqual({ build: "make", test: SCRIPTS.test, validate: SCRIPTS.validate });
  });

  describe("bad input: one line, exit 2, nothing written", () => {
    it("DIR is a file", async () => {
      const dir = project("file-dir", { "not-a-folder": "x" });
      const run = await runCli(["init", "not-a-folder"], dir);
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: "zisflow init: not-a-folder is a file, not a folder\n",
      });
    });

    it("a folder init writes into is a file", async () => {
      const dir = project("flows-file", { flows: "x" });
      const run = await runCli(["init"], dir);
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: "zisflow init: flows is a file, but flows/tag-customer-replies.ts needs it to be a folder\n",
      });
      expect(tree(dir)).toEqual({ flows: "x" });
    });

    it("a file init writes is a folder", async () => {
      const dir = project("tsconfig-folder");
      mkdirSync(path.join(dir, "tsconfig.json"));
      const run = await runCli(["init"], dir);
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr: "zisflow init: tsconfig.json is a folder, where init would write a file\n",
      });
      expect(tree(dir)).toEqual({});
    });

    it.skipIf(process.platform !== "linux")(
      "a DIR that cannot be made (where Node's recursive mkdir hangs)",
      async () => {
        const run = await runCli(["init", "/proc/zisflow-init-test/project"], folder.dir);
        expect(run).toEqual({
          code: 2,
          stdout: "",
          stderr: "zisflow init: ENOENT: no such file or directory, mkdir '/proc/zisflow-init-test'\n",
        });
      },
    );

    it("package.json is not valid JSON", async () => {
      const dir = project("bad-json", { "package.json": '{\n  "name": "x",\n}\n' });
      const run = await runCli(["init"], dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^zisflow init: package\.json: invalid JSON at line 3, column 1: .+\n$/);
      expect(tree(dir)).toEqual({ "package.json": '{\n  "name": "x",\n}\n' });
    });

    it.each([
      ["an array", "[]", "zisflow init: package.json: not a JSON object\n"],
      [
        "scripts not an object",
        '{"scripts": "build"}',
        'zisflow init: package.json: "scripts" is not an object\n',
      ],
      [
        "devDependencies not an object",
        '{"devDependencies": []}',
        'zisflow init: package.json: "devDependencies" is not an object\n',
      ],
    ])("package.json is %s", async (_, text, stderr) => {
      const dir = project(`bad-package-${text.length}`, { "package.json": text });
      const run = await runCli(["init"], dir);
      expect(run).toEqual({ code: 2, stdout: "", stderr });
      expect(tree(dir)).toEqual({ "package.json": text });
    });

    it("two folders", async () => {
      const run = await runCli(["init", "a", "b"], folder.dir);
      expect(run).toEqual({ code: 2, stdout: "", stderr: "zisflow init: init takes at most one DIR\n" });
      expect(() => statSync(path.join(folder.dir, "a"))).toThrow();
    });

    it("an unknown option", async () => {
      const run = await runCli(["init", "--forse"], folder.dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--forse");
    });
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await runCli(["init", "--help"], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: zisflow init \[DIR\] \[--force\]\n/);
    expect(run.stderr).toBe("");
  });
});
