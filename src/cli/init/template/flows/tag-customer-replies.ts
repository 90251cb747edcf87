/**
 * An example bundle: when a customer (not an agent) adds a public comment to a ticket, tag the ticket
 * `customer_replied` through the Zendesk API. `npm run build` compiles it to dist-bundles/; `npm test` runs it.
 */
import {
  action,
  and,
  booleanEquals,
  bundle,
  choice,
  flow,
  httpAction,
  invoke,
  jobSpec,
  succeed,
  tpl,
  type EventInput,
} from "zisflow";

/** What PUT /api/v2/tickets/{id}/tags answers: the ticket's tags after the change. */
interface TagsResponse {
  readonly tags: readonly string[];
}

/** A custom action: its parameters are typed, and the flow must pass exactly them. */
const addTicketTags = httpAction<{ ticket_id: number }, TagsResponse>("AddTicketTags", ($) => ({
  method: "PUT",
  path: tpl`/api/v2/tickets/${$.ticket_id}/tags`,
  connectionName: "zendesk",
  headers: { "Content-Type": "application/json" },
  requestBody: { tags: ["customer_replied"] },
}));

/** The flow's data: the event as `$.input` (typed by the event catalog), and what the states write. */
interface TagCustomerRepliesData {
  readonly input: EventInput<"support", "ticket.CommentAdded">;
  readonly tagged: TagsResponse;
}

export const tagCustomerReplies = flow<TagCustomerRepliesData>("TagCustomerReplies", ($) => {
  const event = $.input.ticket_event; // autocompleted; a typo here is a type error
  const isCustomerReply = choice("IsCustomerReply");
  const tagTicket = action("TagTicket", invoke(addTicketTags, { ticket_id: event.ticket.id }), {
    resultPath: $.tagged,
  });
  const done = succeed("Done");

  isCustomerReply
    .when(
      and(booleanEquals(event.comment.is_public, true), booleanEquals(event.comment.author.is_staff, false)),
      tagTicket,
    )
    .otherwise(done);
  tagTicket.next(done);
  return isCustomerReply; // the state the flow starts at
});

export default bundle({
  name: "Tag customer replies",
  description: "Tags a ticket customer_replied when its requester comments in public",
  jobSpecs: [
    jobSpec("TagCustomerRepliesJobSpec", {
      event_source: "support",
      event_type: "ticket.CommentAdded",
      flow: tagCustomerReplies,
    }),
  ],
});
