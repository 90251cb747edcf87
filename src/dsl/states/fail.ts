import type { Text } from "../text.js";
import { StepBase, type StepProps } from "./step.js";

export interface FailProps extends StepProps {
  /** Error name; may hold placeholders. Required in ZIS. */
  readonly error: Text;
  /** Logged description; may hold placeholders. Required in ZIS. */
  readonly cause: Text;
}

/** A Fail state (reference §3.9). */
export class FailStep extends StepBase {
  readonly kind = "Fail";
  readonly error: Text;
  readonly cause: Text;
  constructor(name: string, props: FailProps) {
    super(name, props.comment);
    this.error = props.error;
    this.cause = props.cause;
  }
}

export const fail = (name: string, props: FailProps): FailStep => new FailStep(name, props);
