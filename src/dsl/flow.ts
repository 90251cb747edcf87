import { collectSteps, nextCreationIndex } from "./scope.js";
import { pathProxy, type PathProxy } from "./ref.js";
import type { Step } from "./states/index.js";

/** What ZIS puts in every flow's data before the first state (reference §5.1). */
export interface InitialFlowData {
  readonly account_id: number;
  readonly integration_key: string;
  readonly subdomain: string;
  readonly connections: { readonly [name: string]: { readonly access_token: string } };
}

/**
 * A flow's data: the initial data plus what the author declares in `D` — `input` (the event payload) and
 * everything states write at their ResultPaths.
 */
export type FlowData<D> = InitialFlowData & D;

export interface FlowProps {
  /** Free text for the definition's `Comment`. @default none */
  readonly comment?: string | undefined;
  /** Resource key in the bundle. @default the flow name */
  readonly key?: string | undefined;
}

/** A `ZIS::Flow`: its start state and the states its builder created, in creation order. */
export interface Flow<D = unknown> {
  readonly kind: "Flow";
  readonly name: string;
  readonly key: string;
  readonly comment: string | undefined;
  readonly start: Step;
  readonly steps: readonly Step[];
  readonly creationIndex: number;
  /**
   * Phantom, for the type checker only: a flow takes an event whose payload fits the `input` it declares
   * (contravariant, so a job spec can check its event against the flow).
   */
  readonly acceptsInput?: (input: InputOf<D>) => void;
}

/** The declared `input` of flow data `D`; `never` when `D` declares none (then any event fits). */
export type InputOf<D> = D extends { readonly input: infer Input } ? Input : never;

/**
 * Declares a flow. The builder receives `$`, a typed view of the flow data, creates the states and returns
 * the first one:
 *
 *     const refundFlow = flow<{ input: ActivityInput; refund_amount_num: number }>("RefundRequestFlow", ($) => {
 *       const finish = succeed("Finish");
 *       return choice("CheckEventSourceAndType")
 *         .when(stringEquals($.input.activity_event.user_activity.type, "refund_request"), convert)
 *         .otherwise(finish);
 *     });
 */
export function flow<D extends { readonly input: unknown }>(
  name: string,
  build: ($: PathProxy<FlowData<D>>) => Step,
  props: FlowProps = {},
): Flow<D> {
  const { result, steps } = collectSteps(() => build(pathProxy<FlowData<D>>()));
  return Object.freeze({
    kind: "Flow",
    name,
    key: props.key ?? name,
    comment: props.comment,
    start: result,
    steps,
    creationIndex: nextCreationIndex(),
  });
}
