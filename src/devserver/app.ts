import { AsyncLocalStorage } from "node:async_hooks";
import { HarnessError } from "../interpreter/errors.js";
import { HttpMockServer, type HttpMock, type HttpRequest, type HttpResponse } from "../interpreter/mocks.js";
import { runFlow } from "../interpreter/run.js";
import { parseFlowReference } from "../model/names.js";
import { authenticated, respond, type ApiRequest, type ApiResponse } from "./http.js";
import { installJobSpec, listBundles, listJobSpecs, uploadBundle } from "./registry.js";
import {
  createTicket,
  search,
  showProfile,
  showTicket,
  showUser,
  trackEvent,
  updateTicket,
} from "./support.js";
import type { Ticket, TicketComment, ZendeskData } from "./zendesk.js";
import { configs, links } from "./zis-apis.js";

export interface LocalZendeskOptions {
  /**
   * Answers for flows' external requests, as `zisflow run`'s mocks file gives them (`match` on action, method,
   * url; `times`); a request none matches gets the bin's answer. @default none
   */
  readonly mocks?: readonly HttpMock[] | undefined;
  /** Send flows' requests to external URLs for real (and record the answer). @default false: the bin answers */
  readonly forwardExternal?: boolean | undefined;
  /** How the bin answers an external request when not forwarding. @default 200 with `{}` */
  readonly binResponse?: HttpResponse | undefined;
  /** The fetch used when forwarding. @default global fetch */
  readonly fetch?: typeof fetch | undefined;
}

/** Flows that trigger flows (a flow creating a ticket that a ticket flow handles) stop this deep. */
const MAX_EVENT_DEPTH = 5;

/**
 * The local Zendesk: routes API requests (from the network or from flows) to the emulated APIs, and runs the
 * flows of installed job specs when events occur. Events are processed before the API call that caused them
 * answers, so a script can check the outcome right after (real ZIS runs them asynchronously).
 */
export class LocalZendesk {
  readonly #mocks: HttpMockServer | undefined;
  /** How many events deep the current chain is (a flow's request causing another event); per chain, not global. */
  readonly #depth = new AsyncLocalStorage<number>();

  constructor(
    readonly data: ZendeskData,
    readonly options: LocalZendeskOptions = {},
  ) {
    this.#mocks = options.mocks ? new HttpMockServer(options.mocks) : undefined;
  }

