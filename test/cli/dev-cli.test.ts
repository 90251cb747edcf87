import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { devCommand, DEV_USAGE } from "../../src/cli/dev.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../support/cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "zisflow-dev-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An io writing into strings, in the temp folder. */
function captureIo() {
  const out = { stdout: "", stderr: "" };
  const io: CliIo = {
    cwd: dir,
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
  };
  return { io, out };
}

const STARTED = /^zisflow dev: local Zendesk at (http:\/\/127\.0\.0\.1:(\d+)) \(state in (.+)\)\n$/;

describe("zisflow dev", () => {
  it("starts on a free port, answers requests, and stops with exit 0 when aborted", async () => {
    const { io, out } = captureIo();
    const controller = new AbortController();
    const database = path.join(dir, "state", "dev.sqlite");
    const exit = devCommand(["--port", "0", "--db", database], io, { signal: controller.signal });

    await vi.waitFor(() => expect(out.stdout).toMatch(STARTED), { timeout: 5000, interval: 10 });
    const [, url, port, state] = STARTED.exec(out.stdout)!;
    expect(Number(port)).toBeGreaterThan(0);
    expect(state).toBe(path.join("state", "dev.sqlite"));
    expect(existsSync(database)).toBe(true);

    const runs = await fetch(`${url}/zisflow/runs`);
    expect(runs.status).toBe(200);
    expect(await runs.json()).toEqual({ runs: [] });
    const bundles = await fetch(`${url}/api/services/zis/registry/demo/bundles`, {
      headers: { Authorization: "Bearer local" },
    });
    expect(await bundles.json()).toEqual({
      bundles: [],
      meta: { has_more: false, after: null, before: null },
    });
    expect((await fetch(`${url}/api/services/zis/registry/demo/bundles`)).status).toBe(401);

    controller.abort();
    expect(await exit).toBe(0);
    expect(out.stdout).toBe(
      `zisflow dev: local Zendesk at ${url} (state in ${state})\nzisflow dev: stopped\n`,
    );
    expect(out.stderr).toBe("");
    await expect(fetch(`${url}/zisflow/runs`)).rejects.toThrow();
  });

  it("stops with exit 0 on POST /zisflow/stop (what a script that started it through npx can send)", async () => {
    const { io, out } = captureIo();
    const exit = devCommand(["--port", "0", "--db", "dev.sqlite"], io, {
      signal: new AbortController().signal,
    });
    await vi.waitFor(() => expect(out.stdout).toMatch(STARTED), { timeout: 5000, interval: 10 });
    const [, url] = STARTED.exec(out.stdout)!;

    expect((await fetch(`${url}/zisflow/stop`)).status).toBe(404);
    const stop = await fetch(`${url}/zisflow/stop`, { method: "POST" });
    expect(stop.status).toBe(202);
    expect(await stop.json()).toEqual({ status: "stopping" });
    expect(await exit).toBe(0);
    expect(out.stdout.split("\n").slice(1)).toEqual(["zisflow dev: stopped", ""]);
    await expect(fetch(`${url}/zisflow/runs`)).rejects.toThrow();
  });

  it("keeps state in the --db file across runs, and --reset starts it empty", async () => {
    const serve = async (extra: string[], work: (url: string) => Promise<void>) => {
      const { io, out } = captureIo();
      const controller = new AbortController();
      const exit = devCommand(["--port", "0", "--db", "dev.sqlite", ...extra], io, {
        signal: controller.signal,
      });
      await vi.waitFor(() => expect(out.stdout).toMatch(STARTED), { timeout: 5000, interval: 10 });
      const [, url, , state] = STARTED.exec(out.stdout)!;
      expect(state).toBe("dev.sqlite");
      try {
        await work(url!);
      } finally {
        controller.abort();
        expect(await exit).toBe(0);
      }
    };
    const headers = { Authorization: "Bearer local", "Content-Type": "application/json" };
    const configs = (url: string) => `${url}/api/services/zis/integrations/demo/configs`;
    await serve([], async (url) => {
      const created = await fetch(configs(url), {
        method: "POST",
        headers,
        body: JSON.stringify({ scope: "settings", config: { on: true } }),
      });
      expect(created.status).toBe(201);
    });
    await serve([], async (url) => {
      expect(await (await fetch(configs(url), { headers })).json()).toMatchObject({
        configs: [{ scope: "settings", config: { on: true } }],
      });
    });
    await serve(["--reset"], async (url) => {
      expect(await (await fetch(configs(url), { headers })).json()).toEqual({ configs: [] });
    });
  });

  it("stops at once when the signal is already aborted", async () => {
    const { io, out } = captureIo();
    const code = await devCommand(["--port", "0", "--db", "dev.sqlite"], io, { signal: AbortSignal.abort() });
    expect(code).toBe(0);
    expect(out.stdout).toMatch(
      /^zisflow dev: local Zendesk at http:\/\/127\.0\.0\.1:\d+ \(state in dev\.sqlite\)\n/,
    );
    expect(out.stdout).toMatch(/\nzisflow dev: stopped\n$/);
  });

  it("refuses a port that is not a number (usage error, exit 2)", async () => {
    expect(await runCli(["dev", "--port", "abc"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'zisflow dev: --port takes a whole number from 0 to 65535, not "abc"\n',
    });
    expect(await runCli(["dev", "--port", "65536"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'zisflow dev: --port takes a whole number from 0 to 65535, not "65536"\n',
    });
    expect(await runCli(["dev", "--account-id", "0"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: `zisflow dev: --account-id takes a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, not "0"\n`,
    });
  });

  it("refuses positional arguments and unknown options (exit 2)", async () => {
    expect(await runCli(["dev", "bundle.json"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: "zisflow dev: dev takes no files, found bundle.json\n",
    });
    const unknown = await runCli(["dev", "--bogus"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^zisflow dev: Unknown option '--bogus'/);
    expect(existsSync(path.join(dir, ".zisflow"))).toBe(false);
  });

  it("prints its usage with --help", async () => {
    expect(await runCli(["dev", "--help"], dir)).toEqual({ code: 0, stdout: `${DEV_USAGE}\n`, stderr: "" });
  });

  it("says it cannot start when the port is in use (exit 2)", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as { port: number };
    try {
      expect(await runCli(["dev", "--port", String(port), "--db", "busy.sqlite"], dir)).toEqual({
        code: 2,
        stdout: "",
        stderr: `zisflow dev: cannot start on 127.0.0.1:${port} with busy.sqlite: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`,
      });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("refuses --reset of a file that is not a SQLite database, leaving it as it was", async () => {
    writeFileSync(path.join(dir, "notes.txt"), "my notes");
    const result = await runCli(["dev", "--port", "0", "--db", "notes.txt", "--reset"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("notes.txt is not a SQLite database; not deleting it for --reset");
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("my notes");
  });

  it("refuses --mocks entries without a response status, and --watch's --flows pointing at a file", async () => {
    writeFileSync(path.join(dir, "mocks.json"), JSON.stringify({ http: [{ match: {}, response: 5 }] }));
    expect(await runCli(["dev", "--port", "0", "--db", "m.sqlite", "--mocks", "mocks.json"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: expect.stringMatching(/^zisflow dev: mocks\.json: \/http\/0\/response: [^\n]+\n$/),
    });
    writeFileSync(path.join(dir, "seeding.json"), JSON.stringify({ http: [], configs: { a: {} } }));
    const seeding = await runCli(["dev", "--port", "0", "--db", "m.sqlite", "--mocks", "seeding.json"], dir);
    expect(seeding.code).toBe(2);
    expect(seeding.stderr).toMatch(/^zisflow dev: seeding\.json: \/configs: [^\n]+\n$/);
    writeFileSync(path.join(dir, "not-a-folder"), "");
    const watch = await runCli(["build", "--watch", "--flows", "not-a-folder"], dir);
    expect(watch.code).toBe(2);
    expect(watch.stderr).toContain("not-a-folder is not a folder (bundle modules go in a folder)");
  });
});
