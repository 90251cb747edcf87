import type { BundleView } from "../bundle-view.js";
import type { FindingArgs } from "../diagnostics.js";

/** What a rule sees: the lenient view of the bundle, and where it reports what it finds. */
export interface RuleContext {
  readonly view: BundleView;
  report(...args: FindingArgs): void;
}

/** One rule of ZIS's: reads the view, reports findings, never throws on malformed input. */
export type Rule = (context: RuleContext) => void;
