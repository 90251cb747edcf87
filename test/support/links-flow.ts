import type { HttpRequest, HttpResponse } from "../../src/interpreter/mocks.js";

/** A public comment on a ticket, as the links flow's `$.input` (a ticket.CommentAdded event). */
export const commentAddedInput = (ticketId: number, commentId: number, body: string) => ({
  ticket_event: {
    meta: { occurred_at: "2026-11-23T10:00:00Z", ref: "18-1", version: "1.0" },
    type: "Comment Created",
    ticket: { id: ticketId, status: "open" },
    comment: { id: commentId, body, is_public: true, author: { id: 7, name: "Agent", is_staff: true } },
  },
});

/**
 * Slack, answering every chat.postMessage ok in the request's channel: a reply gets its thread's ts, a new
 * thread ts 1700000000.000100. With `countMessages`, a new thread gets 1700000000.000N00 instead, N counting
 * every message this mock has answered, replies included (1700000000.000100, then …000300 after a reply).
 */
export function slackMock(
  options: { readonly countMessages?: boolean } = {},
): (request: HttpRequest) => HttpResponse {
  let messages = 0;
  return (request) => {
    const body = request.body as { channel: string; thread_ts?: string };
    messages++;
    const newThread = `1700000000.000${options.countMessages ? messages : 1}00`;
    return { status: 200, body: { ok: true, channel: body.channel, ts: body.thread_ts ?? newThread } };
  };
}
