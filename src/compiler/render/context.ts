import type { PointerSegment } from "../../model/pointer.js";
import type { JsonObject } from "../../model/json.js";
import type { ParamResolver } from "../../dsl/values.js";
import type { MapStep } from "../../dsl/states/index.js";

export interface RenderContext {
  /** The integration key written into `zis:<integration>:…` references. */
  readonly integration: string;
  readonly resolve: ParamResolver;
  /** JSON pointer of the state machine being rendered. */
  readonly at: readonly PointerSegment[];
  /** Renders a Map state's iterator (a nested state machine). */
  renderIterator(map: MapStep): JsonObject;
}
