/**
 * Payloads of trigger events, as `$.input` holds them (reference §7.3): the DSL types flows' input with them and
 * the local Zendesk builds them. Parts the integration defines itself (activity `properties`) are type
 * parameters.
 */

export interface EventMeta {
  readonly occurred_at: string;
  readonly ref: string;
  readonly version: string;
  readonly sequence?: { readonly id: string; readonly position: number; readonly total: number };
}

/** The activity a `sunshine` / `activity.UserActivityCreated` event carries. */
export interface UserActivity<Properties = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly user_id: number;
  readonly profile_id: string;
  readonly description?: string;
  readonly properties: Properties;
  readonly namespace?: Record<string, unknown>;
  readonly created_at: string;
}

/** `$.input` of `sunshine` / `activity.UserActivityCreated`. */
export interface UserActivityCreatedInput<Properties = Record<string, unknown>> {
  readonly activity_event: {
    readonly meta: EventMeta;
    readonly type: string;
    readonly user_activity: UserActivity<Properties>;
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

/** `$.input` of the `ticket.*Changed` events: the value before and after the change. */
export type TicketChangeInput<Value = unknown> = TicketEventInput<{
  readonly previous: Value;
  readonly current: Value;
}>;

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
