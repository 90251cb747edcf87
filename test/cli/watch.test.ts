import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { buildCommand } from "../../src/cli/build.js";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { watchBuilds, type BuildRunner } from "../../src/cli/watch.js";
import { runCli } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

/**
 * The DSL, as an absolute file URL: the modules below live in temporary folders outside the repository. Not the
 * whole package (src/index.ts), which adds the compiler and the interpreter: every build loads a module's imports
 * afresh.
 */
const DSL = JSON.stringify(pathToFileURL(path.resolve(ROOT, "src/dsl/index.ts")).href);
/** Short, so a test waits little, but long enough to merge the writes of one step into one rebuild. */
const QUIET_MS = 40;
/** Each build of a real watch loads the modules in a new worker thread: about half a second, more on a busy machine. */
const WORKER_TEST_TIMEOUT = 20_000;
const WATCHING = "— watching flows/ for changes (Ctrl-C to stop)\n";
const BUILT = "flows/x.ts → dist-bundles/x.json, built with --integration (0 errors, 0 warnings)\n";

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** Every watch a test starts, so a failed test does not leave one running. */
const controllers: AbortController[] = [];
const newController = (): AbortController => {
  const controller = new AbortController();
  controllers.push(controller);
  return controller;
};
afterEach(() => {
  for (const controller of controllers.splice(0)) controller.abort();
});

/** A temporary project: package.json (ESM unless told) and flows/<file> for each entry. */
function project(flows: Record<string, string>, type: "module" | "commonjs" = "module"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-watch-"));
  tempDirs.push(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type }));
  mkdirSync(path.join(dir, "flows"));
  for (const [file, source] of Object.entries(flows)) writeFlow(dir, file, source);
  return dir;
}

function writeFlow(dir: string, file: string, source: string): void {
  mkdirSync(path.dirname(path.join(dir, "flows", file)), { recursive: true });
  writeFileSync(path.join(dir, "flows", file), source);
}

const readOutput = (dir: string): string => readFileSync(path.join(dir, "dist-bundles", "x.json"), "utf8");

const JOB_SPEC = `jobSpec("WatchedJobSpec", { event_source: "support", event_type: "ticket.TicketCreated", flow: mainFlow })`;

/** flows/x.ts: a Succeed state whose message comes from the helper module flows/_message.ts. */
const flowModule = (stateName = "Done"): string => `import { bundle, flow, jobSpec, succeed } from ${DSL};
import { MESSAGE } from "./_message.js";

const mainFlow = flow("WatchedFlow", () => succeed(${JSON.stringify(stateName)}, { message: MESSAGE }));

export default bundle({ name: "Watched", jobSpecs: [${JOB_SPEC}] });
`;

const messageModule = (message: string): string => `export const MESSAGE = ${JSON.stringify(message)};\n`;
const THROWING_MESSAGE_MODULE = `export const MESSAGE = "";\nthrow new Error("MESSAGE is not configured");\n`;

/** flows/x.ts with the validator error wait_duration. */
const pauseModule = `import { bundle, flow, jobSpec, succeed, wait } from ${DSL};

const mainFlow = flow("WatchedFlow", () => {
  const pause = wait("Pause", { seconds: 0 });
  pause.next(succeed("Done"));
  return pause;
});

export default bundle({ name: "Watched", jobSpecs: [${JOB_SPEC}] });
`;

/**
 * Builds with the CLI's own `main`, whose loader's worker serves every build of the test file, not with a new
 * loader per build as the CLI does (for its memory, and for CommonJS projects; a worker start per build): every
 * build loads an ES module project's modules afresh anyway.
 */
const inProcessBuilds: BuildRunner = (args, io) => ({
  build: async () => void (await main(["build", ...args], io)),
  close: () => {},
});

/** What `zisflow build --integration acme` writes for flowModule(stateName) and messageModule(message). */
const expectedBundle = (stateName: string, message: string): string => `{
  "name": "Watched",
  "zis_template_version": "2019-10-14",
  "resources": {
    "WatchedFlow": {
      "type": "ZIS::Flow",
      "properties": {
        "name": "WatchedFlow",
        "definition": {
          "StartAt": "${stateName}",
          "States": { "${stateName}": { "Type": "Succeed", "Message": "${message}" } }
        }
      }
    },
    "WatchedJobSpec": {
      "type": "ZIS::JobSpec",
      "properties": {
        "name": "WatchedJobSpec",
        "event_source": "support",
        "event_type": "ticket.TicketCreated",
        "flow_name": "zis:acme:flow:WatchedFlow"
      }
    }
  }
}
`;

