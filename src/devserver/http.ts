import { isPlainObject } from "../model/json.js";

/** A request to the local Zendesk, from the network or from a flow's custom action. */
export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body; undefined when there is none. */
  readonly body: unknown;
  /** Sent by a flow through the `zendesk` connection, which ZIS authenticates itself. */
  readonly internal: boolean;
}

export interface ApiResponse {
  readonly status: number;
  /** JSON; undefined for an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Called once the response has been sent in full (the stop endpoint stops the server only then). @default none */
  readonly afterSent?: () => void;
}

/** Zendesk's error shapes: the Registry's `errors` list, and the Support API's `error` + `description`. */
export const respond = {
  json: (status: number, body: unknown): ApiResponse => ({ status, body }),
  empty: (status = 204): ApiResponse => ({ status }),
  registryError: (status: number, code: string, details: readonly string[]): ApiResponse => ({
    status,
    body: {
      errors: details.map((detail) => ({ code, detail, status: String(status) })),
      message: details[0] ?? "",
    },
  }),
  supportError: (status: number, error: string, description: string): ApiResponse => ({
    status,
    body: { error, description },
  }),
  methodNotAllowed: (): ApiResponse => ({ status: 405, body: { error: "MethodNotAllowed" } }),
  notFound: (): ApiResponse => ({
    status: 404,
    body: { error: "RecordNotFound", description: "Not found" },
  }),
};

/** A JSON object body, or undefined when the body is missing or not an object. */
export function objectBody(request: ApiRequest): Record<string, unknown> | undefined {
  return isPlainObject(request.body) ? request.body : undefined;
}

/**
 * Whether a request carries credentials the way Zendesk takes them: basic auth (`email:password` or
 * `email/token:api_token`) or a bearer token. Any non-empty credentials are accepted: this Zendesk is local.
 */
export function authenticated(request: ApiRequest): boolean {
  if (request.internal) return true;
  const header = request.headers.authorization ?? "";
  const [scheme, value = ""] = header.split(/\s+/, 2);
  if (scheme?.toLowerCase() === "bearer") return value.length > 0;
  if (scheme?.toLowerCase() !== "basic") return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 && colon < decoded.length - 1;
}
