import type {
  CommentAddedInput,
  TicketChangeInput,
  TicketEventInput,
  UserActivity,
  UserActivityCreatedInput,
} from "../model/event-payloads.js";
import type { Ticket, TicketComment, User } from "./zendesk.js";

/**
 * `$.input` of the events this Zendesk emits (reference §7.3), typed with the model's payloads so that the
 * emulator and the flows' types cannot drift apart.
 */

/** `sunshine` / `activity.UserActivityCreated`: the activity the Events API tracked. */
export function userActivityCreated<Properties>(
  activity: UserActivity<Properties>,
): UserActivityCreatedInput<Properties> {
  return {
    activity_event: {
      meta: { occurred_at: activity.created_at, ref: activity.id, version: "1.0" },
      type: "User Activity Created",
      user_activity: activity,
    },
  };
}

/** A `support` / `ticket.*` event: the event's name and the ticket summary. */
export function ticketEvent(ticket: Ticket, type: string): TicketEventInput {
  return {
    ticket_event: {
      meta: { occurred_at: ticket.updated_at, ref: `ticket-${ticket.id}`, version: "1.0" },
      type,
      ticket: {
        id: ticket.id,
        status: ticket.status,
        priority: ticket.priority,
        type: ticket.type,
        tags: [...ticket.tags],
        assignee_id: ticket.assignee_id,
        group_id: null,
        requester_id: ticket.requester_id,
        submitter_id: ticket.submitter_id,
        organization_id: null,
        brand_id: 1,
        form_id: 1,
        external_id: null,
        via: { channel: "api" },
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
      },
    },
  };
}

/** `ticket.CommentAdded`: the ticket summary and the comment with its author (unknown authors without a name). */
export function commentAdded(
  ticket: Ticket,
  comment: TicketComment,
  author: User | undefined,
): CommentAddedInput {
  return {
    ticket_event: {
      ...ticketEvent(ticket, "Comment Created").ticket_event,
      comment: {
        id: comment.id,
        body: comment.body,
        is_public: comment.public,
        author: { id: comment.author_id, name: author?.name ?? "", is_staff: author?.role !== "end-user" },
      },
    },
  };
}

/** `ticket.StatusChanged`: the ticket after the change, and its status before and after. */
export function statusChanged(before: Ticket, after: Ticket): TicketChangeInput<string> {
  return {
    ticket_event: {
      ...ticketEvent(after, "Status Changed").ticket_event,
      previous: before.status,
      current: after.status,
    },
  };
}
