import type { Condition } from "../conditions.js";
import { DslError } from "../errors.js";
import type { Step } from "./index.js";
import { StepBase, type StepProps } from "./step.js";

export interface ChoiceRuleEntry {
  readonly condition: Condition;
  readonly next: Step;
  readonly comment: string | undefined;
}

/** A Choice state (reference §3.5): the first rule whose condition holds picks the next state. */
export class ChoiceStep extends StepBase {
  readonly kind = "Choice";
  readonly #rules: ChoiceRuleEntry[] = [];
  #default: Step | undefined;

  get rules(): readonly ChoiceRuleEntry[] {
    return this.#rules;
  }
  get defaultStep(): Step | undefined {
    return this.#default;
  }

  /** Adds a rule: when `condition` holds, continue at `next`. */
  when(
    condition: Condition,
    next: Step,
    props: {
      /** Free text kept in the bundle. @default none */
      readonly comment?: string | undefined;
    } = {},
  ): this {
    this.#rules.push({ condition, next, comment: props.comment });
    return this;
  }

  /** The state to run when no rule matches (`Default`). */
  otherwise(next: Step): this {
    if (this.#default)
      throw new DslError(
        "default_already_set",
        `choice "${this.name}" already defaults to "${this.#default.name}"`,
      );
    this.#default = next;
    return this;
  }
}

export const choice = (name: string, props: StepProps = {}): ChoiceStep =>
  new ChoiceStep(name, props.comment);
