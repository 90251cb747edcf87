import { AsyncLocalStorage } from "node:async_hooks";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import { VirtualClock } from "../interpreter/clock.js";
import { HarnessError } from "../interpreter/errors.js";
import { HttpMockServer, type HttpMock, type HttpRequest, type HttpResponse } from "../interpreter/mocks.js";
import { runFlow } from "../interpreter/run.js";
import { parseFlowReference } from "../model/names.js";
import { forward } from "./forward.js";
import { authenticated, respond, type ApiRequest, type ApiResponse } from "./http.js";
import { INSPECTION_ROUTES } from "./inspection.js";
import { dispatch } from "./router.js";
import { API_ROUTES } from "./routes.js";
import { RunQueue } from "./run-queue.js";
import type { JobSpecInfo, ZendeskData } from "./zendesk.js";

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

/** Why a run that was queued or running when the server stopped has no outcome. */
const SERVER_STOPPED = {
  Error: "server_stopped",
  Cause: "zisflow dev stopped before the run ended",
} as const;

/** A flow run waiting for its turn: what the event was, for which job spec, how deep in a chain of events. */
interface QueuedRun {
  readonly runId: number;
  readonly spec: JobSpecInfo;
  readonly input: unknown;
  /** 1 for an event an API caller caused, one more for each flow between it and that caller. */
  readonly depth: number;
}

/**
 * The local Zendesk: routes API requests (from the network or from flows) to the emulated APIs, and runs the
 * flows of installed job specs when events occur. As in ZIS, the API call that causes an event answers at once:
 * the runs wait in a queue and run one after another, in the order of their events, while the server goes on
 * answering requests (`idle()` and `GET /zisflow/runs?wait=SECONDS` wait for them).
 */
export class LocalZendesk {
  readonly #mocks: HttpMockServer | undefined;
  /** How many events deep the running flow is (its requests may cause events); undefined for API callers. */
  readonly #depth = new AsyncLocalStorage<number>();
  readonly #runs = new RunQueue<QueuedRun>(
    (run) => this.#perform(run),
    (run) => this.data.updateRun(run.runId, { status: "error", error: SERVER_STOPPED }),
  );

  constructor(
    readonly data: ZendeskData,
    readonly options: LocalZendeskOptions = {},
  ) {
    this.#mocks = options.mocks ? new HttpMockServer(options.mocks) : undefined;
    // Runs a previous server left queued or running (it was killed) will never end: say so.
    for (const run of data.runs())
      if (run.status === "queued" || run.status === "running")
        data.updateRun(Number(run.id), { status: "error", error: SERVER_STOPPED });
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
      runs: this.#runs,
      requestStop: this.#requestStop,
    });
  }

  #requestStop: () => void = () => {};
  readonly #stopRequested = new Promise<void>((resolve) => (this.#requestStop = resolve));

  /**
   * Resolves when `POST /zisflow/stop` asks the server to stop: `zisflow dev` then stops as on Ctrl-C (a script
   * that started it through npx cannot always signal it). The server itself goes on until closed.
   */
  get stopRequested(): Promise<void> {
    return this.#stopRequested;
  }

  /**
   * Queues a run of the flow of every installed job spec for this event, in upload order. Returns the ids of
   * the queued runs (see `GET /zisflow/runs/{id}`).
   */
  emit(eventSource: string, eventType: string, input: unknown): number[] {
    const depth = (this.#depth.getStore() ?? 0) + 1;
    if (depth > MAX_EVENT_DEPTH) return [];
    const specs = this.data
      .jobSpecs()
      .filter(
        (s) =>
          s.event_source === eventSource && s.event_type === eventType && this.data.isInstalled(s.fullName),
      );
    return specs.map((spec) => {
      const runId = this.data.queueRun({
        job_spec: spec.fullName,
        event_source: eventSource,
        event_type: eventType,
      });
      this.#runs.add({ runId, spec, input, depth });
      return runId;
    });
  }

  /** Resolves once no flow run is queued or running. */
  idle(): Promise<void> {
    return this.#runs.idle();
  }

  /** Runs no more flows: the queued runs are recorded as not run; resolves once the running one has ended. */
  stop(): Promise<void> {
    return this.#runs.stop();
  }

  async #perform({ runId, spec, input, depth }: QueuedRun): Promise<void> {
    this.data.updateRun(runId, { status: "running" });
    const flow = parseFlowReference(spec.flow_name);
    try {
      const result = await this.#depth.run(depth, () =>
        runFlow(spec.bundle.bundle, {
          flow: flow.ok ? flow.name : spec.flow_name,
          input,
          store: this.data.store(spec.integration),
          integration: spec.integration,
          accountId: this.data.account.id,
          subdomain: this.data.account.subdomain,
          zendeskBaseUrl: this.data.account.baseUrl,
          clock: new YieldingClock(),
          mocks: { http: (request) => this.#outbound(request) },
        }),
      );
      this.data.updateRun(runId, result);
    } catch (error) {
      // No request waits for this run to report an emulator bug to: the run records it, and the queue goes on.
      const failure =
        error instanceof HarnessError
          ? { Error: error.code, Cause: error.message }
          : { Error: "internal_error", Cause: `zisflow dev failed: ${(error as Error).message}` };
      this.data.updateRun(runId, { status: "error", error: failure });
    } finally {
      // What the run wrote to configs and links stays, as in ZIS, also when it ended in an error.
      this.data.saveStore(spec.integration);
    }
  }

  /** A flow's request: to this Zendesk in-process, elsewhere to the request bin (or forwarded). */
  async #outbound(request: HttpRequest): Promise<HttpResponse> {
    // A request is a step of the run: the server answers others before it.
    await turnOfEventLoop();
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

/** Virtual time, as in `zisflow run`; a Wait or a Retry interval lets the server answer other requests. */
class YieldingClock extends VirtualClock {
  override async sleep(seconds: number): Promise<void> {
    await super.sleep(seconds);
    await turnOfEventLoop();
  }
}
