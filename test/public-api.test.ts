/**
 * Options of the public API as users write them under `exactOptionalPropertyTypes` (the `zisflow init` tsconfig
 * turns it on, and so does this repository's): a member given as `undefined`, from an environment variable or a
 * conditional, means "not given". `tsc --noEmit` checks that each call compiles; the assertions check that the
 * result is the same as leaving the member out.
 */
import { describe, expect, it } from "vitest";
import {
  action,
  bundle,
  choice,
  compileBundle,
  flow,
  httpAction,
  invoke,
  jobSpec,
  param,
  pass,
  runFlow,
  stringEquals,
  succeed,
  validateBundle,
  type EventInput,
} from "../src/index.js";
import { flowGraphs, renderDot, renderHtml, renderMermaid } from "../src/graph/index.js";
import { runScenario, ZisflowCoverageReporter } from "../src/testing/index.js";

const nothing = (): string | undefined => undefined;
const noNumber = (): number | undefined => undefined;

interface Data {
  readonly input: EventInput<"support", "ticket.CommentAdded">;
  readonly copy: { readonly n: number };
}

function definition(maybe: boolean) {
  const notify = httpAction<{ id: number }>("Notify", ($) => ({
    method: "POST",
    url: param("HOOK_URL", { placeholder: maybe ? nothing() : "https://hooks.example.com/x" }),
    connectionName: maybe ? nothing() : undefined,
    headers: maybe ? undefined : { "Content-Type": "application/json" },
    requestBody: { id: $.id },
  }));
  const main = flow<Data>(
    "Main",
    ($) => {
      const start = choice("Start", { comment: nothing() });
      const copy = pass("Copy", {
        result: { n: 1 },
        resultPath: maybe ? undefined : $.copy,
        comment: nothing(),
      });
      const call = action("Call", invoke(notify, { id: $.input.ticket_event.ticket.id }), {
        resultPath: undefined,
        timeoutSeconds: noNumber(),
      }).retry({ maxAttempts: noNumber(), intervalSeconds: undefined, comment: nothing() });
      const done = succeed("Done", { message: undefined });
      start
        .when(stringEquals($.input.ticket_event.ticket.status, "open"), copy, { comment: nothing() })
        .otherwise(done);
      copy.next(call);
      call.next(done);
      return start;
    },
    { comment: nothing(), key: undefined },
  );
  return bundle({
    name: "Options",
    description: nothing(),
    fileName: undefined,
    integrationPlaceholder: nothing(),
    jobSpecs: [
      jobSpec("J", {
        event_source: "support",
        event_type: "ticket.CommentAdded",
        flow: main,
        key: nothing(),
      }),
    ],
    raw: { set: undefined, remove: undefined, order: undefined },
  });
}

describe("options given as undefined", () => {
  it("compile exactly as options left out", () => {
    const withUndefined = compileBundle(definition(true), { integration: nothing(), params: undefined });
    const resultPathOmitted = compileBundle(definition(false));
    expect(withUndefined.findings.filter((f) => f.severity === "error")).toEqual([]);
    const states = (result: typeof withUndefined) =>
      (result.bundle.resources as Record<string, { properties: { definition: { States: unknown } } }>)[
        "Main"
      ]!.properties.definition.States;
    expect(JSON.stringify(states(withUndefined))).not.toContain("Comment");
    expect(Object.keys(states(withUndefined) as object)).toEqual(["Start", "Copy", "Call", "Done"]);
    // The JSON cannot tell the unset HOOK_URL parameter from a URL, so validating it warns where the build knows better.
    expect(
      validateBundle(withUndefined.bundle, { integration: nothing() }).filter(
        (f) => !(f.code === "url_not_absolute" && f.data.url === "HOOK_URL"),
      ),
    ).toEqual(withUndefined.findings);
    expect(resultPathOmitted.bundle.name).toBe("Options");
  });

  it("run, draw and report exactly as options left out", async () => {
    const { bundle: json } = compileBundle(definition(false));
    const input = { ticket_event: { ticket: { id: 7, status: "solved" } } };
    const given = await runFlow(json, {
      input,
      flow: nothing(),
      subdomain: nothing(),
      accountId: noNumber(),
      integration: nothing(),
      mocks: { http: undefined, configs: undefined, links: undefined },
      connections: undefined,
      clock: undefined,
      store: undefined,
      budget: undefined,
    });
    const omitted = await runFlow(json, { input });
    expect(given).toEqual(omitted);
    expect((await runScenario(json, [{ input, flow: nothing() }], { store: undefined })).results).toEqual([
      omitted,
    ]);

    const graphs = flowGraphs(json);
    expect(renderMermaid(graphs, { run: undefined })).toBe(renderMermaid(graphs));
    expect(renderDot(graphs, { run: undefined })).toBe(renderDot(graphs));
    expect(renderHtml(graphs, { title: nothing(), run: undefined })).toBe(renderHtml(graphs));
    expect(
      new ZisflowCoverageReporter({ dir: "coverage/x", bundles: undefined, threshold: noNumber() }).failures,
    ).toEqual([]);
  });
});
