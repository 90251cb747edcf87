/**
 * Typed trigger events. `tsc --noEmit` (part of `npm test`) fails if a `@ts-expect-error` line compiles.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { classifyEventType } from "../../src/model/events.js";
import {
  flow,
  jobSpec,
  succeed,
  type AgentEventInput,
  type EventInput,
  type EventTypeOf,
  type Ref,
  type TicketEventInput,
  type UserActivityCreatedInput,
  type WebhookInput,
} from "../../src/index.js";
import { pathProxy } from "../../src/dsl/ref.js";

interface RefundProperties {
  readonly order_id: string;
  readonly refund_amount: string;
}

const refundFlow = flow<{ input: EventInput<"sunshine", "activity.UserActivityCreated", RefundProperties> }>(
  "Refund",
  ($) => {
    expectTypeOf($.input.activity_event.user_activity.properties.refund_amount).toExtend<Ref<string>>();
    return succeed("Done");
  },
);
const ticketFlow = flow<{ input: EventInput<"support", "ticket.TicketCreated"> }>("Ticket", () =>
  succeed("Done"),
);

describe("the trigger-event catalog", () => {
  it("gives each event's $.input type, with the integration's own parts as a parameter", () => {
    expectTypeOf<EventInput<"sunshine", "activity.UserActivityCreated", RefundProperties>>().toEqualTypeOf<
      UserActivityCreatedInput<RefundProperties>
    >();
    expectTypeOf<
      EventInput<"support", "ticket.TicketCreated">["ticket_event"]["ticket"]["id"]
    >().toEqualTypeOf<number>();
    expectTypeOf<
      EventInput<"support", "ticket.CommentAdded">["ticket_event"]["comment"]["body"]
    >().toEqualTypeOf<string>();
    expectTypeOf<
      EventInput<"support", "ticket.StatusChanged">["ticket_event"]["previous"]
    >().toEqualTypeOf<unknown>();
    expectTypeOf<EventInput<"support", "user.UserCreated">>().toHaveProperty("user_event");
    expectTypeOf<EventInput<"support", "customobject.CustomObjectRecordCreated", { tier: string }>>()
      .toHaveProperty("custom_object_event")
      .toHaveProperty("custom_object_record")
      .toHaveProperty("custom_object_fields")
      .toEqualTypeOf<{ tier: string }>();
    expectTypeOf<
      EventInput<"support", "ticket.AttachmentLinkedToComment">["ticket_event"]["attachment"]["content_url"]
    >().toEqualTypeOf<string>();
    expectTypeOf<"ticket.TicketCreated">().toExtend<EventTypeOf<"support">>();
    expectTypeOf<"anything.Goes">().toExtend<EventTypeOf<"my_webhook_source">>();
  });
});

describe("agent events and inbound webhooks", () => {
  it("type the standard-event envelope the genesys bundle reads, and a webhook's own body", () => {
    const $ = pathProxy<{ input: AgentEventInput<"zen:event-type:agent.unified_state_changed"> }>();
    expectTypeOf($.input.type).toExtend<Ref<"zen:event-type:agent.unified_state_changed">>();
    expectTypeOf($.input.detail.agent_id).toExtend<Ref<string>>();
    expectTypeOf($.input.event.new_unified_state.id).toExtend<Ref<string>>();
    // @ts-expect-error: work items are another agent event
    void $.input.event.work_item_id;
    interface TsanetComment {
      readonly eventType: string;
      readonly requestToken: string;
    }
    expectTypeOf<EventInput<"tsanet", "collaboration_event", TsanetComment>>().toEqualTypeOf<TsanetComment>();
    expectTypeOf<WebhookInput<TsanetComment>>().toEqualTypeOf<TsanetComment>();
  });
});

describe("job specs bind an event to a flow that can read it", () => {
  it("accept flows whose declared input the event's payload fits", () => {
    jobSpec("RefundJob", {
      event_source: "sunshine",
      event_type: "activity.UserActivityCreated",
      flow: refundFlow,
    });
    jobSpec("TicketJob", { event_source: "support", event_type: "ticket.TicketCreated", flow: ticketFlow });
    // A flow may declare only the part of the payload it reads.
    const narrow = flow<{ input: { readonly ticket_event: { readonly ticket: { readonly id: number } } } }>(
      "Narrow",
      () => succeed("Done"),
    );
    jobSpec("NarrowJob", { event_source: "support", event_type: "ticket.CommentAdded", flow: narrow });
    // Inbound webhooks: the payload is the integration's own.
    const webhook = flow<{ input: { readonly eventType: string; readonly requestToken: string } }>(
      "Ping",
      () => succeed("Done"),
    );
    jobSpec("PingJob", { event_source: "tsanet", event_type: "collaboration_event", flow: webhook });
    expect(classifyEventType("support", "ticket.TicketCreated")).toBe("known");
  });

  it("reject a flow written for another event, a field the event does not carry, and unknown event types", () => {
    // @ts-expect-error: a ticket event does not carry activity_event
    jobSpec("Wrong", { event_source: "support", event_type: "ticket.TicketCreated", flow: refundFlow });
    const activity = {
      event_source: "sunshine",
      event_type: "activity.UserActivityCreated",
      flow: ticketFlow,
    } as const;
    // @ts-expect-error: an activity event does not carry ticket_event
    jobSpec("Wrong", activity);
    const readsSubject = flow<{ input: TicketEventInput<{ readonly ticket: { readonly subject: string } }> }>(
      "Subject",
      () => succeed("Done"),
    );
    // @ts-expect-error: ticket events carry a summary of the ticket, without its subject
    jobSpec("Subject", { event_source: "support", event_type: "ticket.TicketCreated", flow: readsSubject });
    // @ts-expect-error: not a ZIS ticket event (the real name is ticket.TicketCreated)
    jobSpec("Typo", { event_source: "support", event_type: "ticket.Created", flow: ticketFlow });
    expect(classifyEventType("support", "ticket.Created")).toBe("unknown");
  });
});
