/**
 * Every real-world bundle of ../shared/corpus/real-bundles run through the interpreter with mocks: a realistic
 * event, canned HTTP answers for every request the flow makes, and assertions on the exact states, requests,
 * stored configs and final status. Bundles that are broken (see SOURCES.md there) get a test pinning how
 * they fail. The bundles are read in place, never copied.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HarnessError, VirtualClock, ZisStore, type HttpMock } from "../../src/interpreter/index.js";
import { installMatchers, runFlow, type RunOptions, type RunResult } from "../../src/testing/index.js";
import {
  SHARED_AVAILABLE,
  SHARED_SKIP_REASON,
  corpusBundleFiles,
  readSharedJson,
  sharedPath,
} from "../support/shared.js";

installMatchers(expect);

// Event payloads and HTTP bodies are free-form JSON that the tests reshape.
type Json = Record<string, any>;

const FILES = {
  cxe: "cxe-config-sync-generated.json",
  incode: "incode-identity-verification.json",
  inkeepScript: "inkeep-autoresponder-setup-script-heredoc.json",
  inkeepTemplate: "inkeep-autoresponder-template.json",
  jjohst: "jjohst-make-comment-private.json",
  redact: "redact-sensitive-details-on-comments.json",
  surveyWebhook: "surveysparrow-survey-link-with-webhook.json",
  survey: "surveysparrow-survey-link.json",
  tsanetEarly: "tsanet-connect-early.json",
  tsanet: "tsanet-connect.json",
  whiterose: "whiterose-post-tickets-to-webhook-registry-response.json",
  zisExplorer: "zis-explorer-registry-show-bundle-mock.json",
  bigtime: "zwm-bigtime-initial-workflow.json",
  genesys: "zwm-genesys-etg-sample-workflow-2.json",
  skeleton: "zwm-postman-bundle-skeleton.json",
  postman: "zwm-postman-sample-bundle.json",
} as const;

const loaded = new Map<string, unknown>();
/** A corpus bundle, parsed once and shared by the tests of its describe (runs never mutate it). */
function bundle(file: string): unknown {
  if (!loaded.has(file)) loaded.set(file, readSharedJson("corpus", "real-bundles", file));
  return loaded.get(file);
}

/** The `$.input` of a ticket.TicketCreated event: Zendesk's documented example, ticket fields changed. */
function ticketCreated(ticket: Json = {}): Json {
  const { input } = readSharedJson("corpus", "docs-examples", "flow-input-ticket-created.json") as Json;
  Object.assign(input.ticket_event.ticket, ticket);
  return input;
}

/** The `$.input` of a ticket.CommentAdded event (derived from the EventBridge sample): ticket 12, comment 1173410583133. */
function commentAdded(comment: Json = {}, ticket: Json = {}): Json {
  const input = readSharedJson(
    "corpus",
    "events",
    "derived-zis-input",
    "input-ticket-comment-added.json",
  ) as Json;
  Object.assign(input.ticket_event.comment, comment);
  Object.assign(input.ticket_event.ticket, ticket);
  return input;
}

const event = (file: string): Json => readSharedJson("corpus", "events", file) as Json;

const ZD = "https://example.zendesk.com/api/v2";
const ZENDESK_OAUTH = { zendesk: { type: "oauth", token: "zd-token" } } as const;
const BEARER = { Authorization: "Bearer zd-token" };
const JSON_BEARER = { "Content-Type": "application/json", Authorization: "Bearer zd-token" };

const ok = (body?: unknown): HttpMock["response"] => ({
  status: 200,
  ...(body !== undefined ? { body } : {}),
});
/** A mock answering every request of one action. */
const answer = (action: string, response: HttpMock["response"]): HttpMock => ({
  match: { action },
  response,
});