interface Printed {
  readonly stdout: string;
  readonly stderr: string;
}

type RecordingIo = CliIo & {
  /** What was printed since the last take(). */
  pending(): Printed;
  /** The same, and starts over. */
  take(): Printed;
};

function recordingIo(cwd: string): RecordingIo {
  const out = { stdout: "", stderr: "" };
  const seen = { stdout: 0, stderr: 0 };
  const pending = (): Printed => ({
    stdout: out.stdout.slice(seen.stdout),
    stderr: out.stderr.slice(seen.stderr),
  });
  return {
    cwd,
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    pending,
    take() {
      const step = pending();
      seen.stdout = out.stdout.length;
      seen.stderr = out.stderr.length;
      return step;
    },
  };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds, so a test waits only as long as the watcher takes. */
async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await pause(10);
  }
}

/** Waits until `text` has been printed (on either stream), then takes all that was printed since last time. */
async function printed(io: RecordingIo, text: string): Promise<Printed> {
  await waitFor(
    () => io.pending().stdout.includes(text) || io.pending().stderr.includes(text),
    () => `${JSON.stringify(text)}; printed: ${JSON.stringify(io.pending())}`,
  );
  return io.take();
}

const rebuilt = (file: string): Printed => ({
  stdout: `— change in ${file}: rebuilding\n${BUILT}`,
  stderr: "",
});

/**
 * `zisflow build --watch --integration acme` in a project of x.ts and its helper, until stop(); its builds in
 * worker threads, as the CLI runs them, unless given in-process builds.
 */
function startWatch(type: "module" | "commonjs", builds?: BuildRunner) {
  const dir = project({ "x.ts": flowModule(), "_message.ts": messageModule("first") }, type);
  const io = recordingIo(dir);
  const controller = newController();
  const exitCode = buildCommand(["--watch", "--integration", "acme"], io, {
    watch: { signal: controller.signal, quietMs: QUIET_MS, ...(builds ? { builds } : {}) },
  });
  return { dir, io, exitCode, stop: () => controller.abort() };
}

