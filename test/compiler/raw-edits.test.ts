import { parsePointer } from "../../src/model/pointer.js";
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/compile.js";
import { applyRawEdits } from "../../src/compiler/raw-edits.js";
import { action, bundle, flow, integrationKey, jobSpec, loadConfig, str, succeed } from "../../src/index.js";

const settingsFlow = flow<{ input: unknown; config: unknown }>("Settings", ($) => {
  const load = action("Load", loadConfig({ scope: str`${integrationKey}_settings` }), {
    resultPath: $.config,
  });
  load.next(succeed("Done"));
  return load;
});
const job = jobSpec("Job", {
  event_source: "support",
  event_type: "ticket.TicketCreated",
  flow: settingsFlow,
});

describe("str, integrationPlaceholder and raw edits", () => {
  it("str renders plain text with build parameters under the key itself", () => {
    const { bundle: json } = compileBundle(bundle({ name: "b", jobSpecs: [job] }), { integration: "acme" });
    expect((json as any).resources.Settings.properties.definition.States.Load.Parameters).toEqual({
      scope: "acme_settings",
    });
  });

  it("a bundle's integrationPlaceholder is written when --integration is not given", () => {
    const { bundle: json, findings } = compileBundle(
      bundle({ name: "b", jobSpecs: [job], integrationPlaceholder: "{{zis_integration_key}}" }),
    );
    expect((json as any).resources.Job.properties.flow_name).toBe(
      "zis:{{zis_integration_key}}:flow:Settings",
    );
    expect((json as any).resources.Settings.properties.definition.States.Load.Parameters.scope).toBe(
      "{{zis_integration_key}}_settings",
    );
    expect(findings).toEqual([]);
  });

  it("raw edits set, remove and reorder, then the result is validated", () => {
    const { bundle: json, findings } = compileBundle(
      bundle({
        name: "b",
        jobSpecs: [job],
        raw: {
          set: { "/resources/Settings/properties/description": "kept", "/uuid": "u-1" },
          remove: ["/resources/Settings/properties/definition/States/Done"],
          order: {
            "": ["resources", "name"],
            "/resources/Settings/properties/definition/States/Load": ["ResultPath", "Type"],
          },
        },
      }),
    );
    expect(Object.keys(json)).toEqual(["resources", "name", "zis_template_version", "uuid"]);
    expect(Object.keys((json as any).resources.Settings.properties.definition.States.Load)).toEqual([
      "ResultPath",
      "Type",
      "ActionName",
      "Parameters",
      "Next",
    ]);
    expect(findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      "unknown_property /resources/Settings/properties/description",
      "registry_read_only_field /uuid",
      "unknown_next_state /resources/Settings/properties/definition/States/Load/Next",
      "no_terminal_state /resources/Settings/properties/definition/StartAt",
    ]);
  });

  it("parses RFC 6901 pointers and edits arrays by index", () => {
    expect(parsePointer("/a~1b/c~0d/0")).toEqual(["a/b", "c~d", "0"]);
    expect(applyRawEdits({ list: [1, 2, 3] }, { set: { "/list/1": "two" }, remove: ["/list/0"] })).toEqual({
      list: ["two", 3],
    });
  });
});
