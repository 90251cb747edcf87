import { AsyncLocalStorage } from "node:async_hooks";
import { HarnessError } from "../interpreter/errors.js";
import { HttpMockServer, type HttpMock, type HttpRequest, type HttpResponse } from "../interpreter/mocks.js";
import { runFlow } from "../interpreter/run.js";
import { parseFlowReference } from "../model/names.js";
import { forward } from "./forward.js";
import { authenticated, respond, type ApiRequest, type ApiResponse } from "./http.js";
import { INSPECTION_ROUTES } from "./inspection.js";
import { dispatch } from "./router.js";
import { API_ROUTES } from "./routes.js";
import type { ZendeskData } from "./zendesk.js";

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
    const inspection = path.startsWith("/zisflow");
    if (!inspection && !authenticated(request))
      return respond.json(401, { error: "Couldn't authenticate you" });
    return dispatch(inspection ? INSPECTION_ROUTES : API_ROUTES, path, {
      data: this.data,
      request,
      emit: (eventSource, eventType, input) => this.emit(eventSource, eventType, input),
    });
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
}
