import type { JsonObject } from "../../model/json.js";
import type { ParamResolver } from "../../dsl/values.js";
import type { Step } from "../../dsl/states/index.js";

export interface RenderContext {
  /** The integration key written into `zis:<integration>:…` references. */
  readonly integration: string;
  readonly resolve: ParamResolver;
  /** Renders a Map iterator (a nested state machine). */
  renderMachine(start: Step, owned: readonly Step[]): JsonObject;
}
