import { z } from "zod";
import { firstProblem } from "../model/parse.js";
import { HarnessError } from "./errors.js";

/** A request a custom action makes, as the interpreter records it and as mock handlers receive it. */
export interface HttpRequest {
  /** The action's `properties.name`. */
  readonly action: string;
  readonly method: string;
  /** Absolute URL, query string included. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON request body, or undefined when the action sends none. */
  readonly body: unknown;
  /** The ZIS connection the action named, if any. */
  readonly connection?: string;
}

export interface HttpResponse {
  readonly status: number;
  /** @default none */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** JSON value, or a string (parsed as JSON when it is JSON). @default an empty body (the result is null) */
  readonly body?: unknown;
}

export type HttpHandler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

/** One canned answer: the first entry whose `match` fits the request answers it. */
export interface HttpMock {
  readonly match: {
    /** The action's `properties.name`. @default any action */
    readonly action?: string | undefined;
    /** In any case. @default any method */
    readonly method?: string | undefined;
    /** Absolute URL, query string included. @default any URL */
    readonly url?: string | undefined;
  };
  readonly response: HttpResponse | HttpHandler;
  /** How many requests this entry answers. @default unlimited */
  readonly times?: number | undefined;
}

/** Everything a run may need from the outside, in one JSON-serialisable shape (functions allowed in tests). */
export interface Mocks {
  /**
   * Answers to requests: the first entry that matches, or one handler for all.
   * @default none: any request is an error
   */
  readonly http?: readonly HttpMock[] | HttpHandler | undefined;
  /** Configs by scope, loaded into the config store before the run. @default none */
  readonly configs?: Readonly<Record<string, Record<string, unknown>>> | undefined;
  /** Links present before the run (added unless the store holds them). @default none */
  readonly links?:
    | ReadonlyArray<{
        readonly link_type: string;
        readonly left_object: {
          readonly name: string;
          /** @default none */
          readonly metadata?: Record<string, unknown> | undefined;
        };
        readonly right_object: {
          readonly name: string;
          /** @default none */
          readonly metadata?: Record<string, unknown> | undefined;
        };
      }>
    | undefined;
}

/** Answers requests from a Mocks value, counting uses of entries with `times`. */
export class HttpMockServer {
  readonly #used = new Map<HttpMock, number>();
  constructor(private readonly http: Mocks["http"]) {}

  async respond(request: HttpRequest): Promise<HttpResponse> {
    const handler = this.#find(request);
    try {
      return typeof handler === "function" ? await handler(request) : handler;
    } catch (error) {
      throw new HarnessError(
        "mock_handler_failed",
        `the mock handler for ${request.method} ${request.url} (action ${request.action}) threw: ${(error as Error).message}`,
      );
    }
  }

  #find(request: HttpRequest): HttpResponse | HttpHandler {
    if (typeof this.http === "function") return this.http;
    for (const mock of this.http ?? []) {
      const { action, method, url } = mock.match;
      if (action !== undefined && action !== request.action) continue;
      if (method !== undefined && method.toUpperCase() !== request.method) continue;
      if (url !== undefined && url !== request.url) continue;
      const used = this.#used.get(mock) ?? 0;
      if (mock.times !== undefined && used >= mock.times) continue;
      this.#used.set(mock, used + 1);
      return mock.response;
    }
    throw new HarnessError(
      "unmatched_request",
      `no mock answers ${request.method} ${request.url} (action ${request.action}); add ${unmatchedEntry(request)} to mocks.http`,
    );
  }
}

/** A mocks entry answering `request`, as JSON (what `--mocks` files hold, and valid JavaScript too). */
function unmatchedEntry(request: HttpRequest): string {
  return JSON.stringify({
    match: { action: request.action, method: request.method, url: request.url },
    response: { status: 200, body: {} },
  });
}

const LinkObjectMockSchema = z.strictObject({
  name: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Mocks as a JSON file holds them (`zisflow run --mocks`): Mocks without handler functions. */
export const MocksJsonSchema = z.strictObject({
  http: z
    .array(
      z.strictObject({
        match: z.strictObject({
          action: z.string().optional(),
          method: z.string().optional(),
          url: z.string().optional(),
        }),
        response: z.strictObject({
          status: z.number().int().min(100).max(599),
          headers: z.record(z.string(), z.string()).optional(),
          body: z.unknown().optional(),
        }),
        times: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  configs: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  links: z
    .array(
      z.strictObject({
        link_type: z.string(),
        left_object: LinkObjectMockSchema,
        right_object: LinkObjectMockSchema,
      }),
    )
    .optional(),
});

/**
 * Reads mocks JSON (a `--mocks` file) with its schema; a HarnessError names the JSON pointer at fault. The
 * parsed JSON is returned as Mocks: should the two drift apart, this fails tsc.
 */
export function parseMocksJson(value: unknown, source: string): Mocks {
  const parsed = MocksJsonSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { pointer, reason } = firstProblem(parsed.error);
  throw new HarnessError("invalid_mocks", `${source}: ${pointer || "/"}: ${reason}`);
}