describe("zisflow build --watch", () => {
  it("builds, rebuilds on each change, goes on after errors, and stops on abort", async () => {
    const { dir, io, exitCode, stop } = startWatch("module", inProcessBuilds);

    // (1) The initial build, then the watch.
    expect(await printed(io, WATCHING)).toEqual({ stdout: BUILT + WATCHING, stderr: "" });
    expect(readOutput(dir)).toBe(expectedBundle("Done", "first"));

    // (2) An edit of the module rebuilds it.
    writeFlow(dir, "x.ts", flowModule("Finished"));
    expect(await printed(io, BUILT)).toEqual(rebuilt("flows/x.ts"));
    expect(readOutput(dir)).toBe(expectedBundle("Finished", "first"));

    // (3) A syntax error is one line naming the file, and the output stays as it was.
    writeFlow(dir, "x.ts", flowModule("Finished").replace("flow: mainFlow }", "flow: mainFlow; }"));
    const failed = await printed(io, "failed to load");
    expect(failed.stdout).toBe("— change in flows/x.ts: rebuilding\n");
    expect(failed.stderr).toMatch(
      /^flows\/x\.ts: failed to load: syntax error at line \d+, column \d+: Expected "}" but found ";"\n$/,
    );
    expect(readOutput(dir)).toBe(expectedBundle("Finished", "first"));

    // (4) The fix, saved the way many editors save (a new file renamed over the old one), rebuilds.
    writeFileSync(path.join(dir, "x.ts.tmp"), flowModule("Fixed"));
    renameSync(path.join(dir, "x.ts.tmp"), path.join(dir, "flows", "x.ts"));
    expect(await printed(io, BUILT)).toEqual(rebuilt("flows/x.ts"));
    expect(readOutput(dir)).toBe(expectedBundle("Fixed", "first"));

    // A validator error: its finding and the summary; the bundle is not written. (Also an edit in place of the
    // file just replaced, which a watcher of the replaced file's inode would miss.)
    writeFlow(dir, "x.ts", pauseModule);
    expect(await printed(io, "not written")).toEqual({
      stdout: "— change in flows/x.ts: rebuilding\n",
      stderr:
        "flows/x.ts → dist-bundles/x.json:/resources/WatchedFlow/properties/definition/States/Pause/Seconds: " +
        "error wait_duration: Seconds must be greater than 0, found 0\n" +
        "flows/x.ts: not written, 1 error, 0 warnings\n",
    });
    expect(readOutput(dir)).toBe(expectedBundle("Fixed", "first"));

    // A module that throws while it loads (the helper, changed in one burst with the module).
    writeFlow(dir, "x.ts", flowModule("Again"));
    writeFlow(dir, "_message.ts", THROWING_MESSAGE_MODULE);
    expect(await printed(io, "failed to load")).toEqual({
      stdout: "— change in flows/_message.ts, flows/x.ts: rebuilding\n",
      stderr: "flows/x.ts: failed to load: MESSAGE is not configured\n",
    });
    expect(readOutput(dir)).toBe(expectedBundle("Fixed", "first"));

    // Fixing the helper rebuilds with the helper as it is now.
    writeFlow(dir, "_message.ts", messageModule("second"));
    expect(await printed(io, BUILT)).toEqual(rebuilt("flows/_message.ts"));
    expect(readOutput(dir)).toBe(expectedBundle("Again", "second"));

    // (5) Aborting ends the watch with exit code 0; later changes build nothing.
    stop();
    await expect(exitCode).resolves.toBe(0);
    writeFlow(dir, "_message.ts", messageModule("after the watch"));
    await pause(QUIET_MS * 4);
    expect(io.take()).toEqual({ stdout: "", stderr: "" });
    expect(readOutput(dir)).toBe(expectedBundle("Again", "second"));
  });

  it(
    "loads the modules in a worker per build: a CommonJS project's helper modules as they are now, and their failures",
    async () => {
      // tsx loads a CommonJS project's helpers once per process: a build in the watching process would go stale.
      const { dir, io, exitCode, stop } = startWatch("commonjs");
      expect(await printed(io, WATCHING)).toEqual({ stdout: BUILT + WATCHING, stderr: "" });
      writeFlow(dir, "_message.ts", THROWING_MESSAGE_MODULE);
      const failed = await printed(io, "failed to load");
      expect(failed.stdout).toBe("— change in flows/_message.ts: rebuilding\n");
      // CommonJS requires the helper from x.ts's code, so the message also says where in x.ts.
      expect(failed.stderr).toMatch(
        /^flows\/x\.ts: failed to load: MESSAGE is not configured \(line \d+, column \d+\)\n$/,
      );
      writeFlow(dir, "_message.ts", messageModule("second"));
      expect(await printed(io, BUILT)).toEqual(rebuilt("flows/_message.ts"));
      expect(readOutput(dir)).toBe(expectedBundle("Done", "second"));
      stop();
      await expect(exitCode).resolves.toBe(0);
    },
    WORKER_TEST_TIMEOUT,
  );
});

