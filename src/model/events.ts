/**
 * Trigger events a job spec can name (reference §7.2, and the event list of a community tool). `support`
 * events are listed by name; any other event_source is an inbound webhook's `source_system`, whose event types
 * are the integration's own.
 */

export const TICKET_EVENT_TYPES = [
  "ticket.AgentAssignmentChanged",
  "ticket.AttachmentLinkedToComment",
  "ticket.AttachmentRedactedFromComment",
  "ticket.BrandChanged",
  "ticket.CcsChanged",
  "ticket.CommentAdded",
  "ticket.CommentMadePrivate",
  "ticket.CommentRedacted",
  "ticket.CustomFieldChanged",
  "ticket.DescriptionChanged",
  "ticket.ExternalIdChanged",
  "ticket.FollowersChanged",
  "ticket.GroupAssignmentChanged",
  "ticket.MarkedAsSpam",
  "ticket.OrganizationChanged",
  "ticket.PriorityChanged",
  "ticket.ProblemLinkChanged",
  "ticket.RequesterChanged",
  "ticket.StatusChanged",
  "ticket.SubjectChanged",
  "ticket.SubmitterChanged",
  "ticket.TagsChanged",
  "ticket.TaskDueAtChanged",
  "ticket.TicketCreated",
  "ticket.TicketFormChanged",
  "ticket.TicketMarkedAsSpam",
  "ticket.TicketMerged",
  "ticket.TicketPermanentlyDeleted",
  "ticket.TicketRestored",
  "ticket.TicketSoftDeleted",
  "ticket.TicketTypeChanged",
  "ticket.TicketUndeleted",
] as const;

export const USER_EVENT_TYPES = [
  "user.CustomFieldChanged",
  "user.CustomRoleChanged",
  "user.ExternalIdChanged",
  "user.LastLoginChanged",
  "user.OnlyPrivateCommentsChanged",
  "user.TagsChanged",
  "user.TimeZoneChanged",
  "user.UserAliasChanged",
  "user.UserCreated",
  "user.UserDefaultGroupChanged",
  "user.UserDetailsChanged",
  "user.UserGroupAdded",
  "user.UserGroupRemoved",
  "user.UserIdentityChanged",
  "user.UserIdentityCreated",
  "user.UserIdentityRemoved",
  "user.UserIsActiveChanged",
  "user.UserMerged",
  "user.UserNameChanged",
  "user.UserNotesChanged",
  "user.UserOrganizationAdded",
  "user.UserOrganizationRemoved",
  "user.UserPhotoChanged",
  "user.UserRoleChanged",
] as const;

export const ORGANIZATION_EVENT_TYPES = [
  "organization.CustomFieldChanged",
  "organization.ExternalIdChanged",
  "organization.OrganizationCreated",
  "organization.TagsChanged",
] as const;

export const CUSTOM_OBJECT_EVENT_TYPES = [
  "customobject.CustomObjectRecordChanged",
  "customobject.CustomObjectRecordCreated",
  "customobject.CustomObjectRecordDeleted",
] as const;

export const ACTIVITY_EVENT_TYPES = ["activity.UserActivityCreated"] as const;

export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];
export type UserEventType = (typeof USER_EVENT_TYPES)[number];
export type OrganizationEventType = (typeof ORGANIZATION_EVENT_TYPES)[number];
export type CustomObjectEventType = (typeof CUSTOM_OBJECT_EVENT_TYPES)[number];
export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];

/** Event types by event_source, for the sources ZIS itself emits. */
export const KNOWN_EVENT_SOURCES = {
  support: [
    ...TICKET_EVENT_TYPES,
    ...USER_EVENT_TYPES,
    ...ORGANIZATION_EVENT_TYPES,
    ...CUSTOM_OBJECT_EVENT_TYPES,
  ],
  sunshine: [...ACTIVITY_EVENT_TYPES],
} as const;

export type EventTypeVerdict = "known" | "unknown";

/** A source the table lists: own properties only, so "constructor" or "__proto__" is a webhook's source name. */
const isKnownEventSource = (source: string): source is keyof typeof KNOWN_EVENT_SOURCES =>
  Object.hasOwn(KNOWN_EVENT_SOURCES, source);

/** Unknown for a support or sunshine event type ZIS does not list; known for any other source's (a webhook's). */
export function classifyEventType(eventSource: string, eventType: string): EventTypeVerdict {
  if (!isKnownEventSource(eventSource)) return "known";
  const known: readonly string[] = KNOWN_EVENT_SOURCES[eventSource];
  return known.includes(eventType) ? "known" : "unknown";
}
