import type { Flow } from "./flow.js";

export interface JobSpecProps {
  /** `support`, `sunshine`, or an inbound webhook's source_system. */
  readonly event_source: string;
  /** e.g. `ticket.TicketCreated`, `activity.UserActivityCreated`. */
  readonly event_type: string;
  /** The flow to run; rendered as zis:<integration>:flow:<name>. */
  readonly flow: Flow<unknown>;
  /** Resource key in the bundle. @default the job spec name */
  readonly key?: string;
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

export function jobSpec(name: string, props: JobSpecProps): JobSpec {
  return Object.freeze({
    kind: "JobSpec",
    name,
    key: props.key ?? name,
    event_source: props.event_source,
    event_type: props.event_type,
    flow: props.flow,
  });
}
