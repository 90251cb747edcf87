/**
 * zisflow as a new user meets it: `npm pack`, `zisflow init` from the packed files (as `npx zisflow init` runs
 * it), the tarball installed into the new project, then the project's own `npm run build`, `npm test` and strict
 * `tsc`, a deliberate mistake that `tsc` must reject, and plain `node` importing every entry. Real processes
 * throughout: what is tested is the package boundary. The registry must be reachable (for typescript, vitest and
 * zisflow's own dependencies; npm's cache serves most of them).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { npmInstall, packZisflow, run, succeeds, type ProcessRun } from "../support/package.js";
import { ROOT } from "../support/shared.js";

const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  bin: { zisflow: string };
};
const scratch = mkdtempSync(path.join(os.tmpdir(), "zisflow-installed-"));
const project = path.join(scratch, "my-integration");
let tarball = "";
let packedFiles: string[] = [];

const npm = (args: readonly string[], cwd = project): ProcessRun => succeeds("npm", args, cwd);
const tsc = (args: readonly string[]): ProcessRun =>
  run(path.join(project, "node_modules/.bin/tsc"), args, project);

beforeAll(() => {
  ({ tarball, files: packedFiles } = packZisflow(scratch));

  // `npx zisflow init my-integration`: npx installs the package somewhere of its own and runs its bin. Here the
  // packed files are unpacked, with this checkout's dependencies (the versions package.json pins): an install
  // takes seconds, and the project's install below is the one that shows the dependencies are declared.
  const tool = path.join(scratch, "npx");
  mkdirSync(tool);
  succeeds("tar", ["-xzf", tarball, "-C", tool], scratch);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(tool, "node_modules"), "junction");
  succeeds(
    process.execPath,
    [path.join(tool, "package", own.bin.zisflow), "init", "my-integration"],
    scratch,
  );
  // Until zisflow is on the registry, the project takes it from the tarball.
  npmInstall(project, [tarball]);
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed package", () => {
  it("holds the compiled JavaScript, declarations, maps, sources, template and licence, and no tests", () => {
    for (const file of [
      "LICENSE",
      "README.md",
      "package.json",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/index.d.ts.map",
      "dist/index.js.map",
      "dist/cli/zisflow.js",
      "dist/testing/index.d.ts",
      "dist/graph/index.d.ts",
      "dist/devserver/server.d.ts",
      "src/index.ts",
      "src/cli/init/template/flows/tag-customer-replies.ts",
      "src/cli/init/template/gitignore",
    ])
      expect(packedFiles).toContain(file);
    expect(
      packedFiles.filter((file) => /^(test|\.ci|flows|dist-bundles|node_modules)\/|^tsconfig/.test(file)),
    ).toEqual([]);
    expect(readFileSync(path.join(ROOT, "dist/cli/zisflow.js"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it("declares no `any` but where it must: vitest's Matchers<T = any>, and paths into data the user typed `any`", () => {
    const anys = packedFiles
      .filter((file) => file.endsWith(".d.ts"))
      .flatMap((file) =>
        readFileSync(path.join(project, "node_modules/zisflow", file), "utf8")
          .split("\n")
          .filter((line) =>
            /\bany\b/.test(line.replace(/\/\*.*?\*\/|\/\/.*$|^\s*\*.*$|"(?:[^"\\]|\\.)*"/g, "")),
          )
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(anys).toEqual([
      "dist/dsl/ref.d.ts: readonly [key: string]: PathProxy<any>;",
      "dist/testing/index.d.ts: interface Matchers<T = any> {",
    ]);
  });
});

describe("a project made by zisflow init, with the tarball installed", () => {
  it("builds its example flow", () => {
    const build = npm(["run", "build"]);
    expect(build.stdout).toContain(
      "flows/tag-customer-replies.ts → dist-bundles/tag-customer-replies.json (0 errors, 0 warnings)\n",
    );
    const bundle = JSON.parse(
      readFileSync(path.join(project, "dist-bundles/tag-customer-replies.json"), "utf8"),
    ) as { resources: Record<string, unknown> };
    expect(Object.keys(bundle.resources)).toEqual([
      "AddTicketTags",
      "TagCustomerReplies",
      "TagCustomerRepliesJobSpec",
    ]);
    expect(npm(["run", "validate"]).stdout).toContain(
      "dist-bundles/tag-customer-replies.json: 0 errors, 0 warnings\n",
    );
  });

  it("passes its own tests: tsc, the flow tests with the matchers and the snapshot, full flow coverage", () => {
    const test = npm(["test"]);
    expect(test.stdout).toMatch(/Tests +3 passed \(3\)/);
    expect(test.stdout).toMatch(/TagCustomerReplies +2 +3\/3 100% +2\/2 100% +—/);
    expect(
      readFileSync(path.join(project, "test/__snapshots__/tag-customer-replies.test.ts.snap"), "utf8"),
    ).toContain('"flow_name": "zis:INTEGRATION:flow:TagCustomerReplies"');
  });

  it("type-checks zisflow's declarations under the strictest settings, without skipLibCheck", () => {
    writeFileSync(
      path.join(project, "test/every-entry.ts"),
      [
        'import { compileBundle, runFlow, validateBundle } from "zisflow";',
        'import { flowGraphs, renderMermaid } from "zisflow/graph";',
        'import { startDevServer } from "zisflow/dev";',
        'import "zisflow/testing/record-coverage";',
        'import { installMatchers, runScenario, ZisflowCoverageReporter } from "zisflow/testing";',
        "export const entries = [compileBundle, runFlow, validateBundle, flowGraphs, renderMermaid, startDevServer];",
        "export const testing = [installMatchers, runScenario, ZisflowCoverageReporter];",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(project, "tsconfig.strict.json"),
      JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { skipLibCheck: false } }),
    );
    const strict = tsc(["-p", "tsconfig.strict.json"]);
    expect(strict.stdout).toBe("");
    expect(strict.status).toBe(0);

    // Without @types/node (TypeScript's default libraries instead), for every entry but zisflow/testing, whose
    // peer vitest needs Node's types itself.
    mkdirSync(path.join(project, "no-node"));
    writeFileSync(
      path.join(project, "no-node/entries.ts"),
      [
        'import { compileBundle, runFlow, validateBundle } from "zisflow";',
        'import { flowGraphs, renderMermaid } from "zisflow/graph";',
        'import { startDevServer } from "zisflow/dev";',
        'import "zisflow/testing/record-coverage";',
        "export const entries = [compileBundle, runFlow, validateBundle, flowGraphs, renderMermaid, startDevServer];",
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(project, "tsconfig.no-node.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { skipLibCheck: false, types: [], lib: ["ES2023", "DOM"] },
        include: ["flows", "no-node"],
      }),
    );
    const withoutNode = tsc(["-p", "tsconfig.no-node.json"]);
    expect(withoutNode.stdout).toBe("");
    expect(withoutNode.status).toBe(0);
  });

  it("has tsc reject a mistyped event path, a wrong action parameter and a result of the wrong type", () => {
    const flow = readFileSync(path.join(project, "flows/tag-customer-replies.ts"), "utf8");
    const mistakes = flow
      .replace("ticket_id: event.ticket.id", "ticket_id: event.tikcet.id")
      .replace("booleanEquals(event.comment.is_public, true)", "booleanEquals(event.comment.is_public, 1)")
      .replace("readonly tagged: TagsResponse;", "readonly tagged: number;");
    expect(mistakes).not.toBe(flow);
    writeFileSync(path.join(project, "flows/mistakes.ts"), mistakes);
    try {
      const check = tsc(["--noEmit"]);
      expect(check.status).not.toBe(0);
      const lines = mistakes.split("\n");
      const lineOf = (text: string): number => lines.findIndex((line) => line.includes(text)) + 1;
      const reported = [...check.stdout.matchAll(/^flows\/mistakes\.ts\((\d+),\d+\): error (TS\d+)/gm)].map(
        (match) => Number(match[1]),
      );
      expect([...new Set(reported)].sort((a, b) => a - b)).toEqual(
        [lineOf("event.tikcet.id"), lineOf("is_public, 1)"), lineOf("resultPath: $.tagged")].sort(
          (a, b) => a - b,
        ),
      );
    } finally {
      rmSync(path.join(project, "flows/mistakes.ts"));
    }
  });

  it("loads every entry in plain node, without a TypeScript loader", () => {
    const loaded = succeeds(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        [
          'const main = await import("zisflow");',
          'const testing = await import("zisflow/testing");',
          'const graph = await import("zisflow/graph");',
          'const dev = await import("zisflow/dev");',
          "console.log([typeof main.flow, typeof main.runFlow, typeof testing.installMatchers, " +
            "typeof graph.renderMermaid, typeof dev.startDevServer].join(' '));",
        ].join("\n"),
      ],
      project,
    );
    expect(loaded.stdout).toBe("function function function function function\n");
    const required = succeeds(
      process.execPath,
      ["-e", 'console.log(typeof require("zisflow").compileBundle)'],
      project,
    );
    expect(required.stdout).toBe("function\n");
  });

  it("runs the installed zisflow executable: the README's `zisflow run` of the example", () => {
    const bin = path.join(project, "node_modules/.bin/zisflow");
    expect(succeeds(bin, ["--version"], project).stdout).toBe(`zisflow ${own.version}\n`);
    const flowRun = run(
      bin,
      [
        "run",
        "dist-bundles/tag-customer-replies.json",
        "--event",
        "events/ticket-comment-added.json",
        "--mocks",
        "mocks/tag-customer-replies.json",
      ],
      project,
    );
    expect(flowRun.stderr).toBe("");
    expect(flowRun.stdout).toContain("    PUT https://example.zendesk.com/api/v2/tickets/4711/tags");
    expect(flowRun.stdout.split("\n").filter((line) => /^ {2}\w/.test(line))).toEqual([
      "  IsCustomerReply (Choice)",
      "  TagTicket (Action)",
      "  Done (Succeed)",
    ]);
    expect(flowRun.status).toBe(0);
  });

  it("builds only what type-checks: the build script runs tsc first", () => {
    const flow = readFileSync(path.join(project, "flows/tag-customer-replies.ts"), "utf8");
    writeFileSync(path.join(project, "flows/typo.ts"), flow.replace("event.ticket.id", "event.tikcet.id"));
    try {
      const build = run("npm", ["run", "build"], project);
      expect(build.status).not.toBe(0);
      expect(build.stdout).toMatch(/^flows\/typo\.ts\(\d+,\d+\): error TS2551: /m);
      expect(existsSync(path.join(project, "dist-bundles/typo.json"))).toBe(false);
    } finally {
      rmSync(path.join(project, "flows/typo.ts"));
    }
  });
});
