import type {
  CustomObjectEventType,
  OrganizationEventType,
  TicketEventType,
  UserEventType,
} from "../model/events.js";
import type {
  AttachmentEventInput,
  CommentAddedInput,
  CustomObjectEventInput,
  OrganizationEventInput,
  TicketChangeInput,
  TicketEventInput,
  UserActivityCreatedInput,
  UserEventInput,
  WebhookInput,
} from "../model/event-payloads.js";

// The payloads of trigger events are ZIS's, so the model holds them; flows see them under these names.
export type {
  AgentEventDetail,
  AgentEventInput,
  AgentEvents,
  AgentUnifiedState,
  AttachmentEventInput,
  CommentAddedInput,
  CustomObjectEventInput,
  EventMeta,
  OrganizationEventInput,
  TicketAttachment,
  TicketEventInput,
  TicketSummary,
  UserActivityCreatedInput,
  UserEventInput,
  WebhookInput,
  ZendeskEventInput,
} from "../model/event-payloads.js";

export type NameAttributes = Readonly<Record<string, string | number>>;
export type LinkMetadata = Readonly<Record<string, unknown>>;

/**
 * One object of a ZIS link. `name_attrs` holds the parsed `key:value/key:value` name attributes; declare
 * their shape (`LinkObject<{ ticket_id: number }>`) to reference them with typed paths.
 */
export interface LinkObject<
  Attrs extends NameAttributes = NameAttributes,
  Metadata extends LinkMetadata = LinkMetadata,
> {
  readonly name: string;
  readonly name_attrs: Attrs;
  readonly metadata?: Metadata;
}

/** A ZIS link as the link actions return it (links seed). */
export interface Link<Left extends LinkObject = LinkObject, Right extends LinkObject = LinkObject> {
  readonly account_id: number;
  readonly integration: string;
  readonly link_type: string;
  readonly left_object: Left;
  readonly right_object: Right;
  readonly uuid: string;
}

/** What LoadLinks writes at its ResultPath. */
export interface LoadLinksResult<L extends Link = Link> {
  readonly count: number;
  readonly links: readonly L[];
  readonly meta: { readonly has_more: boolean; readonly after?: string; readonly before?: string };
}

/** What CreateLink and PatchLink write at their ResultPath. */
export interface LinkResult<L extends Link = Link> {
  readonly link: L;
}

// ---- The trigger-event catalog --------------------------------------------------------------------------

/**
 * `$.input` by event, with `Open` for what the docs leave to the integration or do not document (activity
 * properties, custom object fields, the previous/current values of a change, user and organization payloads).
 * `EventInput` instantiates it with `unknown` for reading; job specs check flows against it with `never`, so a
 * flow may declare those parts as precisely as it likes.
 */
interface EventCatalog<Open> {
  readonly support: { readonly [K in TicketEventType]: TicketEventInput<TicketEventExtras<K, Open>> } & {
    readonly [K in UserEventType]: UserEventInput<Open>;
  } & { readonly [K in OrganizationEventType]: OrganizationEventInput<Open> } & {
    readonly [K in CustomObjectEventType]: CustomObjectEventInput<Open>;
  };
  readonly sunshine: { readonly "activity.UserActivityCreated": UserActivityCreatedInput<Open> };
}

type TicketEventExtras<K extends TicketEventType, Open> = K extends "ticket.CommentAdded"
  ? ExtrasOf<CommentAddedInput>
  : K extends "ticket.AttachmentLinkedToComment" | "ticket.AttachmentRedactedFromComment"
    ? ExtrasOf<AttachmentEventInput>
    : K extends `${string}Changed`
      ? ExtrasOf<TicketChangeInput<Open>>
      : unknown;

type ExtrasOf<Input> = Input extends TicketEventInput<infer Extra> ? Extra : never;

/** event_sources whose event types ZIS defines. Any other source is an inbound webhook's source_system. */
export type KnownEventSource = keyof EventCatalog<unknown>;

/** The event types a job spec may name for `Source`: the catalog's for ZIS's own sources, any string otherwise. */
export type EventTypeOf<Source extends string> = Source extends KnownEventSource
  ? keyof EventCatalog<unknown>[Source] & string
  : string;

/**
 * The type of `$.input` for an event, for a flow's data:
 * `flow<{ input: EventInput<"sunshine", "activity.UserActivityCreated", RefundProperties> }>`. `Custom` fills the
 * parts the integration defines (activity properties, custom object fields); for an inbound webhook's
 * source_system it is the whole body: `EventInput<"tsanet", "comment", TsanetComment>`.
 */
export type EventInput<Source extends string, Type extends EventTypeOf<Source>, Custom = unknown> = [
  Source,
] extends [KnownEventSource]
  ? Type extends keyof EventCatalog<Custom>[Source]
    ? EventCatalog<Custom>[Source][Type]
    : never
  : WebhookInput<Custom>;

/** What a job spec checks a flow's declared input against (`never` for webhooks: their payload is the flow's own). */
export type EventPayloadCheck<Source extends string, Type extends string> = Source extends KnownEventSource
  ? Type extends keyof EventCatalog<never>[Source]
    ? EventCatalog<never>[Source][Type]
    : never
  : never;