describe("the watch loop", () => {
  /** watchBuilds on a project's flows/, with a build that prints its number and takes `buildMs`. */
  function fakeWatch(files: readonly string[], options: { outDir?: string; buildMs?: number } = {}) {
    const dir = project(Object.fromEntries(files.map((file) => [file, ""])));
    const io = recordingIo(dir);
    const controller = newController();
    let builds = 0;
    const exitCode = watchBuilds({
      flowsDir: path.join(dir, "flows"),
      ...(options.outDir !== undefined ? { outDir: path.join(dir, options.outDir) } : {}),
      io,
      signal: controller.signal,
      quietMs: QUIET_MS,
      build: async () => {
        builds += 1;
        io.stdout(`build ${builds}\n`);
        await pause(options.buildMs ?? 0);
      },
    });
    const until = (count: number): Promise<void> =>
      waitFor(
        () => builds >= count,
        () => `build ${count}`,
      );
    return { dir, io, exitCode, until, stop: () => controller.abort(), builds: () => builds };
  }

  it("merges a burst of changes into one rebuild that names them", async () => {
    const watch = fakeWatch(["a.ts", "b.ts"]);
    expect(await printed(watch.io, WATCHING)).toEqual({ stdout: "build 1\n" + WATCHING, stderr: "" });
    for (const file of ["e.ts", "a.ts", "d.ts", "b.ts", "c.ts", "a.ts"])
      writeFlow(watch.dir, file, "// edited\n");
    await watch.until(2);
    await pause(QUIET_MS * 4);
    watch.stop();
    await expect(watch.exitCode).resolves.toBe(0);
    expect(watch.builds()).toBe(2);
    expect(watch.io.take()).toEqual({
      stdout: "— change in flows/a.ts, flows/b.ts, flows/c.ts and 2 more: rebuilding\nbuild 2\n",
      stderr: "",
    });
  });

  it("never runs two builds at once: changes during a build give one more build after it", async () => {
    const watch = fakeWatch(["a.ts"], { buildMs: 200 });
    await printed(watch.io, WATCHING);
    writeFlow(watch.dir, "a.ts", "// 1\n");
    await watch.until(2);
    // Two bursts while build 2 runs.
    writeFlow(watch.dir, "b.ts", "// 2\n");
    await pause(QUIET_MS * 3);
    writeFlow(watch.dir, "c.ts", "// 3\n");
    await watch.until(3);
    await pause(250);
    watch.stop();
    await expect(watch.exitCode).resolves.toBe(0);
    expect(watch.builds()).toBe(3);
    expect(watch.io.take().stdout).toBe(
      "— change in flows/a.ts: rebuilding\nbuild 2\n— change in flows/b.ts, flows/c.ts: rebuilding\nbuild 3\n",
    );
  });

  it("ignores changes in an output folder inside the flows folder", async () => {
    const watch = fakeWatch(["a.ts", "out/a.json"], { outDir: "flows/out" });
    await printed(watch.io, WATCHING);
    writeFlow(watch.dir, "out/a.json", "{}\n");
    await pause(QUIET_MS * 4);
    writeFlow(watch.dir, "a.ts", "// edited\n");
    await watch.until(2);
    watch.stop();
    await expect(watch.exitCode).resolves.toBe(0);
    expect(watch.io.take().stdout).toBe("— change in flows/a.ts: rebuilding\nbuild 2\n");
  });

  it("reports a build that rejects in one line and goes on watching", async () => {
    const dir = project({ "a.ts": "" });
    const io = recordingIo(dir);
    const controller = newController();
    let builds = 0;
    const exitCode = watchBuilds({
      flowsDir: path.join(dir, "flows"),
      io,
      signal: controller.signal,
      quietMs: QUIET_MS,
      build: async () => {
        builds += 1;
        if (builds === 1) throw new Error("the worker could not start\n    at somewhere");
      },
    });
    expect(await printed(io, WATCHING)).toEqual({
      stdout: WATCHING,
      stderr: "zisflow build: the worker could not start\n",
    });
    writeFlow(dir, "a.ts", "// edited\n");
    await waitFor(
      () => builds === 2,
      () => "the rebuild",
    );
    controller.abort();
    await expect(exitCode).resolves.toBe(0);
    expect(builds).toBe(2);
    expect(io.take()).toEqual({ stdout: "— change in flows/a.ts: rebuilding\n", stderr: "" });
  });
});

describe("zisflow build --watch usage", () => {
  it("--watch with --check is a usage error", async () => {
    const dir = project({ "x.ts": flowModule(), "_message.ts": messageModule("first") });
    expect(await runCli(["build", "--watch", "--check"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "zisflow build: --watch cannot be combined with --check (--check builds once)\n",
    });
  });

  it("a missing flows folder is one line and exit code 2", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-watch-"));
    tempDirs.push(dir);
    expect(await runCli(["build", "--watch"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `zisflow build: no folder ${path.join(dir, "flows")} (bundle modules go there)\n`,
    });
  });

  it("build --help documents --watch", async () => {
    const run = await runCli(["build", "--help"], os.tmpdir());
    expect(run.stdout).toContain(" [--check] [--force] [--watch]\n");
    expect(run.stdout).toContain(
      "\n  --watch             build, then rebuild whenever a file in the flows folder changes, until Ctrl-C\n",
    );
  });
});
