/**
 * Mirrors ticket comments into one Slack thread per ticket, tracked with ZIS links (the links seed's
 * ticket ↔ Slack message example): LoadLinks by name attribute, then by link count —
 *   0    post a new message and CreateLink (name attributes + metadata);
 *   1    reply in the linked thread and PatchLink the last mirrored comment id;
 *   more (duplicates left by a retried run) DeleteLink all but the first, then reply.
 * Slack's message `ts` goes in the link's metadata as well as its name: name attributes parse numbers, so
 * `thread_ts:1700000000.000100` comes back as 1700000000.0001, which Slack would not recognise.
 */
import {
  action,
  bundle,
  choice,
  createLink,
  deleteLink,
  fail,
  flow,
  httpAction,
  invoke,
  jobSpec,
  jq,
  loadLinks,
  map,
  numericEquals,
  param,
  patchLink,
  succeed,
  tpl,
  type CaughtError,
  type EventInput,
  type Link,
  type LinkObject,
  type LinkResult,
  type LoadLinksResult,
} from "zisflow";

const LINK_TYPE = "ticket_to_slack_thread";

/** What Slack's chat.postMessage answers. */
interface SlackPostMessageResponse {
  readonly ok: boolean;
  readonly channel: string;
  readonly ts: string;
}

const postSlackMessage = httpAction<{ channel: string; text: string }, SlackPostMessageResponse>(
  "PostSlackMessage",
  ($) => ({
    method: "POST",
    url: "https://slack.com/api/chat.postMessage",
    connectionName: "slack",
    headers: { "Content-Type": "application/json; charset=utf-8" },
    requestBody: { channel: $.channel, text: $.text },
  }),
);

const postSlackReply = httpAction<
  { channel: string; thread_ts: string; text: string },
  SlackPostMessageResponse
>("PostSlackReply", ($) => ({
  method: "POST",
  url: "https://slack.com/api/chat.postMessage",
  connectionName: "slack",
  headers: { "Content-Type": "application/json; charset=utf-8" },
  requestBody: { channel: $.channel, thread_ts: $.thread_ts, text: $.text },
}));

/** ticket_id:<id> ↔ channel:<channel>/thread_ts:<ts>, with the last mirrored comment in the metadata. */
type TicketThreadLink = Link<
  LinkObject<{ readonly ticket_id: number }>,
  LinkObject<
    { readonly channel: string; readonly thread_ts: number },
    { readonly thread_ts: string; readonly last_comment_id: number }
  >
>;

/** An iteration of RemoveDuplicateLinks ends with the link it was given (DeleteLink writes no ResultPath). */
type DeletedLinkIteration = TicketThreadLink;

interface SlackSyncData {
  readonly input: EventInput<"support", "ticket.CommentAdded">;
  readonly link_results: LoadLinksResult<TicketThreadLink>;
  readonly duplicate_links: readonly TicketThreadLink[];
  readonly deleted_duplicates: readonly DeletedLinkIteration[];
  readonly post_message_response: SlackPostMessageResponse;
  readonly link_response: LinkResult<TicketThreadLink>;
  readonly error: CaughtError;
}

export const syncCommentToSlack = flow<SlackSyncData>("SyncTicketCommentToSlack", ($) => {
  const ticket = $.input.ticket_event.ticket;
  const comment = $.input.ticket_event.comment;
  const firstLink = $.link_results.links[0];

  const loadTicketLinks = action(
    "LoadTicketLinks",
    loadLinks<TicketThreadLink>({
      link_type: LINK_TYPE,
      left_object_name: tpl`ticket_id:${ticket.id}`,
      page_size: 100,
    }),
    { resultPath: $.link_results },
  );
  const checkLinkCount = choice("CheckLinkCount");
  const startSlackThread = action(
    "StartSlackThread",
    invoke(postSlackMessage, {
      channel: param("SLACK_CHANNEL"),
      text: tpl`Ticket #${ticket.id}: ${comment.body}`,
    }),
    { resultPath: $.post_message_response },
  );
  const linkTicketToThread = action(
    "LinkTicketToThread",
    createLink<TicketThreadLink>({
      link_type: LINK_TYPE,
      left_object: { name: tpl`ticket_id:${ticket.id}` },
      right_object: {
        name: tpl`channel:${$.post_message_response.channel}/thread_ts:${$.post_message_response.ts}`,
        metadata: { thread_ts: $.post_message_response.ts, last_comment_id: comment.id },
      },
    }),
    { resultPath: $.link_response },
  );
  const keepFirstLink = action(
    "KeepFirstLink",
    jq<readonly TicketThreadLink[]>(".links[1:]", $.link_results),
    {
      resultPath: $.duplicate_links,
    },
  );
  const removeDuplicateLinks = map<TicketThreadLink, DeletedLinkIteration>("RemoveDuplicateLinks", {
    itemsPath: $.duplicate_links,
    iterator: (link) =>
      action(
        "DeleteDuplicateLink",
        deleteLink({
          link_type: link.link_type,
          left_object_name: link.left_object.name,
          right_object_name: link.right_object.name,
        }),
      ),
    resultPath: $.deleted_duplicates,
  });
  const replyInSlackThread = action(
    "ReplyInSlackThread",
    invoke(postSlackReply, {
      channel: tpl`${firstLink.right_object.name_attrs.channel}`,
      thread_ts: firstLink.right_object.metadata.thread_ts,
      text: comment.body,
    }),
    { resultPath: $.post_message_response },
  );
  const recordLastComment = action(
    "RecordLastComment",
    patchLink<TicketThreadLink>({
      link_type: LINK_TYPE,
      left_object_name: tpl`ticket_id:${ticket.id}`,
      right_object_name: firstLink.right_object.name,
      right_object: { name: firstLink.right_object.name, metadata: { last_comment_id: comment.id } },
    }),
    { resultPath: $.link_response },
  );
  const slackFailed = fail("SlackPostFailed", {
    error: "SlackPostFailed",
    cause: tpl`Could not post comment ${comment.id} of ticket ${ticket.id} to Slack: ${$.error.Cause}`,
  });
  const finish = succeed("Finish", {
    message: tpl`Comment ${comment.id} of ticket ${ticket.id} is in Slack.`,
  });

  loadTicketLinks.next(checkLinkCount);
  checkLinkCount
    .when(numericEquals($.link_results.count, 0), startSlackThread)
    .when(numericEquals($.link_results.count, 1), replyInSlackThread)
    .otherwise(keepFirstLink);
  startSlackThread
    .retry({ intervalSeconds: 2, maxAttempts: 2, backoffRate: 2 })
    .catch(slackFailed, { resultPath: $.error });
  startSlackThread.next(linkTicketToThread).next(finish);
  keepFirstLink.next(removeDuplicateLinks).next(replyInSlackThread);
  replyInSlackThread.catch(slackFailed, { resultPath: $.error });
  replyInSlackThread.next(recordLastComment).next(finish);
  return loadTicketLinks;
});

export default bundle({
  name: "Ticket comments to Slack threads",
  description: "Mirror ticket comments into one Slack thread per ticket, tracked with ZIS links",
  fileName: "ticket_slack_links.json",
  jobSpecs: [
    jobSpec("MirrorCommentsJobSpec", {
      event_source: "support",
      event_type: "ticket.CommentAdded",
      flow: syncCommentToSlack,
    }),
  ],
});
