import { respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { RunWaits } from "./run-queue.js";
import type { ZendeskData } from "./zendesk.js";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** What every handler gets: the account, the request, a way to emit events, and the queue of their runs. */
export interface RequestContext {
  readonly data: ZendeskData;
  readonly request: ApiRequest;
  /** Queues runs of the flows installed for an event; the ids of the queued runs. */
  readonly emit: (eventSource: string, eventType: string, input: unknown) => number[];
  readonly runs: RunWaits;
  /** Asks whoever runs the server to stop it (`POST /zisflow/stop`). */
  readonly requestStop: () => void;
}

/** A handler's context: with the parameters of the route's path. */
export interface RouteContext<Params> extends RequestContext {
  readonly params: Params;
}

type Answer = ApiResponse | Promise<ApiResponse>;
type Handler<Params> = (context: RouteContext<Params>) => Answer;

/**
 * The parameters a path pattern names: `{name}` is one decoded path segment, `{name:int}` a run of digits as a
 * number.
 */
type ParamsOf<Pattern extends string> = Pattern extends `${string}{${infer Param}}${infer Rest}`
  ? (Param extends `${infer Name}:int`
      ? { readonly [K in Name]: number }
      : { readonly [K in Param]: string }) &
      ParamsOf<Rest>
  : unknown;

/** One resource: the methods it takes. */
export interface Route {
  /** The handler for a method, with the path's parameters bound; undefined when the path does not match. */
  match(path: string): ((method: Method) => ((context: RequestContext) => Answer) | undefined) | undefined;
  /** Whether a method the resource does not take is told 405 or, as for an unknown path, 404. */
  readonly otherMethods: "method_not_allowed" | "not_found";
}

/**
 * A resource at `pattern`: `{name}` and `{name:int}` are parameters, `[…]` an optional part (`/tickets[.json]`).
 * The rest matches literally.
 */
export function route<Pattern extends string>(
  pattern: Pattern,
  handlers: Readonly<Partial<Record<Method, Handler<ParamsOf<Pattern>>>>>,
  options: { readonly otherMethods?: Route["otherMethods"] } = {},
): Route {
  const names: { readonly name: string; readonly int: boolean }[] = [];
  const source = pattern.replace(
    /\{(\w+)(:int)?\}|\[([^\]]*)\]|[^{[]+/g,
    (part: string, name: string | undefined, int: string | undefined, optional: string | undefined) => {
      if (name !== undefined) {
        names.push({ name, int: int !== undefined });
        return int !== undefined ? "(\\d+)" : "([^/]+)";
      }
      return optional !== undefined ? `(?:${escapeRegExp(optional)})?` : escapeRegExp(part);
    },
  );
  const regex = new RegExp(`^${source}$`);
  return {
    otherMethods: options.otherMethods ?? "method_not_allowed",
    match(path) {
      const found = regex.exec(path);
      if (!found) return undefined;
      return (method) => {
        const handler = handlers[method];
        if (!handler) return undefined;
        // Decoded once the method is known to be taken; a segment like %ZZ throws a URIError (a 400).
        const params = Object.fromEntries(
          names.map(({ name, int }, i) => [
            name,
            int ? Number(found[i + 1]) : decodeURIComponent(found[i + 1]!),
          ]),
        ) as ParamsOf<Pattern>;
        return (context) => handler({ ...context, params });
      };
    },
  };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A table of routes, and how it answers a path none of them matches. */
export interface RouteTable {
  readonly routes: readonly Route[];
  readonly notFound: (method: string, path: string) => ApiResponse;
}

/** The first route whose pattern matches the path answers: with its handler for the method, or a 405 / 404. */
export function dispatch(table: RouteTable, path: string, context: RequestContext): Answer {
  const { method } = context.request;
  for (const candidate of table.routes) {
    const handlerFor = candidate.match(path);
    if (!handlerFor) continue;
    const handler = isMethod(method) ? handlerFor(method) : undefined;
    if (handler) return handler(context);
    return candidate.otherMethods === "not_found" ? table.notFound(method, path) : respond.methodNotAllowed();
  }
  return table.notFound(method, path);
}

const isMethod = (method: string): method is Method => (METHODS as readonly string[]).includes(method);
