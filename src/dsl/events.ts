import type {
  CustomObjectEventType,
  OrganizationEventType,
  TicketEventType,
  UserEventType,
} from "../model/events.js";

/**
 * Payload types of trigger events, as `$.input` holds them (reference §7.3). Parts the integration defines
 * itself (activity `properties`) are type parameters.
 */

export interface EventMeta {
  readonly occurred_at: string;
  readonly ref: string;
  readonly version: string;
  readonly sequence?: { readonly id: string; readonly position: number; readonly total: number };
}

/** `$.input` of `sunshine` / `activity.UserActivityCreated`. */
export interface UserActivityCreatedInput<Properties = Record<string, unknown>> {
  readonly activity_event: {
    readonly meta: EventMeta;
    readonly type: string;
    readonly user_activity: {
      readonly id: string;
      readonly type: string;
      readonly source: string;
      readonly user_id: number;
      readonly profile_id: string;
      readonly description?: string;
      readonly properties: Properties;
      readonly namespace?: Record<string, unknown>;
      readonly created_at: string;
    };
  };
}

/** The ticket summary every `support` / `ticket.*` event carries. */
export interface TicketSummary {
  readonly id: number;
  readonly status: string;
  readonly priority: string | null;
  readonly type: string | null;
  readonly tags: string[];
  readonly assignee_id: number | null;
  readonly group_id: number | null;
  readonly requester_id: number;
  readonly submitter_id: number;
  readonly organization_id: number | null;
  readonly brand_id: number;
  readonly form_id: number;
  readonly external_id: string | null;
  readonly via: { readonly channel: string };
  readonly created_at: string;
  readonly updated_at: string;
}

/** `$.input` of `support` / `ticket.*` events; `Extra` holds event-specific members (comment, previous, …). */
export interface TicketEventInput<Extra = unknown> {
  readonly ticket_event: {
    readonly meta: EventMeta;
    readonly type: string;
    readonly ticket: TicketSummary;
  } & Extra;
}

/** `$.input` of `ticket.CommentAdded`. */
export type CommentAddedInput = TicketEventInput<{
  readonly comment: {
    readonly id: number;
    readonly body: string;
    readonly is_public: boolean;
    readonly author: { readonly id: number; readonly name: string; readonly is_staff: boolean };
  };
}>;

/** The attachment `ticket.AttachmentLinkedToComment` / `ticket.AttachmentRedactedFromComment` carry. */
export interface TicketAttachment {
  readonly id: number;
  readonly content_url: string;
  readonly content_type: string;
  readonly filename: string;
  readonly is_public: boolean;
  readonly comment_id: number;
}

/** `$.input` of `ticket.AttachmentLinkedToComment` and `ticket.AttachmentRedactedFromComment`. */
export type AttachmentEventInput = TicketEventInput<{ readonly attachment: TicketAttachment }>;

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

// ---- Zendesk standard events and inbound webhooks ----------------------------------------------------------

/**
 * `$.input` of a Zendesk "standard" event (`zen:event-type:…`, e.g. agent availability): the whole event envelope
 * (corpus/events/zendesk-event-agent-*.json; the genesys bundle reads `$.input.type`, `$.input.detail.agent_id`).
 */
export interface ZendeskEventInput<Type extends string = string, Detail = unknown, Event = unknown> {
  readonly account_id: number;
  readonly detail: Detail;
  readonly event: Event;
  readonly id: string;
  readonly subject: string;
  readonly time: string;
  readonly type: Type;
  readonly zendesk_event_version: string;
}

/** The agent an agent event is about (`detail`); ids are strings in these events. */
export interface AgentEventDetail {
  readonly account_id: string;
  readonly agent_id: string;
  readonly version?: string;
}

/** An agent's unified availability state. */
export interface AgentUnifiedState {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

/** Agent events by their `type`, with what their `event` member carries. */
export interface AgentEvents {
  readonly "zen:event-type:agent.unified_state_changed": {
    readonly new_unified_state: AgentUnifiedState;
    readonly previous_unified_state: AgentUnifiedState;
    readonly updated_at: string;
  };
  readonly "zen:event-type:agent.work_item_added": {
    readonly agent_id: string;
    readonly work_item_id: string;
    readonly channel: string;
    readonly reason: string;
    readonly updated_at: string;
  };
}

/**
 * `$.input` of an agent event: `AgentEventInput<"zen:event-type:agent.unified_state_changed">`. The job spec's
 * event_source/event_type for these events are not documented, so job specs do not check them.
 */
export type AgentEventInput<Type extends keyof AgentEvents = keyof AgentEvents> =
  Type extends keyof AgentEvents ? ZendeskEventInput<Type, AgentEventDetail, AgentEvents[Type]> : never;

/** `$.input` of an inbound webhook: the JSON body its sender POSTs, as is (reference §8.4). */
export type WebhookInput<Body> = Body;

// ---- The trigger-event catalog --------------------------------------------------------------------------

/** `$.input` of `support` / `user.*` events: only the root is documented. */
export interface UserEventInput<Detail = unknown> {
  readonly user_event: Detail;
}

/** `$.input` of `support` / `organization.*` events: only the root is documented. */
export interface OrganizationEventInput<Detail = unknown> {
  readonly organization_event: Detail;
}

/** `$.input` of `support` / `customobject.*` events; the record's fields are the object's own. */
export interface CustomObjectEventInput<Fields = unknown> {
  readonly custom_object_event: {
    readonly custom_object_record: {
      readonly custom_object_key: string;
      readonly custom_object_fields: Fields;
    } & Readonly<Record<string, unknown>>;
  };
}

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
      ? { readonly previous: Open; readonly current: Open }
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
