import type { Text } from "../text.js";
import { StepBase, type StepProps } from "./step.js";

export interface SucceedProps extends StepProps {
  /** Logged on success; may hold placeholders. @default none (ZIS logs "Execution Successful") */
  readonly message?: Text | undefined;
}

/** A Succeed state (reference §3.9). */
export class SucceedStep extends StepBase {
  readonly kind = "Succeed";
  readonly message: Text | undefined;
  constructor(name: string, props: SucceedProps) {
    super(name, props.comment);
    this.message = props.message;
  }
}

export const succeed = (name: string, props: SucceedProps = {}): SucceedStep => new SucceedStep(name, props);
