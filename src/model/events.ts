/**
 * Trigger events a job spec can name (reference §7.2). `support` ticket events are listed by name; user,
 * organization and custom object events by prefix; any other event_source is an inbound webhook's
 * `source_system`, whose event types are the integration's own.
 */

export const TICKET_EVENT_TYPES: readonly string[] = [
  "ticket.AgentAssignmentChanged",
  "ticket.AttachmentLinkedToComment",
  "ticket.AttachmentRedactedFromComment",
  "ticket.BrandChanged",
  "ticket.CommentAdded",
  "ticket.CommentMadePrivate",
  "ticket.CommentRedacted",
  "ticket.CustomFieldChanged",
  "ticket.DescriptionChanged",
  "ticket.CcsChanged",
  "ticket.ExternalIdChanged",
  "ticket.FollowersChanged",
  "ticket.TicketFormChanged",
  "ticket.GroupAssignmentChanged",
  "ticket.OrganizationChanged",
  "ticket.PriorityChanged",
  "ticket.ProblemLinkChanged",
  "ticket.RequesterChanged",
  "ticket.TicketCreated",
  "ticket.StatusChanged",
  "ticket.SubjectChanged",
  "ticket.SubmitterChanged",
  "ticket.TagsChanged",
  "ticket.TaskDueAtChanged",
  "ticket.TicketTypeChanged",
  "ticket.TicketMarkedAsSpam",
  "ticket.TicketMerged",
  "ticket.TicketSoftDeleted",
  "ticket.TicketPermanentlyDeleted",
  "ticket.TicketRestored",
];

const SUPPORT_PREFIXES = ["user.", "organization.", "customobject."];

export type EventTypeVerdict = "known" | "unknown";

export function classifyEventType(eventSource: string, eventType: string): EventTypeVerdict {
  if (eventSource === "support") {
    if (eventType.startsWith("ticket.")) return TICKET_EVENT_TYPES.includes(eventType) ? "known" : "unknown";
    return SUPPORT_PREFIXES.some((p) => eventType.startsWith(p)) ? "known" : "unknown";
  }
  if (eventSource === "sunshine") return eventType.startsWith("activity.") ? "known" : "unknown";
  return "known";
}