  async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.#route(request);
    } catch (error) {
      // decodeURIComponent on a path segment like %ZZ: the caller's mistake, not the emulator's.
      if (error instanceof URIError)
        return respond.supportError(400, "InvalidPath", `${request.url.pathname}: ${error.message}`);
      throw error;
    }
  }

  async #route(request: ApiRequest): Promise<ApiResponse> {
    const path = request.url.pathname.replace(/\/+$/, "");
    if (path.startsWith("/zisflow")) return this.#devApi(request, path);
    if (!authenticated(request)) return respond.json(401, { error: "Couldn't authenticate you" });
    const { method } = request;
    let m: RegExpMatchArray | null;

    if ((m = path.match(/^\/api\/services\/zis\/registry\/job_specs\/install$/)))
      return method === "POST" || method === "DELETE"
        ? installJobSpec(this.data, request, method === "POST")
        : notAllowed();
    if ((m = path.match(/^\/api\/services\/zis\/registry\/([^/]+)\/bundles$/)))
      return method === "POST"
        ? uploadBundle(this.data, decodeURIComponent(m[1]!), request)
        : method === "GET"
          ? listBundles(this.data, decodeURIComponent(m[1]!))
          : notAllowed();
    if ((m = path.match(/^\/api\/services\/zis\/registry\/([^/]+)\/job_specs$/)))
      return method === "GET" ? listJobSpecs(this.data, decodeURIComponent(m[1]!)) : notAllowed();
    if ((m = path.match(/^\/api\/services\/zis\/integrations\/([^/]+)\/configs(?:\/([^/]+))?$/)))
      return configs(this.data, decodeURIComponent(m[1]!), m[2] && decodeURIComponent(m[2]), request);
    if ((m = path.match(/^\/api\/services\/zis\/links\/([^/]+)$/)))
      return links(this.data, decodeURIComponent(m[1]!), request);

    if (path === "/api/v2/user_profiles/events") {
      if (method !== "POST") return notAllowed();
      const tracked = trackEvent(this.data, request);
      if ("status" in tracked) return tracked;
      const runs = await this.emit("sunshine", "activity.UserActivityCreated", {
        activity_event: {
          meta: { occurred_at: tracked.activity.created_at, ref: tracked.activity.id, version: "1.0" },
          type: "User Activity Created",
          user_activity: tracked.activity,
        },
      });
      return { status: 202, headers: { "X-Zisflow-Runs": runs.join(",") } };
    }
    if ((m = path.match(/^\/api\/v2\/user_profiles\/([^/]+)$/)))
      return method === "GET" ? showProfile(this.data, decodeURIComponent(m[1]!)) : notAllowed();
    if ((m = path.match(/^\/api\/v2\/users\/(\d+)(?:\.json)?$/)))
      return method === "GET" ? showUser(this.data, Number(m[1])) : notAllowed();
    if (path === "/api/v2/tickets.json" || path === "/api/v2/tickets") {
      if (method !== "POST") return notAllowed();
      const created = createTicket(this.data, request);
      if ("status" in created) return created;
      const runs = await this.emit(
        "support",
        "ticket.TicketCreated",
        ticketEvent(created.ticket, "Ticket Created"),
      );
      return { status: 201, body: created, headers: { "X-Zisflow-Runs": runs.join(",") } };
    }
    if ((m = path.match(/^\/api\/v2\/tickets\/(\d+)(?:\.json)?$/))) {
      if (method === "GET") return showTicket(this.data, Number(m[1]));
      if (method !== "PUT") return notAllowed();
      const updated = updateTicket(this.data, Number(m[1]), request);
      if ("status" in updated) return updated;
      const runs: number[] = [];
      if (updated.comment)
        runs.push(
          ...(await this.emit(
            "support",
            "ticket.CommentAdded",
            this.#commentAddedEvent(updated.after, updated.comment),
          )),
        );
      if (updated.after.status !== updated.before.status)
        runs.push(
          ...(await this.emit("support", "ticket.StatusChanged", {
            ticket_event: {
              ...ticketEvent(updated.after, "Status Changed").ticket_event,
              previous: updated.before.status,
              current: updated.after.status,
            },
          })),
        );
      return { status: 200, body: { ticket: updated.after }, headers: { "X-Zisflow-Runs": runs.join(",") } };
    }
    if (path === "/api/v2/search.json" || path === "/api/v2/search")
      return method === "GET" ? search(this.data, request) : notAllowed();
    return respond.supportError(404, "InvalidEndpoint", `zisflow dev does not serve ${method} ${path}`);
  }

  /**
   * Runs the flow of every installed job spec for this event, in installation-independent, upload order.
   * Returns the ids of the recorded runs (see `GET /zisflow/runs/{id}`).
   */
  async emit(eventSource: string, eventType: string, input: unknown): Promise<number[]> {
    const depth = this.#depth.getStore() ?? 0;
    if (depth >= MAX_EVENT_DEPTH) return [];
    const specs = this.data
      .jobSpecs()
      .filter(
        (s) =>
          s.event_source === eventSource && s.event_type === eventType && this.data.isInstalled(s.fullName),
      );
    const ids: number[] = [];
    await this.#depth.run(depth + 1, async () => {
      for (const spec of specs) {
        const flow = parseFlowReference(spec.flow_name);
        const base = { job_spec: spec.fullName, event_source: eventSource, event_type: eventType };
        try {
          const result = await runFlow(spec.bundle.bundle, {
            flow: flow.ok ? flow.name : spec.flow_name,
            input,
            store: this.data.store(spec.integration),
            integration: spec.integration,
            accountId: this.data.account.id,
            subdomain: this.data.account.subdomain,
            zendeskBaseUrl: this.data.account.baseUrl,
            mocks: { http: (request) => this.#outbound(request) },
          });
          ids.push(this.data.addRun({ ...base, ...result }));
        } catch (error) {
          if (!(error instanceof HarnessError)) throw error;
          ids.push(
            this.data.addRun({
              ...base,
              status: "error",
              error: { Error: error.code, Cause: error.message },
            }),
          );
        } finally {
          // What the run wrote to configs and links stays, as in ZIS, also when it ended in an error.
          this.data.saveStore(spec.integration);
        }
      }
    });
    return ids;
  }

  /** `$.input` of `ticket.CommentAdded`: the ticket summary and the comment with its author. */
  #commentAddedEvent(ticket: Ticket, comment: TicketComment) {
    const author = this.data.user(comment.author_id);
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

  /** A flow's request: to this Zendesk in-process, elsewhere to the request bin (or forwarded). */
  async #outbound(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    if (url.origin === new URL(this.data.account.baseUrl).origin) {
      const response = await this.handle({ ...request, url, internal: true });
      return { status: response.status, body: response.body ?? null };
    }
    // A mock that matches answers; otherwise the real server (when forwarding) or the bin.
    const mocked = await this.#mocked(request);
    const forwarded = mocked === undefined && this.options.forwardExternal === true;
    const response =
      mocked ??
      (forwarded
        ? await forward(request, this.options.fetch ?? fetch)
        : (this.options.binResponse ?? { status: 200, body: {} }));
    this.data.addBinEntry({
      action: request.action,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      response: { status: response.status, body: response.body ?? null, forwarded },
    });
    return response;
  }

  async #mocked(request: HttpRequest): Promise<HttpResponse | undefined> {
    if (!this.#mocks) return undefined;
    try {
      return await this.#mocks.respond(request);
    } catch (error) {
      if (error instanceof HarnessError && error.code === "unmatched_request") return undefined;
      throw error;
    }
  }

  /** Inspection endpoints, without credentials: the request bin and the flow runs. */
  #devApi(request: ApiRequest, path: string): ApiResponse {
    let m: RegExpMatchArray | null;
    if (path === "/zisflow/requests")
      switch (request.method) {
        case "GET":
          return respond.json(200, { requests: this.data.binEntries() });
        case "DELETE":
          this.data.db.deleteAll("request");
          return respond.empty();
        default:
          return notAllowed();
      }
    if (path === "/zisflow/runs" && request.method === "GET")
      return respond.json(200, {
        runs: this.data
          .runs()
          .map(({ trace: _trace, output: _output, requests: _requests, ...summary }) => summary),
      });
    if ((m = path.match(/^\/zisflow\/runs\/(\d+)$/)) && request.method === "GET") {
      const run = this.data.run(Number(m[1]));
      return run ? respond.json(200, { run }) : respond.notFound();
    }
    return respond.supportError(
      404,
      "InvalidEndpoint",
      `no ${request.method} ${path}: see GET /zisflow/requests and /zisflow/runs`,
    );
  }
}

