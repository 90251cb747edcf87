import type { ActionCall } from "../actions.js";
import type { Ref } from "../ref.js";
import { FallibleStep, type StepProps } from "./step.js";

export interface ActionProps extends StepProps {
  /** Where the action's result is written. @default none: ZIS then replaces the whole flow data */
  readonly resultPath?: Ref<unknown>;
  /** Legacy per-state timeout from an older revision of the docs. @default none */
  readonly timeoutSeconds?: number;
}

/** An Action state: runs a custom action, a built-in or the Jq transform (reference §3.4). */
export class ActionStep extends FallibleStep {
  readonly kind = "Action";
  readonly resultPath: Ref<unknown> | undefined;
  readonly timeoutSeconds: number | undefined;
  constructor(
    name: string,
    readonly call: ActionCall,
    props: ActionProps,
  ) {
    super(name, props.comment);
    this.resultPath = props.resultPath;
    this.timeoutSeconds = props.timeoutSeconds;
  }
}

/** `action("GetUserProfile", invoke(getUserProfile, {...}), { resultPath: $.customer })`. */
export const action = (name: string, call: ActionCall, props: ActionProps = {}): ActionStep =>
  new ActionStep(name, call, props);
