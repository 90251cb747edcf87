/**
 * Names that are properties of every JavaScript object ("__proto__", "constructor") are names like any other
 * when the compiler writes JSON: an assignment `object["__proto__"] = value` would set the prototype instead.
 */
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/compile.js";
import { applyRawEdits } from "../../src/compiler/raw-edits.js";
import { action, bundle, flow, jobSpec, loadConfig, param, pass, str, succeed } from "../../src/index.js";

describe("compileBundle", () => {
  it("writes a flow and states named __proto__ and constructor as members", () => {
    const protoFlow = flow<{ input: unknown }>("__proto__", () => {
      const first = pass("__proto__", { result: 1 });
      first.next(succeed("constructor"));
      return first;
    });
    const job = jobSpec("toString", {
      event_source: "support",
      event_type: "ticket.TicketCreated",
      flow: protoFlow,
    });
    const { bundle: json, findings } = compileBundle(bundle({ name: "b", jobSpecs: [job] }), {
      integration: "acme",
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(
      JSON.parse(`{"name": "b", "zis_template_version": "2019-10-14", "resources": {
        "__proto__": {"type": "ZIS::Flow", "properties": {"name": "__proto__", "definition": {
          "StartAt": "__proto__",
          "States": {"__proto__": {"Type": "Pass", "Result": 1, "Next": "constructor"}, "constructor": {"Type": "Succeed"}}}}},
        "toString": {"type": "ZIS::JobSpec", "properties": {"name": "toString", "event_source": "support",
          "event_type": "ticket.TicketCreated", "flow_name": "zis:acme:flow:__proto__"}}}}`),
    );
    expect(findings).toEqual([]);
  });

  it("gives a build parameter named constructor its placeholder when no value is set", () => {
    const settingsFlow = flow<{ input: unknown; config: unknown }>("Settings", ($) =>
      action("Load", loadConfig({ scope: str`${param("constructor")}` }), { resultPath: $.config }),
    );
    const job = jobSpec("Job", {
      event_source: "support",
      event_type: "ticket.TicketCreated",
      flow: settingsFlow,
    });
    const { bundle: json } = compileBundle(bundle({ name: "b", jobSpecs: [job] }), { params: {} });
    expect((json as any).resources.Settings.properties.definition.States.Load.Parameters).toEqual({
      scope: "constructor",
    });
  });
});

describe("applyRawEdits", () => {
  it("sets, orders and reads members named __proto__ and constructor, never the prototype", () => {
    const edited = applyRawEdits(
      { a: {} },
      {
        set: { "/a/__proto__/x": 1, "/constructor/name": "c" },
        order: { "/a": ["__proto__"] },
      },
    );
    expect(Object.getPrototypeOf(edited.a)).toBe(Object.prototype);
    expect(Object.hasOwn(Object.prototype, "x")).toBe(false);
    expect(JSON.stringify(edited)).toBe('{"a":{"__proto__":{"x":1}},"constructor":{"name":"c"}}');
  });
});
