import type { PointerSegment } from "../../model/pointer.js";
import type { BundleView } from "../../model/bundle-view.js";
import type { DiagnosticCode } from "../diagnostics.js";

export interface ValidateOptions {
  /**
   * The integration key the bundle will be uploaded to. When given, every `zis:<integration>:…` reference
   * must use it.
   * @default undefined (references only have to agree with each other)
   */
  readonly integration?: string | undefined;
}

export interface CheckContext {
  readonly view: BundleView;
  readonly options: ValidateOptions;
  report(code: DiagnosticCode, at: readonly PointerSegment[], message: string): void;
}

/** One validator check: reads the view, reports findings, never throws on malformed input. */
export type Check = (context: CheckContext) => void;
