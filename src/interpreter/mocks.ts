import { z } from "zod";
import { jsonRecord, jsonTypeOf } from "../model/json.js";
import { firstProblem, type SchemaProblem } from "../model/parse.js";
import { toPointer } from "../model/pointer.js";
import { MAX_DATA_DEPTH, measure, type DataShape } from "./data.js";
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

  /**
   * The answer to `request`. A handler's answer is read with the response schema: one that throws or answers
   * something that is not a response is a HarnessError `mock_handler_failed`.
   */
  async respond(request: HttpRequest): Promise<HttpResponse> {
    const handler = this.#find(request);
    if (typeof handler !== "function") return handler;
    const which = `the mock handler for ${request.method} ${request.url} (action ${request.action})`;
    let answer: unknown;
    try {
      answer = await handler(request);
    } catch (error) {
      throw new HarnessError(
        "mock_handler_failed",
        `${which} threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const parsed = HttpResponseSchema.safeParse(answer);
    if (parsed.success) return parsed.data;
    const { pointer, reason } = firstProblem(parsed.error);
    throw new HarnessError(
      "mock_handler_failed",
      `${which} answered no response: ${pointer || "/"}: ${reason}`,
    );
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
  metadata: jsonRecord(z.unknown()).optional(),
});

const HttpResponseSchema = z.strictObject({
  status: z.number().int().min(100).max(599),
  headers: jsonRecord(z.string()).optional(),
  body: z.unknown().optional(),
});

const httpMockSchema = <R extends z.ZodType>(response: R) =>
  z.strictObject({
    match: z.strictObject({
      action: z.string().optional(),
      method: z.string().optional(),
      url: z.string().optional(),
    }),
    response,
    times: z.number().int().positive().optional(),
  });

const ConfigsMockSchema = jsonRecord(jsonRecord(z.unknown())).optional();

const LinksMockSchema = z
  .array(
    z.strictObject({
      link_type: z.string(),
      left_object: LinkObjectMockSchema,
      right_object: LinkObjectMockSchema,
    }),
  )
  .optional();

/** Mocks as a JSON file holds them (`zisflow run --mocks`): Mocks without handler functions. */
export const MocksJsonSchema = z.strictObject({
  http: z.array(httpMockSchema(HttpResponseSchema)).optional(),
  configs: ConfigsMockSchema,
  links: LinksMockSchema,
});

const HandlerSchema = z.custom<HttpHandler>((value) => typeof value === "function", {
  message: "expected a function",
});

/** Mocks as `RunOptions.mocks` takes them: the JSON shape, with handler functions where `Mocks` allows them. */
const MocksSchema = z.strictObject({
  http: z
    .union([z.array(httpMockSchema(z.union([HttpResponseSchema, HandlerSchema]))), HandlerSchema])
    .optional(),
  configs: ConfigsMockSchema,
  links: LinksMockSchema,
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

/**
 * The mocks a run was given, checked once before the run reads them (callers in plain JavaScript can pass
 * anything): a malformed entry is a HarnessError `invalid_mocks` naming its JSON pointer, and configs or link
 * metadata nested deeper than MAX_DATA_DEPTH are refused before the store copies them.
 */
export function checkMocks(mocks: Mocks | undefined): Mocks | undefined {
  if (mocks === undefined) return undefined;
  const parsed = MocksSchema.safeParse(mocks);
  if (!parsed.success) {
    const { pointer, reason } = mocksProblem(parsed.error, mocks);
    throw new HarnessError("invalid_mocks", `mocks: ${pointer || "/"}: ${reason}`);
  }
  const memo = new Map<object, DataShape>();
  const deep = (value: unknown): boolean =>
    measure(value, { bytes: Infinity, depth: MAX_DATA_DEPTH }, memo) === "too_deep";
  for (const [scope, config] of Object.entries(mocks.configs ?? {}))
    if (deep(config)) throw tooDeep(["configs", scope]);
  for (const [i, link] of (mocks.links ?? []).entries())
    for (const side of ["left_object", "right_object"] as const)
      if (deep(link[side].metadata)) throw tooDeep(["links", i, side, "metadata"]);
  return mocks;
}

const tooDeep = (at: ReadonlyArray<string | number>): HarnessError =>
  new HarnessError("invalid_mocks", `mocks: ${toPointer(at)}: nested deeper than ${MAX_DATA_DEPTH} levels`);

/**
 * The first problem as a JSON pointer and zod's words. Where a union of a shape and a handler function failed,
 * the shape's problem is the one to tell (a response without a status), or, where the value is neither, both.
 */
function mocksProblem(error: z.ZodError, mocks: unknown): Omit<SchemaProblem, "member"> {
  let issue = error.issues[0]!;
  const path: PropertyKey[] = [];
  while (issue.code === "invalid_union" && issue.errors[0]?.[0] !== undefined) {
    path.push(...issue.path);
    const shapeIssue: z.core.$ZodIssue = issue.errors[0][0];
    if (shapeIssue.path.length === 0 && shapeIssue.code === "invalid_type") {
      const value = path.reduce<unknown>(
        (owner, key) => (owner as Record<PropertyKey, unknown> | undefined)?.[key],
        mocks,
      );
      return {
        pointer: pointerOf(path),
        reason: `expected ${shapeIssue.expected} or a function, received ${jsonTypeOf(value)}`,
      };
    }
    issue = shapeIssue;
  }
  const { pointer, reason } = firstProblem(new z.ZodError([issue]));
  return { pointer: pointerOf(path) + pointer, reason };
}

const pointerOf = (path: readonly PropertyKey[]): string =>
  toPointer(path.map((key) => (typeof key === "symbol" ? String(key) : key)));
