import type { RuleContext } from "../../model/rules/index.js";

export interface ValidateOptions {
  /**
   * The integration key the bundle will be uploaded to. When given, every `zis:<integration>:…` reference
   * must use it.
   * @default undefined (references only have to agree with each other)
   */
  readonly integration?: string | undefined;
}

/** What a validator check sees: a rule's context, and the options of this validation. */
export interface CheckContext extends RuleContext {
  readonly options: ValidateOptions;
}

/** One validator check: reads the view, reports findings, never throws on malformed input. */
export type Check = (context: CheckContext) => void;
