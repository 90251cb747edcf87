import type { ActionCall } from "../actions.js";
import type { Ref, ResultTarget } from "../ref.js";
import { FallibleStep, type StepProps } from "./step.js";

export interface ActionProps<R = unknown> extends StepProps {
  /**
   * Where the action's result is written; its declared type must accept the result `R`.
   * @default none: ZIS then replaces the whole flow data with the result (PatchConfig and DeleteLink, which
   * return nothing, leave it unchanged)
   */
  readonly resultPath?: ResultTarget<R> | undefined;
  /** Legacy per-state timeout from an older revision of the docs. @default none */
  readonly timeoutSeconds?: number | undefined;
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

/**
 * `action("GetUserProfile", invoke(getUserProfile, {...}), { resultPath: $.customer })`: the call's result type
 * is checked against the type the flow's data declares at `$.customer`.
 */
export const action = <R>(
  name: string,
  call: ActionCall<R>,
  props: ActionProps<NoInfer<R>> = {},
): ActionStep => new ActionStep(name, call, props as ActionProps);