/** The HarnessError a run rejects with (a set-up problem: no flow result exists). */
async function harnessError(run: Promise<RunResult>): Promise<HarnessError> {
  const error = await run.then(
    () => new Error("expected runFlow to reject"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HarnessError);
  return error as HarnessError;
}

describe.skipIf(!SHARED_AVAILABLE)(`running real-world bundles${SHARED_SKIP_REASON}`, () => {
  it("has a describe below for every bundle of the corpus", () => {
    expect(Object.values(FILES).sort()).toEqual(corpusBundleFiles());
  });

  describe(FILES.cxe, () => {
    const JOB_URL = "https://client.zendesk.com/api/v2/tickets.json?page[size]=2";
    const job = (fields: Json = {}, objectKey = "cxe_zd_sync_job") => ({
      custom_object_event: {
        custom_object_record: {
          custom_object_key: objectKey,
          custom_object_fields: {
            cxe_job_client_id: "client-001",
            cxe_job_run_id: 42,
            cxe_job_scope: "cxe_run_42",
            cxe_job_key: "health_tickets",
            cxe_job_root: "tickets",
            cxe_job_url: JOB_URL,
            ...fields,
          },
        },
      },
    });
    const run = async (input: Json, fetch: HttpMock["response"]) => {
      const store = new ZisStore(12345678, "cxe_config_sync");
      const result = await runFlow(bundle(FILES.cxe), {
        input,
        store,
        connections: {
          cxe_12345678_sample: { type: "oauth", token: "cxe-token", allowed_domain: "client.zendesk.com" },
        },
        mocks: { http: [answer("fetch_1fbbae60", fetch)] },
      });
      return { result, store };
    };

    it("fetches the job URL with the client's connection, minimises health tickets and stores them", async () => {
      const { result, store } = await run(
        job(),
        ok({
          tickets: [
            {
              id: 1,
              subject: "Printer on fire",
              created_at: "2026-01-01T00:00:00Z",
              status: "open",
              group_id: 5,
              assignee_id: 6,
              brand_id: 7,
              via: { channel: "email", source: { from: { address: "a@b.c" } } },
            },
          ],
          end_of_stream: true,
        }),
      );
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "ParseJob",
        "CheckObject",
        "RouteClient",
        "Fetch_1fbbae60",
        "PostFetch",
        "MinimiseHealthTickets",
        "Store",
        "Complete",
      ]);
      expect(result).toHaveSentRequests([
        {
          method: "GET",
          url: JOB_URL,
          headers: { Accept: "application/json", Authorization: "Bearer cxe-token" },
          body: undefined,
        },
      ]);
      expect(result.requests[0]!.connection).toBe("cxe_12345678_sample");
      expect(store.configs.get("cxe_run_42")).toEqual({
        run_id: "42",
        status: "complete",
        key: "health_tickets",
        root: "tickets",
        response: {
          tickets: [
            {
              id: 1,
              created_at: "2026-01-01T00:00:00Z",
              status: "open",
              group_id: 5,
              assignee_id: 6,
              brand_id: 7,
              via: { channel: "email" },
              from_messaging_channel: false,
              satisfaction_rating: { score: null },
            },
          ],
          metric_sets: [],
          end_of_stream: true,
          // after_url and after_cursor were null: PatchConfig is a JSON merge patch, where null deletes.
        },
      });
      expect(result).toHaveOutputAt("$.response.after_url", null);
      expect(result.log).toBe("CXE configuration request batch completed.");
    });

    it("catches a failed fetch and stores the error under the job's scope", async () => {
      const { result, store } = await run(job({ cxe_job_key: "ticket_fields" }), { status: 503 });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "ParseJob",
        "CheckObject",
        "RouteClient",
        "Fetch_1fbbae60",
        "StoreError",
        "Complete",
      ]);
      const failure = { Error: "States.TaskFailed", Cause: "external action failed due to status code: 503" };
      expect(result).toHaveOutputAt("$.failure", failure);
      expect(store.configs.get("cxe_run_42")).toEqual({
        run_id: "42",
        status: "error",
        key: "ticket_fields",
        root: "tickets",
        error: failure,
      });
    });

    it("ignores records of other custom objects without a request", async () => {
      const { result, store } = await run(job({}, "some_other_object"), ok({}));
      expect(result).toHaveVisited(["ParseJob", "CheckObject", "Ignore"]);
      expect(result.requests).toEqual([]);
      expect(store.configs.scopes()).toEqual([]);
      expect(result.log).toBe("Event does not belong to an active CXE Config Sync connection.");
    });
  });

  describe(FILES.incode, () => {
    it("fails at the first Choice: the flow reads $.data, but the webhook body is at $.input", async () => {
      const result = await runFlow(bundle(FILES.incode), {
        input: event("inbound-webhook-incode-verification-expected.json"),
        mocks: { http: [answer("update_ticket", ok({ ticket: { id: 1234 } }))] },
      });
      expect(result).toHaveFailedWith({
        Error: "States.Runtime",
        Cause: "JSON path not found: $.data.onboardingStatus",
      });
      expect(result).toHaveVisited(["route"]);
      expect(result.requests).toEqual([]);
      expect(result).toHaveOutputAt("$.input.onboardingStatus", "SESSION_SUCCEEDED");
    });
  });

  describe(FILES.inkeepScript, () => {
    /** The bundle as setup-zis.sh writes it: the shell fills in ${WEBHOOK_URL} and ${INTEGRATION_NAME}. */
    const rendered = () =>
      JSON.parse(
        readFileSync(sharedPath("corpus", "real-bundles", FILES.inkeepScript), "utf8")
          .replaceAll("${WEBHOOK_URL}", "https://hooks.inkeep.example/zendesk")
          .replaceAll("${INTEGRATION_NAME}", "inkeep_autoresponder"),
      ) as unknown;

    it("POSTs the new ticket's status and priority to the webhook; the answer replaces the flow data", async () => {
      const result = await runFlow(rendered(), {
        input: ticketCreated(),
        mocks: {
          http: [
            {
              match: { method: "POST", url: "https://hooks.inkeep.example/zendesk" },
              response: { status: 202, body: { queued: true } },
            },
          ],
        },
      });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["ZendeskTicketCreated"]);
      expect(result).toHaveSentRequests([
        {
          action: "action_post_ticket_data",
          method: "POST",
          url: "https://hooks.inkeep.example/zendesk",
          headers: { "X-Zendesk-Ticket-Id": "1001" },
          body: { data: { status: "new", priority: "urgent" } },
        },
      ]);
      // The Action state has no ResultPath, so the response becomes the whole flow data.
      expect(result.output).toEqual({ queued: true });
    });
  });

  describe(FILES.inkeepTemplate, () => {
    it("fails before sending: the action's body reads $.ticketSubject, which the flow never passes", async () => {
      const result = await runFlow(bundle(FILES.inkeepTemplate), {
        input: ticketCreated(),
        mocks: { http: [answer("action_post_ticket_data", ok({ queued: true }))] },
      });
      expect(result).toHaveFailedWith({
        Error: "States.Runtime",
        Cause: "JSON path not found: $.ticketSubject",
      });
      expect(result).toHaveVisited(["ZendeskTicketCreated"]);
      expect(result.requests).toEqual([]);
    });
  });

  describe(FILES.jjohst, () => {
    const run = (input: Json, clock = new VirtualClock()) =>
      runFlow(bundle(FILES.jjohst), {
        input,
        clock,
        connections: ZENDESK_OAUTH,
        mocks: { http: [answer("MakeTargetMessagePrivate", ok())] },
      });

    it("makes the requester's public 'new comment' private after waiting 1 s", async () => {
      const clock = new VirtualClock();
      const result = await run(commentAdded({ body: "new comment" }), clock);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "CheckSlaCommentText",
        "CheckCommentUpdater",
        "CheckSlaCommentPublic",
        "wait_a_second",
        "make_comment_private",
        "FinishWithAction",
      ]);
      expect(clock.sleeps).toEqual([1]);
      expect(result).toHaveSentRequests([
        {
          action: "MakeTargetMessagePrivate",
          method: "PUT",
          url: `${ZD}/tickets/12/comments/1173410583133/make_private`,
          headers: BEARER,
          body: undefined,
        },
      ]);
      expect(result.requests[0]!.connection).toBe("zendesk");
      // make_private answers with an empty body: the result is null.
      expect(result).toHaveOutputAt("$.posted_webhook", null);
      expect(result.log).toBe("Execution Successful. Comment made Private");
    });

    it("leaves a comment by someone other than the requester alone", async () => {
      const clock = new VirtualClock();
      const result = await run(
        commentAdded({ body: "new comment", author: { id: 7, is_staff: true } }),
        clock,
      );
      expect(result).toHaveVisited(["CheckSlaCommentText", "CheckCommentUpdater", "Finish"]);
      expect(result.requests).toEqual([]);
      expect(clock.sleeps).toEqual([]);
      expect(result.log).toBe("Execution Successful. No action");
    });
  });

  describe(FILES.redact, () => {
    const input = () => commentAdded({ body: "Please mail me at jane.doe@example.com, thanks" });
    const run = (options: Partial<RunOptions> = {}) =>
      runFlow(bundle(FILES.redact), {
        input: input(),
        connections: ZENDESK_OAUTH,
        mocks: {
          http: [answer("redact_string_in_comment_http_action", ok({ comment: { id: 1173410583133 } }))],
        },
        ...options,
      });
    const ITEM = {
      name: "email",
      regex: "[a-zA-Z0-9+_.-]+@[a-zA-Z0-9.-]+",
      comment: "Please mail me at jane.doe@example.com, thanks",
      comment_id: "1173410583133",
      ticket_id: "12",
      connection: "zd-token",
    };
    const STATES = [
      "VerifyTicketStatus",
      "IsTicketStatusConfigured",
      "RedactConfigs",
      "RedactItems",
      "RedactComment",
      "FindRedactMatch",
      "RedactStringInComment",
    ];

    it("fails inside the Map: the action URL's {{$.subdomain}} and {{$.zendeskHost}} are never passed", async () => {
      const result = await run();
      expect(result).toHaveFailedWith({ Error: "States.Runtime", Cause: "JSON path not found: $.subdomain" });
      expect(result).toHaveVisited(STATES);
      expect(result.requests).toEqual([]);
      // What the Jq steps built before the Map: the status index (jq `index`) and one item per redaction rule.
      expect(result).toHaveOutputAt("$.ticket_status_index", 1);
      expect(result).toHaveOutputAt("$.items", [ITEM]);
    });

    it("with missingPlaceholder 'empty' redacts the captured e-mail address (URL host left empty)", async () => {
      const result = await run({ missingPlaceholder: "empty" });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([...STATES, "DoneMap"]);
      expect(result).toHaveSentRequests([
        {
          method: "PUT",
          url: "https://./api/v2/tickets/12/comments/1173410583133/redact.json",
          headers: { Authorization: "Bearer zd-token", "Content-Type": "application/json" },
          body: { text: "jane.doe@example.com" },
        },
      ]);
      expect(result).toHaveOutputAt("$.redacted_description", [
        {
          ...ITEM,
          capture: { redact_string: "jane.doe@example.com" },
          update_comment_results: { comment: { id: 1173410583133 } },
        },
      ]);
    });

    it("does nothing for a status outside its list (jq index gives null)", async () => {
      const result = await run({ input: commentAdded({}, { status: "hold" }) });
      expect(result).toHaveVisited(["VerifyTicketStatus", "IsTicketStatusConfigured", "Done"]);
      expect(result).toHaveOutputAt("$.ticket_status_index", null);
      expect(result.requests).toEqual([]);
    });
  });

  describe(FILES.surveyWebhook, () => {
    const http: HttpMock[] = [
      answer("GetTicketDetails", ok({ ticket: { id: 1001, requester_id: 77 } })),
      answer(
        "GetRequesterDetails",
        ok({ user: { id: 77, phone: "+15551234567", external_id: "cust-42", email: "jo@example.org" } }),
      ),
      answer("AddSurveyLinkToTicket", ok({ ticket: { id: 1001 } })),
      answer("CreateSurveySparrowUniqueLink", ok({ data: [{ url: "https://sprw.io/x" }] })),
    ];
    const failure = { Error: "States.Runtime", Cause: "JSON path not found: $.config.survey_base_url" };

    it("GenerateSurveyLinkFlow fails building the link: $.config is read but never loaded", async () => {
      const result = await runFlow(bundle(FILES.surveyWebhook), {
        flow: "zis:surveysparrow_integration:flow:GenerateSurveyLinkFlow",
        input: ticketCreated({ status: "solved", requester_id: 77 }),
        connections: ZENDESK_OAUTH,
        mocks: { http },
      });
      expect(result).toHaveFailedWith(failure);
      expect(result).toHaveVisited(["CheckTicketStatus", "GetRequester", "BuildSurveyLink"]);
      expect(result).toHaveSentRequests([{ method: "GET", url: `${ZD}/users/77.json`, headers: BEARER }]);
    });

    it("OnDemandSurveyLinkFlow (inbound webhook {ticket_id}) fails the same way after two lookups", async () => {
      const result = await runFlow(bundle(FILES.surveyWebhook), {
        flow: "OnDemandSurveyLinkFlow",
        input: { ticket_id: 1001 },
        connections: ZENDESK_OAUTH,
        mocks: { http },
      });
      expect(result).toHaveFailedWith(failure);
      expect(result).toHaveVisited([
        "FetchTicketDetails",
        "GetRequesterForWebhook",
        "BuildSurveyLinkWebhook",
      ]);
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${ZD}/tickets/1001.json?include=users`, headers: BEARER },
        { method: "GET", url: `${ZD}/users/77.json`, headers: BEARER },
      ]);
    });
  });

  describe(FILES.survey, () => {
    // The solved-ticket path is left out: BuildSurveyLink's jq program reads `.input.ticket_event…`, and the
    // interpreter currently refuses that field access as jq's `input` builtin ("jq: input is not available
    // in ZIS flows"), an interpreter bug.
    const run = (input: Json, http: HttpMock[]) =>
      runFlow(bundle(FILES.survey), { input, connections: ZENDESK_OAUTH, mocks: { http } });

    it("skips tickets that are not solved", async () => {
      const result = await run(ticketCreated({ status: "pending" }), [
        answer("GetRequesterDetails", ok({ user: { id: 1 } })),
      ]);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["CheckTicketStatus", "SkipNotSolved"]);
      expect(result.requests).toEqual([]);
      expect(result.log).toBe("Ticket not solved, skipping survey link generation");
    });

    it("fails with the documented Cause when the requester lookup answers 404", async () => {
      const result = await run(ticketCreated({ status: "solved" }), [
        answer("GetRequesterDetails", { status: 404, body: { error: "RecordNotFound" } }),
      ]);
      expect(result).toHaveFailedWith({
        Error: "States.TaskFailed",
        Cause: "external action failed due to status code: 404",
      });
      expect(result).toHaveVisited(["CheckTicketStatus", "GetRequester"]);
      expect(result).toHaveSentRequests([
        {
          action: "GetRequesterDetails",
          method: "GET",
          url: `${ZD}/users/323401287712.json`,
          headers: BEARER,
        },
      ]);
    });
  });

  /** A TSANet collaboration request as GET /v1/collaboration-requests/{token} returns it. */
  const collaboration = (extra: Json = {}) => ({
    token: "TOK-1",
    submitCompanyName: "Acme Storage",
    receiveCompanyName: "Our Company",
    priority: "HIGH",
    summary: "Array offline",
    description: "Controller B does not come back after the firmware update.",
    status: "ACCEPTED",
    respondBy: "2026-02-03T10:00:00Z",
    ...extra,
  });
  const ping = (eventType: string) => ({
    eventType,
    requestToken: "TOK-1",
    timestamp: "2026-01-20T09:00:00Z",
  });
  const TSANET = "https://connect2.tsanet.org/v1/collaboration-requests";

  describe(FILES.tsanetEarly, () => {
    const run = (input: Json, http: HttpMock[]) =>
      runFlow(bundle(FILES.tsanetEarly), {
        input,
        connections: {
          zendesk: { type: "basic_auth", username: "agent@ourcompany.com/token", password: "zd-api-token" },
          tsanet_oauth: { type: "oauth", token: "ts-token" },
        },
        mocks: { http },
      });
    const BASIC = `Basic ${Buffer.from("agent@ourcompany.com/token:zd-api-token").toString("base64")}`;

    it("pulls a new collaboration request and opens a ticket for it", async () => {
      const result = await run(ping("collaboration-request.created"), [
        answer("action_get_collaboration", ok(collaboration({ status: "OPEN" }))),
        answer("action_search_ticket", ok({ results: [], count: 0 })),
        answer("action_create_ticket", { status: 201, body: { ticket: { id: 55 } } }),
      ]);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["GetCollaboration", "SearchTicket", "CheckTicketExists", "CreateTicket"]);
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${TSANET}/TOK-1`, headers: { Authorization: "Bearer ts-token" } },
        {
          method: "GET",
          url: `${ZD}/search.json?query=custom_field_48849323029652:TOK-1&type=ticket`,
          headers: { Authorization: BASIC },
        },
        {
          method: "POST",
          url: `${ZD}/tickets.json`,
          body: {
            ticket: {
              comment: {
                body: "⬅️ New inbound TSANet Collaboration Request from Acme Storage.\n\nPriority: HIGH\nToken: TOK-1\n\nUse the TSANet Connect app in the sidebar to Accept, Request More Info, or Reject.",
                public: false,
              },
              custom_fields: [
                { id: 48849323029652, value: "TOK-1" },
                { id: 48849333960724, value: "tsanet_status_open" },
                { id: 48849315296660, value: "Acme Storage" },
              ],
              description:
                "Inbound TSANet Collaboration Request received.\n\nFrom: Acme Storage\nPriority: HIGH\nToken: TOK-1\n\nController B does not come back after the firmware update.",
              priority: "normal",
              subject: "TSANet Inbound from Acme Storage: Array offline",
              tags: ["tsanet_inbound", "tsanet_status_open"],
            },
          },
        },
      ]);
      expect(result).toHaveOutputAt("$.created", { ticket: { id: 55 } });
    });

    it("updates the ticket it finds for a known token with the new status and respond-by date", async () => {
      const result = await run(ping("collaboration-request.updated"), [
        answer("action_get_collaboration", ok(collaboration())),
        answer("action_search_ticket", ok({ results: [{ id: 55 }], count: 1 })),
        answer("action_update_ticket", ok({ ticket: { id: 55 } })),
      ]);
      expect(result).toHaveVisited([
        "GetCollaboration",
        "SearchTicket",
        "CheckTicketExists",
        "TransformForUpdate",
        "UpdateTicket",
      ]);
      expect(result).toHaveOutputAt("$.xform", {
        status: "tsanet_status_accepted",
        respond_by: "2026-02-03",
      });
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${TSANET}/TOK-1` },
        { method: "GET", url: `${ZD}/search.json?query=custom_field_48849323029652:TOK-1&type=ticket` },
        {
          method: "PUT",
          url: `${ZD}/tickets/55.json`,
          headers: { "Content-Type": "application/json", Authorization: BASIC },
          body: {
            ticket: {
              additional_tags: ["tsanet_updated"],
              comment: {
                body: "TSANet update — status: tsanet_status_accepted — token: TOK-1",
                public: false,
              },
              custom_fields: [
                { id: 48849333960724, value: "tsanet_status_accepted" },
                { id: 48849315296660, value: "Our Company" },
                { id: 48849323088276, value: "2026-02-03" },
              ],
            },
          },
        },
      ]);
    });
  });

  describe(FILES.tsanet, () => {
    const run = (flow: string, input: Json, http: HttpMock[]) =>
      runFlow(bundle(FILES.tsanet), {
        flow,
        input,
        connections: {
          zendesk: { type: "oauth", token: "zd-token" },
          tsanet_oauth: { type: "oauth", token: "ts-token" },
        },
        mocks: { http },
      });
    const TS_HEADERS = {
      "Content-Type": "application/json",
      Accept: "application/json, application/problem+json",
      Authorization: "Bearer ts-token",
    };

    it("flow_handle_ping: a new request becomes a ticket with submitter and sorted partner fields", async () => {
      const result = await run("flow_handle_ping", ping("collaboration-request.created"), [
        answer(
          "action_get_collaboration",
          ok(
            collaboration({
              status: "OPEN",
              submitterContactDetails: { name: "Sam Lee", email: "sam@acme.example" },
              customFields: [
                { fieldName: "Product", value: " PowerStore 500 ", displayOrder: 2 },
                { fieldName: "Serial", value: 7731, displayOrder: 1 },
                { fieldName: "Notes", value: "   " },
              ],
            }),
          ),
        ),
        answer("action_search_ticket", ok({ tickets: [], count: 0 })),
        answer("action_create_ticket", { status: 201, body: { ticket: { id: 55 } } }),
      ]);
      expect(result).toHaveSucceeded();
      // auto_accept is still the AUTO_ACCEPT_MODE placeholder, so GuardAutoAccept ends in NoOp.
      expect(result).toHaveVisited([
        "GetCollaboration",
        "SearchTicket",
        "CheckTicketExists",
        "GuardCreate",
        "BuildSubmitter",
        "CreateTicket",
        "GuardAutoAccept",
        "NoOp",
      ]);
      expect(result).toHaveOutputAt("$.submitter", {
        submitter_line: "\nSubmitter: Sam Lee <sam@acme.example>",
        cf_block: "\n\nPartner form fields:\nSerial: 7731\nProduct: PowerStore 500",
        auto_accept: "AUTO_ACCEPT_MODE",
      });
      expect(result).toHaveSentRequests([
        {
          method: "GET",
          url: `${TSANET}/TOK-1`,
          headers: { Accept: "application/json, application/problem+json", Authorization: "Bearer ts-token" },
        },
        { method: "GET", url: `${ZD}/tickets.json?external_id=TOK-1`, headers: BEARER },
        {
          method: "POST",
          url: `${ZD}/tickets.json`,
          body: {
            ticket: {
              comment: {
                author_id: 1234567896,
                body: "⬅️ New inbound TSANet Collaboration Request from Acme Storage.\nSubmitter: Sam Lee <sam@acme.example>\n\nPriority: HIGH\nToken: TOK-1\n\nController B does not come back after the firmware update.\n\nPartner form fields:\nSerial: 7731\nProduct: PowerStore 500\n\nTo respond, set the TSANet Action field (Accept / Request Info / Reject) and submit the ticket, or use the TSANet Connect app if installed.",
                public: false,
              },
              custom_fields: [
                { id: 1234567890, value: "TOK-1" },
                { id: 1234567892, value: "tsanet_status_open" },
                { id: 1234567893, value: "Acme Storage" },
              ],
              description:
                "Inbound TSANet Collaboration Request received.\n\nFrom: Acme Storage\nSubmitter: Sam Lee <sam@acme.example>\nPriority: HIGH\nToken: TOK-1\n\nController B does not come back after the firmware update.\n\nPartner form fields:\nSerial: 7731\nProduct: PowerStore 500",
              external_id: "TOK-1",
              priority: "normal",
              subject: "TSANet Inbound from Acme Storage: Array offline",
              tags: ["tsanet_inbound", "tsanet_status_open"],
            },
          },
        },
      ]);
    });

    it("flow_handle_ping: an update for a known ticket is a safe_update PUT with merged tags", async () => {
      const result = await run("flow_handle_ping", ping("collaboration-request.updated"), [
        answer("action_get_collaboration", ok(collaboration())),
        answer("action_search_ticket", ok({ tickets: [{ id: 55 }], count: 1 })),
        answer(
          "action_zd_get_ticket",
          ok({
            ticket: {
              id: 55,
              tags: ["tsanet_status_open", "tsanet_inbound"],
              updated_at: "2026-01-19T08:00:00Z",
            },
          }),
        ),
        answer("action_update_ticket", ok({ ticket: { id: 55 } })),
      ]);
      expect(result).toHaveVisited([
        "GetCollaboration",
        "SearchTicket",
        "CheckTicketExists",
        "ShowTicket",
        "TransformForUpdate",
        "UpdateTicket",
      ]);
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${TSANET}/TOK-1` },
        { method: "GET", url: `${ZD}/tickets.json?external_id=TOK-1` },
        { method: "GET", url: `${ZD}/tickets/55.json`, body: undefined },
        {
          method: "PUT",
          url: `${ZD}/tickets/55.json`,
          headers: JSON_BEARER,
          body: {
            ticket: {
              tags: ["tsanet_inbound", "tsanet_status_open", "tsanet_updated"],
              safe_update: true,
              updated_stamp: "2026-01-19T08:00:00Z",
              custom_fields: [
                { id: 1234567892, value: "tsanet_status_accepted" },
                { id: 1234567893, value: "Our Company" },
                { id: 1234567894, value: "2026-02-03" },
              ],
            },
          },
        },
      ]);
    });

    /** A ticket.CustomFieldChanged event for the TSANet Action field (id 1234567891). */
    const fieldChanged = (current: string) => {
      const input = commentAdded();
      delete input.ticket_event.comment;
      Object.assign(input.ticket_event, {
        type: "Custom Field Changed",
        custom_field: { id: 1234567891, title: "TSANet Action", type: "tagger" },
        previous: null,
        current,
      });
      return input;
    };
    const ticket12 = (fields: Array<{ id: number; value: unknown }>) =>
      answer("action_zd_get_ticket", ok({ ticket: { id: 12, custom_fields: fields } }));

    it("flow_field_action: 'add note' sends the note to TSANet and leaves a receipt on the ticket", async () => {
      const result = await run("flow_field_action", fieldChanged("tsanet_action_add_note"), [
        ticket12([
          { id: 1234567890, value: "TOK-1" },
          { id: 1234567895, value: "Please send the controller logs." },
        ]),
        answer("action_ts_note", { status: 201, body: { id: 987 } }),
        answer("action_zd_finish_note_receipt", ok({ ticket: { id: 12 } })),
      ]);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "GuardField",
        "GuardValue",
        "GetTicket",
        "Extract",
        "CheckToken",
        "Dispatch",
        "NoteCase",
        "BuildNoteReceipt",
        "FinishNote",
      ]);
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${ZD}/tickets/12.json` },
        {
          method: "POST",
          url: `${TSANET}/TOK-1/notes`,
          headers: TS_HEADERS,
          body: { summary: "Please send the controller logs." },
        },
        {
          method: "PUT",
          url: `${ZD}/tickets/12.json`,
          body: {
            ticket: {
              comment: {
                author_id: 1234567896,
                body: "[TSANet note sent to partner (partner-only)]\n\nPlease send the controller logs.\n\ntsanet-note-id:987",
                public: false,
              },
              custom_fields: [{ id: 1234567891, value: "" }],
            },
          },
        },
      ]);
    });

    it("flow_field_action: a refused accept (409) is caught and reported on the ticket", async () => {
      const result = await run("flow_field_action", fieldChanged("tsanet_action_accept"), [
        ticket12([{ id: 1234567890, value: "TOK-1" }]),
        answer("action_ts_accept", {
          status: 409,
          body: { title: "Case is not in a state that can be accepted" },
        }),
        answer("action_zd_finish_fail", ok({ ticket: { id: 12 } })),
      ]);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "GuardField",
        "GuardValue",
        "GetTicket",
        "Extract",
        "CheckToken",
        "Dispatch",
        "AcceptCase",
        "FailComment",
      ]);
      expect(result).toHaveOutputAt("$.ctx", { ticket_id: 12, token: "TOK-1", text: "" });
      expect(result).toHaveOutputAt("$.err", {
        Error: "States.TaskFailed",
        Cause: "external action failed due to status code: 409",
      });
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${ZD}/tickets/12.json` },
        {
          method: "POST",
          url: `${TSANET}/TOK-1/approval`,
          headers: TS_HEADERS,
          body: {
            engineerEmail: "YOUR_TSANET_API_EMAIL",
            engineerName: "Zendesk Agent",
            caseNumber: "12",
            nextSteps: "Accepted via Zendesk.",
          },
        },
        {
          method: "PUT",
          url: `${ZD}/tickets/12.json`,
          body: {
            ticket: {
              comment: {
                author_id: 1234567896,
                body: "TSANet Action failed — the API rejected the request (wrong case state, missing text, or no TSANet token). The Action field has been cleared; fix and retry. Details: Admin Center → Integration logs.",
                public: false,
              },
              custom_fields: [{ id: 1234567891, value: "" }],
            },
          },
        },
      ]);
    });

    it("flow_forward_comment: an agent's public comment goes to TSANet; a 500 is caught into NoOp", async () => {
      // The body the Zendesk trigger POSTs, with the trigger's own placeholders filled in as Zendesk would.
      const triggerBody = event("inbound-webhook-tsanet-public-comment-trigger-body.json");
      const input = {
        ...triggerBody,
        token: "TOK-1",
        comment: "Any update on the firmware?",
        ticket_id: "12",
        author_role: "Agent",
      };
      expect(Object.keys(input)).toEqual(Object.keys(triggerBody));
      const result = await run("zis:tsanet_connect:flow:flow_forward_comment", input, [
        answer("action_ts_note", { status: 500 }),
      ]);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["GuardToken", "GuardComment", "GuardAuthor", "ForwardNote", "NoOp"]);
      expect(result).toHaveSentRequests([
        {
          method: "POST",
          url: `${TSANET}/TOK-1/notes`,
          headers: TS_HEADERS,
          body: { summary: "Any update on the firmware?" },
        },
      ]);
      expect(result).toHaveOutputAt("$.err", {
        Error: "States.TaskFailed",
        Cause: "external action failed due to status code: 500",
      });
    });
  });

  describe(FILES.whiterose, () => {
    const WEBHOOK = "https://webhook.site/2f9c68c5-e118-403f-83b1-a000965895a2";
    const http: HttpMock[] = [
      {
        match: { method: "POST", url: WEBHOOK },
        response: { status: 200, body: "This URL has no default content configured." },
      },
    ];

    it("runs its flow (by the flow's own name) and POSTs the ticket to webhook.site", async () => {
      const result = await runFlow(bundle(FILES.whiterose), {
        flow: "post_tickets_to_webhook_flow",
        input: { ticket: { id: 1001, subject: "Printer on fire", description: "It is really on fire." } },
        mocks: { http },
      });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["Zendesk.TicketCreated"]);
      expect(result).toHaveSentRequests([
        {
          action: "post-to-webhook-site",
          method: "POST",
          url: WEBHOOK,
          headers: { "X-Zendesk-Ticket-Id": "1001" },
          body: { webhook: { description: "It is really on fire.", subject: "Printer on fire" } },
        },
      ]);
      // webhook.site answers text; no ResultPath, so it replaces the flow data.
      expect(result.output).toEqual({ __httpresponse: "This URL has no default content configured." });
    });

    it("fails on a real ticket.TicketCreated payload, which has no $.input.ticket", async () => {
      const result = await runFlow(bundle(FILES.whiterose), { input: ticketCreated(), mocks: { http } });
      expect(result).toHaveFailedWith({
        Error: "States.Runtime",
        Cause: "JSON path not found: $.input.ticket.description",
      });
      expect(result.requests).toEqual([]);
    });

    it("cannot run the flow its JobSpec names (ticket_created does not exist)", async () => {
      const error = await harnessError(
        runFlow(bundle(FILES.whiterose), {
          flow: "zis:z3n-whiterose_first_test_webhook:flow:ticket_created",
          input: ticketCreated(),
          mocks: { http },
        }),
      );
      expect(error.code).toBe("unknown_flow");
      expect(error.message).toBe(
        'the bundle has no flow named "ticket_created" (flows: post_tickets_to_webhook_flow)',
      );
    });
  });

  describe(FILES.zisExplorer, () => {
    it("runs my_flow by its JobSpec's flow_name: the Pass state adds Hello World!", async () => {
      const result = await runFlow(bundle(FILES.zisExplorer), {
        flow: "zis:example:flow:my_flow",
        input: ticketCreated(),
        mocks: { http: [] },
      });
      expect(result).toHaveSucceeded();
      expect(result.flow).toBe("my_flow");
      expect(result).toHaveVisited(["HelloWorld"]);
      expect(result).toHaveOutputAt("$.messages", "Hello World!");
      // The integration key comes from the bundle's own references (the JobSpec), not from "integration".
      expect(result).toHaveOutputAt("$.integration_key", "example");
      expect(result.requests).toEqual([]);
      expect(result.log).toBe("Execution Successful");
    });
  });

  /** The ZWM tool's settings scope, with its {{zis_integration_key}} template left as it is. */
  const ZWM_SCOPE = "{{zis_integration_key}}_settings";

  describe(FILES.bigtime, () => {
    const audits = (events: Json[]) =>
      ok({
        audits: [
          {
            id: 1,
            ticket_id: 1001,
            events: [{ id: 11, type: "Create", field_name: "status", value: "new" }],
          },
          { id: 2, ticket_id: 1001, events },
        ],
      });
    const run = (input: Json, auditsResponse: HttpMock["response"]) =>
      runFlow(bundle(FILES.bigtime), {
        input,
        connections: ZENDESK_OAUTH,
        mocks: {
          configs: { [ZWM_SCOPE]: { conversation_id_ticket_field_id: 360001 } },
          http: [
            answer("zendesk.get_ticket_audits", auditsResponse),
            answer("zendesk.update_ticket", ok({ ticket: { id: 1001 } })),
          ],
        },
      });
    const ALL_STATES = [
      "001.ZIS.LoadConfig",
      "002.Choice.CheckIfChannelIsMessaging",
      "003.Zendesk.GetTicketAudits",
      "004.Transform.GetConversationIdFromAudits",
      "005.Choice.CheckIfConversationIdWasFound",
      "006.Transform.CreateUpdateTicketPayload",
      "007.Zendesk.UpdateTicketField",
      "008.Success.EndFlow",
    ];

    it("copies the messaging conversation id from the audits into the ticket", async () => {
      const result = await run(
        ticketCreated({ via: { channel: "native_messaging" } }),
        audits([{ id: 21, type: "ChatStartedEvent", value: { conversation_id: "conv-9" } }]),
      );
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(ALL_STATES);
      // LoadConfig's result is { config: {...} } (reference §6.1), written at $.config: the setting is at
      // $.config.config.<key>, while the bundle's jq reads .config.<key>, so the field id it sends is null.
      expect(result).toHaveOutputAt("$.config.config.conversation_id_ticket_field_id", 360001);
      expect(result).toHaveSentRequests([
        { method: "GET", url: `${ZD}/tickets/1001/audits`, headers: JSON_BEARER, body: undefined },
        {
          method: "PUT",
          url: `${ZD}/tickets/1001`,
          headers: JSON_BEARER,
          body: { ticket: { custom_fields: [{ id: null, value: "conv-9" }] } },
        },
      ]);
      expect(result.log).toBe("ZIS Executed || #1001 || Conversation ID (conv-9) Updated Successfully");
    });

    it("still updates (with null) when no chat started: IsPresent is true for the null jq wrote", async () => {
      const result = await run(
        ticketCreated({ via: { channel: "native_messaging" } }),
        audits([{ id: 22, type: "Comment", body: "Hi" }]),
      );
      expect(result).toHaveVisited(ALL_STATES);
      expect(result).toHaveOutputAt("$.conversation_id", null);
      expect(result.requests[1]!.body).toEqual({ ticket: { custom_fields: [{ id: null, value: null }] } });
      expect(result.log).toBe("ZIS Executed || #1001 || Conversation ID (null) Updated Successfully");
    });
  });

  describe(FILES.genesys, () => {
    // Left out, because of interpreter bugs: "{{jobspec_etg}}_flow" (its first jq program reads
    // `.input.ticket_event.tags_added`, refused as jq's `input` builtin), and the agent path of
    // push_agent_status_to_genesys_flow (zendesk.get_user has a relative `url`, which makes runFlow reject
    // with a bare TypeError "Invalid URL" once the zendesk connection is given).
    const genesys = () => bundle(FILES.genesys);

    it("etg_retrieve_conversation_id_flow: a web ticket ends after the channel check", async () => {
      const result = await runFlow(genesys(), {
        flow: "zis:sandbox_ashwin_22:flow:etg_retrieve_conversation_id_flow",
        input: ticketCreated(),
        connections: ZENDESK_OAUTH,
        mocks: {
          configs: { [ZWM_SCOPE]: { conversation_id_ticket_field_id: 360001 } },
          http: [answer("zendesk.get_ticket_audits", ok({ audits: [] }))],
        },
      });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        "001.ZIS.LoadConfig",
        "002.Choice.CheckIfChannelIsMessaging",
        "010.EndFlow.ChannelNotMessaging",
      ]);
      expect(result.requests).toEqual([]);
      expect(result.log).toBe("ZIS Executed || #1001 || Channel is not messaging");
    });

    it("etg_retrieve_conversation_id_flow: fails at LoadConfig when the settings scope is missing", async () => {
      const result = await runFlow(genesys(), {
        flow: "etg_retrieve_conversation_id_flow",
        input: ticketCreated({ via: { channel: "native_messaging" } }),
        connections: ZENDESK_OAUTH,
        mocks: { configs: {}, http: [answer("zendesk.get_ticket_audits", ok({ audits: [] }))] },
      });
      expect(result).toHaveFailedWith({
        Error: "States.TaskFailed",
        Cause: 'config not found for scope "{{zis_integration_key}}_settings"',
      });
      expect(result).toHaveVisited(["001.ZIS.LoadConfig"]);
    });

    it("push_agent_status_to_genesys_flow: an agent event of another type goes straight to Done", async () => {
      const result = await runFlow(genesys(), {
        flow: "push_agent_status_to_genesys_flow",
        input: event("zendesk-event-agent-work-item-added.json"),
        mocks: { configs: { [ZWM_SCOPE]: { genesys_base_url: "https://api.mypurecloud.com" } }, http: [] },
      });
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["001.Choice.Agent_Status_evt", "Done"]);
      expect(result.requests).toEqual([]);
      // The bundle logs success even though nothing was pushed.
      expect(result.log).toBe("ZIS Executed || Status updated in Genesys");
    });

    it("cannot run the flow the TagsChanged JobSpec names: the flow's name is still a {{placeholder}}", async () => {
      const error = await harnessError(
        runFlow(genesys(), {
          flow: "zis:sandbox_ashwin_22:flow:etg_genesys_integration_flow",
          input: {
            ticket_event: { ...ticketCreated().ticket_event, type: "Tags Changed", tags_added: ["genesys"] },
          },
          mocks: { http: [] },
        }),
      );
      expect(error.code).toBe("unknown_flow");
      expect(error.message).toBe(
        'the bundle has no flow named "etg_genesys_integration_flow" (flows: etg_retrieve_conversation_id_flow, {{jobspec_etg}}_flow, push_agent_status_to_genesys_flow)',
      );
    });
  });

  describe(FILES.skeleton, () => {
    it('is refused before it runs: "Next": "..." names no state (invalid_bundle, with the pointer)', async () => {
      const error = await harnessError(
        runFlow(bundle(FILES.skeleton), {
          input: ticketCreated(),
          mocks: { configs: { [ZWM_SCOPE]: { webhook_endpoint: "https://webhook.site/debug" } } },
        }),
      );
      expect(error.code).toBe("invalid_bundle");
      expect(error.problem).toEqual({
        pointer: "/resources/{{jobspec_<name>}}_flow/properties/definition/States/ZIS.LoadConfig/Next",
        diagnostic: "unknown_next_state",
      });
    });
  });

  describe(FILES.postman, () => {
    const TICKET = {
      url: `${ZD}/tickets/1001.json`,
      id: 1001,
      subject: "Invoice question",
      raw_subject: "Invoice question",
      description: "Hi, please see the attached invoice.",
      recipient: "support@acme.com",
      status: "new",
      tags: ["billing"],
      via: {
        channel: "email",
        source: { from: { address: "jane@example.org" }, to: { address: "support@acme.com" } },
      },
      created_at: "2021-08-12T08:46:37Z",
      updated_at: "2021-08-12T08:46:37Z",
      fields: [],
      requester_id: 323401287712,
    };
    const COMMENT = {
      id: 5001,
      author_id: 323401287712,
      html_body: "<p>Hi, please see the attached invoice.</p>",
      public: true,
      audit_id: 9001,
      attachments: [],
    };
    // One e-mail audit: cc'd to another support address, to a user given by id (777) and to a customer.
    const AUDITS = {
      audits: [
        {
          id: 9001,
          via: {
            channel: "email",
            source: {
              to: { address: "support@acme.com", email_ccs: ["billing@acme.com", 777, "carol@example.org"] },
            },
          },
        },
      ],
      users: [
        { id: 777, email: "help@acme.com" },
        { id: 323401287712, email: "jane@example.org" },
      ],
    };
    const RECIPIENT_ADDRESSES = {
      recipient_addresses: [
        { id: 1, email: "support@acme.com" },
        { id: 2, email: "billing@acme.com" },
        { id: 3, email: "help@acme.com" },
        { id: 4, email: "sales@acme.com" },
      ],
      next_page: null,
    };
    const COMMENTS_URL = `${ZD}/tickets/1001/comments?sort_by=created_at&sort_order=desc`;

    /** Zendesk's answers; new tickets get ids 2001, 2002…; `failFirstCreate` answers the first POST 422. */
    function zendesk(failFirstCreate: boolean): HttpMock[] {
      let next = 2000;
      return [
        {
          match: { method: "GET", url: `${ZD}/tickets/1001.json?include=users` },
          response: ok({ ticket: TICKET, users: [] }),
        },
        { match: { method: "GET", url: COMMENTS_URL }, response: ok({ comments: [COMMENT] }) },
        {
          match: {
            method: "GET",
            url: `${ZD}/tickets/1001/audits.json?include=users&sort_by=created_at&sort_order=desc`,
          },
          response: ok(AUDITS),
        },
        { match: { method: "GET", url: `${ZD}/recipient_addresses` }, response: ok(RECIPIENT_ADDRESSES) },
        ...(failFirstCreate
          ? [
              {
                match: { method: "POST" },
                response: { status: 422, body: { error: "RecordInvalid" } },
                times: 1,
              },
            ]
          : []),
        {
          match: { method: "POST", url: `${ZD}/tickets.json` },
          response: () => ({ status: 201, body: { ticket: { id: ++next } } }),
        },
        { match: { method: "PUT" }, response: ok({ ticket: {} }) },
      ];
    }
    const run = (failFirstCreate: boolean) =>
      runFlow(bundle(FILES.postman), {
        input: ticketCreated(),
        connections: ZENDESK_OAUTH,
        mocks: {
          configs: { [ZWM_SCOPE]: { webhook_endpoint: "https://webhook.site/debug" } },
          http: zendesk(failFirstCreate),
        },
      });

    const BEFORE_CLONING = [
      "ZIS.LoadConfig",
      "Zendesk.GetTicketData",
      "Zendesk.GetTicketComments",
      "Transform.GetLastComment",
      "Transform.GetHtmlBodyLength",
      "Choice.CheckIfCommentLegthIsTooBig",
      "Transform.GetAttachment",
      "Zendesk.GetTicketAudit",
      "Transform.GetLastAudit",
      "Transform.GetChannel",
      "Choice.CheckIfChannelIsEmail",
      "Transform.RemoveMainRecipient",
      "Transform.GetEmailsLength",
      "Choice.CheckIfEmailsArePresent",
      "Transform.EmailListToListOfObjects",
      "Transform.GetIdsFromEmailsList",
      "Transform.GetEmailsFromEmailsList",
      "Transform.StoreOutsideInformationInsideAuditEmails",
      "Map.LoopListOfEmailsCCs",
      // its one iteration: the cc given by user id 777
      "Transform.CheckEmailOrId",
      "Choice.CheckIfEmailIsId",
      "Transform.GetAllEmails",
      "DoneLoopListOfEmailsCCs",
      "Transform.InitiateResponseVariable",
      "Transform.GetAllEmailsFromObjectList",
      "Zendesk.GetRecipientAddresses",
      "Transform.CompareCcsWithRecipientAddresses",
      "Transform.GetRecipientAddressesLength",
      "Choice.CheckIfRecipientAddressesArePresent",
      "Transform.GetAttachmentsLength",
      "Choice.CheckIfAttachmentsArePresent",
      "Transform.RemoveAttributesFromMainTicketObject",
      "Transform.AddTagToTicketTags",
      "Transform.StoreOutsideInformationInsideRecipientEmails",
      "Map.LoopListOfRecipientEmails",
    ];
    const UNTIL_CREATE = [
      "Zendesk.GetTicketComments",
      "Transform.GetLastComment",
      "Transform.InsertLinkInsideTheComment",
      "Transform.IncludeTicketCommentHtml",
      "Transform.ChangeTicketRecipient",
      "Zendesk.CreateNewTicket",
    ];
    const CLONE = [
      ...UNTIL_CREATE,
      "Transform.GetNewTicketId",
      "Choice.CheckIfAttachmentsAreNull",
      "Transform.CreatePrivateCommentWithParentTicketId",
      "Zendesk.InsertInternalTicketCommentParentId",
      "Transform.RemoveDataFromObject",
      "Done.LoopListOfRecipientEmails",
    ];
    const FAILED_CLONE = [
      ...UNTIL_CREATE,
      "Transform.RemoveDataFromObject",
      "Done.LoopListOfRecipientEmails",
    ];
    const CHECK_ERRORS = [
      "Transform.CheckMapResponseErrors",
      "Transform.CheckIfMapResponseErrorsAreNull",
      "Choice.CheckIfMapResponseErrorsAreNull",
    ];
    const LOOKUPS = [
      { method: "GET", url: `${ZD}/tickets/1001.json?include=users`, headers: JSON_BEARER },
      { method: "GET", url: COMMENTS_URL, headers: JSON_BEARER },
      {
        method: "GET",
        url: `${ZD}/tickets/1001/audits.json?include=users&sort_by=created_at&sort_order=desc`,
      },
      { method: "GET", url: `${ZD}/recipient_addresses` },
    ];
    /** The cleaned-up original ticket, re-addressed to one of the other support addresses. */
    const clonedTicket = (recipient: string) => ({
      ticket: {
        id: 1001,
        subject: "Invoice question",
        recipient,
        status: "new",
        tags: ["billing", "zis_split_ticket"],
        via: { channel: "mail" },
        requester_id: 323401287712,
        comment: {
          html_body: "<p>Hi, please see the attached invoice.</p>",
          author_id: 323401287712,
          public: true,
        },
      },
      users: [],
    });
    const parentNote = (ticketId: number) => ({
      method: "PUT",
      url: `${ZD}/tickets/${ticketId}`,
      body: {
        ticket: {
          comment: {
            html_body:
              "<div>This ticket was cloned from ticket <a href='/agent/tickets/1001'>#1001</a> due to being received on multiple support addresses. If the ticket is expected to have further updates, please double check the original ticket before taking further action.</div>",
            public: false,
            author_id: "323401287712",
          },
        },
      },
    });
    // requestBody "{{$.payload}}" is one placeholder, so the body is the payload's JSON text (reference §5.5).
    const create = (recipient: string) => ({
      method: "POST",
      url: `${ZD}/tickets.json`,
      body: JSON.stringify(clonedTicket(recipient)),
    });

    it("clones an e-mail that reached two more support addresses into one ticket per address", async () => {
      const result = await run(false);
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited([
        ...BEFORE_CLONING,
        ...CLONE,
        ...CLONE,
        ...CHECK_ERRORS,
        "Transform.CreateListOfTicketIdLinks",
        "Transform.CreatePrivateCommentWithChildrenTicketIds",
        "Zendesk.InsertInternalTicketCommentChildrenIds",
        "Success.EndFlow",
      ]);
      // The cc Map resolved user 777 to help@acme.com; only the support addresses among the ccs get a clone.
      expect(result).toHaveOutputAt("$.emails", ["help@acme.com", "billing@acme.com", "carol@example.org"]);
      expect(result).toHaveOutputAt("$.recipient_addresses_length", 2);
      const clones = (result.output as Json).recipient_addresses_response as Json[];
      expect(clones.map((c) => [c.email, c.new_ticket_id, c.error_map_response ?? null])).toEqual([
        ["billing@acme.com", 2001, null],
        ["help@acme.com", 2002, null],
      ]);
      expect(result).toHaveSentRequests([
        ...LOOKUPS,
        { method: "GET", url: COMMENTS_URL },
        create("billing@acme.com"),
        parentNote(2001),
        { method: "GET", url: COMMENTS_URL },
        create("help@acme.com"),
        parentNote(2002),
        {
          method: "PUT",
          url: `${ZD}/tickets/1001`,
          headers: JSON_BEARER,
          body: {
            ticket: {
              comment: {
                html_body:
                  "<div>This ticket has been cloned due to being received on multiple support addresses. The cloned ticket(s) is(are) <a href='/agent/tickets/2001'>#2001</a>, <a href='/agent/tickets/2002'>#2002</a>.</div>",
                public: false,
                author_id: "323401287712",
              },
            },
          },
        },
      ]);
      expect(result.log).toBe("2 new tickets were(was) created from the original ticket(1001)");
    });

    it("fails with the caught error as Error when one clone cannot be created", async () => {
      const result = await run(true);
      expect(result).toHaveFailedWith({
        Error: '{"Error":"States.TaskFailed","Cause":"external action failed due to status code: 422"}',
        Cause: "Something went wrong while cloning ticket #1001.",
      });
      expect(result).toHaveVisited([
        ...BEFORE_CLONING,
        ...FAILED_CLONE,
        ...CLONE,
        ...CHECK_ERRORS,
        "Fail.GenericError",
      ]);
      const clones = (result.output as Json).recipient_addresses_response as Json[];
      expect(clones.map((c) => [c.email, c.new_ticket_id ?? null, c.error_map_response ?? null])).toEqual([
        [
          "billing@acme.com",
          null,
          { Error: "States.TaskFailed", Cause: "external action failed due to status code: 422" },
        ],
        ["help@acme.com", 2001, null],
      ]);
      expect(result).toHaveSentRequests([
        ...LOOKUPS,
        { method: "GET", url: COMMENTS_URL },
        create("billing@acme.com"),
        { method: "GET", url: COMMENTS_URL },
        create("help@acme.com"),
        parentNote(2001),
      ]);
    });
  });
});
