import { compileBundle, type CompileOptions } from "../../src/compiler/compile.js";
import { bundle, flow, jobSpec, type FlowData, type PathProxy, type Step } from "../../src/index.js";
import type { JsonObject } from "../../src/model/json.js";

/** Compiles a one-flow bundle around `build` and returns the rendered bundle and findings. */
export function compileFlow<D extends { readonly input: unknown }>(
  build: ($: PathProxy<FlowData<D>>) => Step,
  options: CompileOptions = {},
) {
  const testFlow = flow<D>("TestFlow", build);
  const definition = bundle({
    name: "test",
    jobSpecs: [
      // Typed as any source: the flows under test declare only the parts of a ticket event they need.
      jobSpec<string, string>("TestJobSpec", {
        event_source: "support",
        event_type: "ticket.TicketCreated",
        flow: testFlow,
      }),
    ],
  });
  const result = compileBundle(definition, options);
  const resources = result.bundle.resources as Record<string, { properties: { definition: JsonObject } }>;
  return {
    ...result,
    resources,
    states: resources.TestFlow!.properties.definition.States as Record<string, JsonObject>,
  };
}
