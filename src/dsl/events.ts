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
  readonly tags: readonly string[];
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
