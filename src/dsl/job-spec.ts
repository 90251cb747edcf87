import type { EventPayloadCheck, EventTypeOf } from "./events.js";
import type { Flow } from "./flow.js";

export interface JobSpecProps<Source extends string = string, Type extends string = string> {
  /** `support`, `sunshine`, or an inbound webhook's source_system. */
  readonly event_source: Source;
  /** e.g. `ticket.TicketCreated`, `activity.UserActivityCreated`; for `support` and `sunshine`, one ZIS defines. */
  readonly event_type: Type;
  /**
   * The flow to run; rendered as zis:<integration>:flow:<name>. For ZIS's own events, the event's payload must
   * fit the `input` the flow declares: a flow reading `$.input.activity_event` does not take a ticket event.
   */
  readonly flow: Flow<unknown> & {
    // Structural on purpose: a Flow<…> target would let the compiler compare the whole flow data covariantly.
    readonly acceptsInput?: (input: NoInfer<EventPayloadCheck<Source, Type>>) => void;
  };
  /** Resource key in the bundle. @default the job spec name */
  readonly key?: string | undefined;
}

/** A `ZIS::JobSpec`: runs `flow` when the event occurs (reference §7). */
export interface JobSpec {
  readonly kind: "JobSpec";
  readonly name: string;
  readonly key: string;
  readonly event_source: string;
  readonly event_type: string;
  readonly flow: Flow<unknown>;
}

export function jobSpec<Source extends string, Type extends EventTypeOf<Source>>(
  name: string,
  props: JobSpecProps<Source, Type>,
): JobSpec {
  return Object.freeze({
    kind: "JobSpec",
    name,
    key: props.key ?? name,
    event_source: props.event_source,
    event_type: props.event_type,
    flow: props.flow,
  });
}
