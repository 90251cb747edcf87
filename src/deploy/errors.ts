import { isPlainObject } from "../model/json.js";

/**
 * Stable codes of deployment failures (scripts may match on them; messages may be reworded):
 * - `invalid_config`: a base URL or credentials the client cannot use;
 * - `invalid_plan`: a bundle that cannot be deployed as is (no name, an unusable integration key, a job spec
 *   without a name);
 * - `http_error`: Zendesk answered with a status that is not 2xx (after the retries, for 429 and 5xx);
 * - `network_error`: no answer (connection refused, DNS, timeout), after the retries.
 */
export type DeployErrorCode = "invalid_config" | "invalid_plan" | "http_error" | "network_error";

export interface DeployErrorDetails {
  /** The step that failed, e.g. `upload bundle`. */
  readonly step?: string;
  readonly method?: string;
  readonly url?: string;
  /** The last HTTP status, for `http_error`. */
  readonly status?: number;
  /** Zendesk's answer, credentials scrubbed. */
  readonly body?: string;
  /** Attempts made, retries included. */
  readonly attempts?: number;
}

/** Why a deployment step failed. Its message never contains credentials. */
export class DeployError extends Error {
  override readonly name = "DeployError";
  readonly code: DeployErrorCode;
  readonly step: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly attempts: number | undefined;

  constructor(code: DeployErrorCode, message: string, details: DeployErrorDetails = {}) {
    super(message);
    this.code = code;
    this.step = details.step;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.body = details.body;
    this.attempts = details.attempts;
  }
}

/** How much of a response body that is not one of Zendesk's error shapes a message quotes. */
export const RAW_BODY_LIMIT = 500;

/**
 * One readable line for an error response: Zendesk's Registry shape
 * `{"errors":[{"code","detail","status"}],"message"}`, the Support API's `{"error","description"}`, else the
 * raw body with whitespace collapsed, truncated to `limit` characters.
 */
export function describeErrorBody(body: string, limit = RAW_BODY_LIMIT): string {
  const trimmed = body.trim();
  if (trimmed === "") return "(empty body)";
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    parsed = undefined;
  }
  const line = parsed === undefined ? undefined : zendeskErrorLine(parsed);
  return truncate(line ?? trimmed.replace(/\s+/g, " "), limit);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;

function zendeskErrorLine(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const errors: Array<{ readonly detail: string; readonly code: string | undefined }> = [];
  if (Array.isArray(value.errors)) {
    for (const error of value.errors) {
      if (isPlainObject(error))
        errors.push({
          detail: text(error.detail) ?? text(error.title) ?? text(error.message) ?? "error",
          code: text(error.code),
        });
      else if (text(error) !== undefined) errors.push({ detail: text(error)!, code: undefined });
    }
  }
  let message = text(value.message) ?? text(value.description);
  if (typeof value.error === "string") {
    // The Support API: {"error": "RecordInvalid", "description": "…"}.
    message = message !== undefined ? `${value.error}: ${message}` : value.error;
  } else if (isPlainObject(value.error)) {
    const parts = [text(value.error.title), text(value.error.message)].filter((part) => part !== undefined);
    if (parts.length > 0) message = parts.join(": ");
  }
  // The Registry often repeats the first detail as the message.
  if (message !== undefined && errors.some((error) => error.detail === message)) message = undefined;
  const details = errors.map(({ detail, code }) =>
    code !== undefined ? `${detail} (code ${code})` : detail,
  );
  if (message !== undefined && details.length > 0) return `${message}: ${details.join("; ")}`;
  return message ?? (details.length > 0 ? details.join("; ") : undefined);
}
