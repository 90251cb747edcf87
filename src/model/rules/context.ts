import type { BundleView } from "../bundle-view.js";
import type { DiagnosticCode } from "../diagnostics.js";
import type { PointerSegment } from "../pointer.js";

/** What a rule sees: the lenient view of the bundle, and where it reports what it finds. */
export interface RuleContext {
  readonly view: BundleView;
  report(code: DiagnosticCode, at: readonly PointerSegment[], message: string): void;
}

/** One rule of ZIS's: reads the view, reports findings, never throws on malformed input. */
export type Rule = (context: RuleContext) => void;
