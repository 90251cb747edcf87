import { StateError, STATE_ERROR_NAMES, HarnessError } from "../errors.js";
import { budgetExceeded } from "../budget.js";
import type { Connection, PreparedHttpAction, RunContext } from "../context.js";
import { MAX_DATA_DEPTH, measure, readJsonPayload, setMember } from "../data.js";
import type { HttpRequest, HttpResponse } from "../mocks.js";
import { renderPlaceholderValue } from "../dynamic.js";
import type { TraceEntry } from "../trace.js";
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
  entry: TraceEntry,
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
  if (connectionName !== undefined && Object.hasOwn(context.connections, connectionName)) {
    const credential = authorization(context.connections[connectionName]!, connectionName, url);
    for (const [name, value] of Object.entries(credential)) setMember(headers, name, value);
  }
  const request: HttpRequest = {
    action: action.name,
    method,
    url,
    headers,
    body: definition.requestBody,
    ...(connectionName !== undefined ? { connection: connectionName } : {}),
  };
  entry.requests.push(request);
  context.requests.push(request);
  const response = await context.http.respond(request);
  entry.statuses.push(response.status);
  if (response.status < 200 || response.status > 299)
    throw new StateError(
      STATE_ERROR_NAMES.taskFailed,
      `external action failed due to status code: ${response.status}`,
    );
  return responseBody(response, context, request, entry.state);
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

/**
 * The result a response body gives, within payloadBytes (UTF-8 bytes of what it would be on the wire: a string
 * as it is, anything else as JSON text) and MAX_DATA_DEPTH.
 */
function responseBody(
  response: HttpResponse,
  context: RunContext,
  request: HttpRequest,
  state: string,
): unknown {
  const { body } = response;
  const { payloadBytes } = context.budget;
  const tooLarge = (size: string): HarnessError =>
    budgetExceeded(
      "payloadBytes",
      payloadBytes,
      state,
      `the response to ${request.method} ${request.url} is ${size}`,
    );
  const tooDeep = (): HarnessError =>
    new HarnessError(
      "invalid_mocks",
      `the response body for ${request.method} ${request.url} (action ${request.action}) is nested deeper than ${MAX_DATA_DEPTH} levels`,
    );
  if (body === undefined || body === "") return null;
  if (typeof body === "string") {
    const bytes = Buffer.byteLength(body, "utf8");
    if (bytes > payloadBytes) throw tooLarge(`${bytes} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return { __httpresponse: body };
    }
    // JSON.parse reads any depth; what the interpreter then does with the value would not.
    if (measure(value, { bytes: Infinity, depth: MAX_DATA_DEPTH }) === "too_deep") throw tooDeep();
    return value;
  }
  const read = readJsonPayload(body, payloadBytes);
  switch (read.kind) {
    case "ok":
      return read.value;
    case "too_large":
      throw tooLarge(read.size);
    case "too_deep":
      throw tooDeep();
    case "not_json":
      throw new HarnessError(
        "invalid_mocks",
        `the response body for ${request.method} ${request.url} (action ${request.action}) is not JSON: ${read.reason}`,
      );
  }
}