/** How long a forwarded request may take before the flow sees a 502. */
const FORWARD_TIMEOUT_MS = 30_000;

const notAllowed = (): ApiResponse => respond.json(405, { error: "MethodNotAllowed" });

/** `$.input` of a ticket event (reference §7.3): the event's name and the ticket summary. */
function ticketEvent(ticket: Ticket, type: string) {
  return {
    ticket_event: {
      meta: { occurred_at: ticket.updated_at, ref: `ticket-${ticket.id}`, version: "1.0" },
      type,
      ticket: {
        id: ticket.id,
        status: ticket.status,
        priority: ticket.priority,
        type: ticket.type,
        tags: ticket.tags,
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

async function forward(request: HttpRequest, fetchImpl: typeof fetch): Promise<HttpResponse> {
  try {
    const response = await fetchImpl(request.url, {
      // A slow upstream must not hold the Events API caller (and the flow) for minutes.
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Not JSON: the interpreter wraps text bodies itself.
    }
    return { status: response.status, body };
  } catch (error) {
    const failure = error as Error & { cause?: unknown };
    const reason =
      failure.name === "TimeoutError"
        ? `no answer within ${FORWARD_TIMEOUT_MS / 1000} s`
        : failure.cause instanceof Error
          ? `${failure.message} (${failure.cause.message})`
          : failure.message;
    return { status: 502, body: { error: `zisflow dev could not reach ${request.url}: ${reason}` } };
  }
}
