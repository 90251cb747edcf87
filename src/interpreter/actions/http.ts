import { StateError, STATE_ERROR_NAMES, HarnessError } from "../errors.js";
import type { Connection, PreparedHttpAction, RunContext } from "../context.js";
import type { HttpRequest, HttpResponse } from "../mocks.js";
import { renderPlaceholderValue } from "../dynamic.js";
import { RenderedHttpActionSchema, toPointer, type RenderedHttpAction } from "../../model/index.js";

/**
 * Runs a custom HTTP action: inside its definition `$` is the state's resolved Parameters. `path` goes to
 * https://<subdomain>.zendesk.com, `url` is absolute. A JSON response body is the result; a non-JSON body is
 * `{ "__httpresponse": text }`; an empty one is null. A non-2xx status is a runtime error whose Cause is
 * "external action failed due to status code: <status>".
 */
export async function runHttpAction(
  action: PreparedHttpAction,
  parameters: unknown,
  context: RunContext,
  sent: HttpRequest[],
): Promise<unknown> {
  const definition = renderedDefinition(action, parameters);
  const method = (definition.method ?? "GET").toUpperCase();
  let url =
    definition.url ??
    `${context.zendeskBaseUrl.replace("{subdomain}", context.subdomain)}${definition.path ?? ""}`;
  const query = keyValues(definition.queryParams ?? definition.query);
  if (query.length > 0) {
    const encoded = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    url += (url.includes("?") ? "&" : "?") + encoded;
  }
  const headers: Record<string, string> = Object.fromEntries(keyValues(definition.headers));
  const { connectionName } = definition;
  if (connectionName !== undefined) {
    const connection = context.connections[connectionName];
    if (connection) Object.assign(headers, authorization(connection, connectionName, url));
  }
  const request: HttpRequest = {
    action: action.name,
    method,
    url,
    headers,
    body: definition.requestBody,
    ...(connectionName !== undefined ? { connection: connectionName } : {}),
  };
  sent.push(request);
  context.requests.push(request);
  const response = await context.http.respond(request);
  if (!Number.isInteger(response.status))
    throw new HarnessError("mock_handler_failed", `the mock for ${method} ${url} has no numeric status`);
  if (response.status < 200 || response.status > 299)
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `external action failed due to status code: ${response.status}`,
    );
  return responseBody(response, context, request);
}

/** The action's definition rendered against the caller's Parameters, read with the model's schema. */
function renderedDefinition(action: PreparedHttpAction, parameters: unknown): RenderedHttpAction {
  const parsed = RenderedHttpActionSchema.safeParse(action.definition(parameters));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = toPointer(issue.path.map((key) => (typeof key === "symbol" ? String(key) : key)));
  throw new HarnessError(
    "invalid_bundle",
    `HTTP action "${action.name}": the rendered definition at ${at || "/"} is invalid: ${issue.message}`,
  );
}

function keyValues(list: RenderedHttpAction["headers"]): Array<[string, string]> {
  return (list ?? []).flatMap(({ key, value }) =>
    value === undefined ? [] : [[key, renderPlaceholderValue(value)] as [string, string]],
  );
}

function authorization(connection: Connection, name: string, url: string): Record<string, string> {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `connection "${name}" cannot be used with "${url}": not an absolute URL`,
    );
  }
  if (
    connection.allowed_domain !== undefined &&
    host !== connection.allowed_domain &&
    !host.endsWith(`.${connection.allowed_domain}`)
  )
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `connection "${name}" may only be used with ${connection.allowed_domain}, not ${host}`,
    );
  switch (connection.type) {
    case "oauth":
    case "bearer_token":
      return { Authorization: `Bearer ${connection.token}` };
    case "api_key":
      return { [connection.header_name]: connection.api_key };
    case "basic_auth":
      return {
        Authorization: `Basic ${Buffer.from(`${connection.username}:${connection.password}`).toString("base64")}`,
      };
  }
}

function responseBody(response: HttpResponse, context: RunContext, request: HttpRequest): unknown {
  const { body } = response;
  if (body === undefined || body === "") return null;
  if (typeof body === "string") {
    checkSize(body, context, request);
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return { __httpresponse: body };
    }
  }
  const text = JSON.stringify(body);
  checkSize(text, context, request);
  return JSON.parse(text) as unknown;
}

/** A body over `maxPayloadBytes` UTF-8 bytes (what it would be on the wire) is a harness error. */
function checkSize(text: string, context: RunContext, request: HttpRequest): void {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > context.maxPayloadBytes)
    throw new HarnessError(
      "payload_too_large",
      `the response to ${request.method} ${request.url} is ${bytes} bytes, over maxPayloadBytes (${context.maxPayloadBytes})`,
    );
}
