import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/graph/html.js";
import { flowGraphs } from "../../src/graph/model.js";
import type { HttpRequest } from "../../src/interpreter/mocks.js";
import { runFlow, type RunResult } from "../../src/interpreter/run.js";
import { ROOT } from "../support/shared.js";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
const ARTIFACTS = path.join(ROOT, "test-artifacts/graph");

const bundle: unknown = JSON.parse(
  readFileSync(path.join(ROOT, "dist-bundles/ticket_slack_links.json"), "utf8"),
);
const graphs = flowGraphs(bundle);

/** A first comment on a ticket: no link yet, so the flow starts a Slack thread and links it. */
const input = {
  ticket_event: {
    meta: { occurred_at: "2026-11-23T10:00:00Z", ref: "18-1", version: "1.0" },
    type: "Comment Created",
    ticket: { id: 1001, status: "open" },
    comment: { id: 1, body: "First!", is_public: true, author: { id: 7, name: "Agent", is_staff: true } },
  },
};
const slack = (request: HttpRequest) => {
  const body = request.body as { channel: string };
  return { status: 200, body: { ok: true, channel: body.channel, ts: "1700000000.000100" } };
};

describe.skipIf(!available)(
  `the HTML graph page in headless Chromium${available ? "" : " (skipped: /usr/bin/chromium is not installed)"}`,
  () => {
    let browser: Browser;
    let page: Page;
    let run: RunResult;
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      run = await runFlow(bundle, { input, mocks: { http: slack } });
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, "links-run.html");
      writeFileSync(file, renderHtml(graphs, { run }));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(pathToFileURL(file).href);
    }, 15_000);

    afterAll(async () => {
      await browser?.close();
    });

    const names = (selector: string) =>
      page.$$eval(selector, (nodes) => nodes.map((n) => n.querySelector(".name")?.textContent ?? ""));

    it("draws one element per state and highlights the run's path", async () => {
      expect(run.states).toEqual([
        "LoadTicketLinks",
        "CheckLinkCount",
        "StartSlackThread",
        "LinkTicketToThread",
        "Finish",
      ]);
      expect(await names("svg [data-state]")).toEqual(graphs[0]!.nodes.map((n) => n.name));
      expect(await page.locator("svg [data-state]").count()).toBe(11);
      expect(await names("svg [data-state].visited")).toEqual(run.states);
      // Highlighted for real: visited shapes are blue, the rest faded.
      const style = (state: string) =>
        page.$eval(`[data-state="${state}"]`, (node) => {
          // The tests compile without the DOM library; this runs in the page, where it exists.
          type Computed = (element: unknown) => { stroke: string; opacity: string };
          const computed = (globalThis as unknown as { getComputedStyle: Computed }).getComputedStyle;
          return { stroke: computed(node.querySelector(".shape")!).stroke, opacity: computed(node).opacity };
        });
      expect(await style("s3")).toEqual({ stroke: "rgb(21, 101, 192)", opacity: "1" });
      expect(await style("s4")).toEqual({ stroke: "rgb(96, 125, 139)", opacity: "0.45" });
      expect(await page.locator("svg path.edge.taken").count()).toBe(4);
    });

    it("shows a state's executions in the side panel on click", async () => {
      const panel = page.locator("#zf-panel");
      await page.locator('[data-state="s3"]').click(); // LinkTicketToThread
      expect(await panel.locator("h2").textContent()).toBe("LinkTicketToThread");
      expect(await panel.textContent()).toContain("Action · CreateLink");
      expect(await panel.textContent()).toContain("Next: Finish");
      const output = await panel.locator(".output pre").textContent();
      expect(output).toContain('"link_type": "ticket_to_slack_thread"');
      expect(JSON.parse(output!)).toEqual(run.trace[3]!.output);
      // What the state wrote (its ResultPath), above the whole data.
      const changed = JSON.parse((await panel.locator(".changed pre").textContent())!) as object;
      expect(Object.keys(changed)).toEqual(["link_response"]);
      expect(changed).toMatchObject({ link_response: { link: { link_type: "ticket_to_slack_thread" } } });
      expect(await page.locator('[data-state="s3"]').getAttribute("class")).toContain("selected");

      await page.locator('[data-state="s2"]').click(); // StartSlackThread: its request
      expect(await panel.locator(".request summary").textContent()).toBe(
        "Request 1: POST https://slack.com/api/chat.postMessage",
      );
      await page.locator('[data-state="s4"]').click(); // KeepFirstLink
      expect(await panel.textContent()).toContain("Not visited in this run.");
      expect(await page.locator(".node.selected").count()).toBe(1);
    });

    it("shows a state's transitions when there is no run", async () => {
      const other = await browser.newPage();
      const errors: string[] = [];
      other.on("pageerror", (error) => errors.push(error.message));
      other.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await other.setContent(renderHtml(graphs));
      await other.locator('[data-state="s1"]').click(); // CheckLinkCount
      const text = await other.locator("#zf-panel").textContent();
      expect(text).toContain("link_results.count = 0 → StartSlackThread");
      expect(text).toContain("default → KeepFirstLink");
      expect(errors).toEqual([]);
      await other.close();
    });

    it("takes a screenshot, with no console or page errors", async () => {
      const file = path.join(ARTIFACTS, "links-run.png");
      await page.locator('[data-state="s3"]').click();
      await page.screenshot({ path: file });
      const png = readFileSync(file);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(statSync(file).size).toBeGreaterThan(1000);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1400, 1000]);
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  },
);
