import { DeployError, describeErrorBody } from "./errors.js";

/**
 * How requests authenticate (reference §10): an admin's email and API token (`{email}/token:{token}`), email
 * and password, or an OAuth access token (Bearer).
 */
export type Credentials =
  | { readonly kind: "api_token"; readonly email: string; readonly token: string }
  | { readonly kind: "password"; readonly email: string; readonly password: string }
  | { readonly kind: "oauth"; readonly token: string };

/** A `fetch`-compatible function (the global one by default). */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** The request a step sends, as it goes on the wire (or, from `describe`, with the credential redacted). */
export interface ZendeskRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body text, when there is one. */
  readonly body?: string;
}

/** What `send` reports while it works. */
export type ClientEvent =
  | {
      readonly type: "attempt";
      readonly step: string;
      readonly method: string;
      readonly url: string;
      readonly attempt: number;
      readonly maxAttempts: number;
    }
  | {
      readonly type: "retry";
      readonly step: string;
      /** `HTTP 503`, or `network error: …` (credentials scrubbed). */
      readonly reason: string;
      readonly status?: number;
      readonly delayMs: number;
      /** The attempt about to be made after the wait, counting the first. */
      readonly attempt: number;
      readonly maxAttempts: number;
    };

export interface HttpResult {
  readonly status: number;
  /** The response body, credentials scrubbed. */
  readonly body: string;
  readonly attempts: number;
}

export interface ZendeskClientOptions {
  /** `https://{subdomain}.zendesk.com`, or a local emulator's `http://127.0.0.1:PORT`. */
  readonly baseUrl: string;
  /**
   * How requests authenticate. Without them the client can only `describe` requests (a dry run), showing the
   * Authorization header as NO_CREDENTIALS; `send` throws DeployError `invalid_config`.
   */
  readonly credentials: Credentials | undefined;
  /** Sends the requests. @default the global fetch */
  readonly fetch?: FetchFunction;
  /** Waits between attempts. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock `Retry-After` dates are measured against. @default Date.now */
  readonly now?: () => number;
  /** Retries after a 429, a 5xx or a network error; 4xx other than 429 are never retried. @default 3 */
  readonly maxRetries?: number;
  /** Longest wait a `Retry-After` may ask for. @default 60 000 ms */
  readonly maxRetryAfterMs?: number;
  /** Time limit of one attempt, after which it counts as a network error. @default 20 000 ms */
  readonly timeoutMs?: number;
}

/** What the redacted Authorization header shows instead of the credential. */
export const REDACTED = "<redacted>";

/** What the Authorization header shows in a dry run without credentials. */
export const NO_CREDENTIALS = "<redacted; no credentials given>";

/** Back-off before retry n (n = 1, 2, 3…): 1 s, 2 s, 4 s, … */
export const backoffMs = (retry: number): number => 1000 * 2 ** (retry - 1);

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Zendesk REST API of one account: base URL, authentication, retries, and errors that never contain the
 * credentials (every text it returns or throws is scrubbed of the secret, the encoded header value, and their
 * URL- and JSON-escaped forms).
 */
export class ZendeskClient {
  readonly baseUrl: string;
  /** `Basic` or `Bearer`: what the Authorization header shows when redacted; undefined without credentials. */
  readonly authScheme: "Basic" | "Bearer" | undefined;
  /** The header value; undefined without credentials. */
  readonly #authorization: string | undefined;
  readonly #redact: (text: string) => string;
  readonly #fetch: FetchFunction;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #maxRetries: number;
  readonly #maxRetryAfterMs: number;
  readonly #timeoutMs: number;

  /** Throws DeployError (`invalid_config`) for a base URL or credentials that cannot be used. */
  constructor(options: ZendeskClientOptions) {
    const base = normalizeBaseUrl(options.baseUrl);
    if (!base.ok) throw new DeployError("invalid_config", base.problem);
    this.baseUrl = base.url;
    const auth = options.credentials !== undefined ? authorizationOf(options.credentials) : undefined;
    this.authScheme = auth?.scheme;
    this.#authorization = auth !== undefined ? `${auth.scheme} ${auth.value}` : undefined;
    this.#redact = makeRedactor(auth?.secrets ?? []);
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#sleep = options.sleep ?? realSleep;
    this.#now = options.now ?? Date.now;
    this.#maxRetries = options.maxRetries ?? 3;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    // Zendesk answers in seconds; a silent server should not hold a deploy for minutes (4 attempts).
    this.#timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** Replaces every occurrence of the credentials in `text` with `<redacted>`. */
  redact(text: string): string {
    return this.#redact(text);
  }

  /**
   * The request as `send` would send it, the Authorization value replaced by `<redacted>` (`Basic <redacted>`,
   * `Bearer <redacted>`), or NO_CREDENTIALS when the client has none.
   */
  describe(request: {
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
  }): ZendeskRequest {
    const authorization = this.authScheme !== undefined ? `${this.authScheme} ${REDACTED}` : NO_CREDENTIALS;
    const prepared = this.#prepare(request, authorization);
    return { ...prepared, ...(prepared.body !== undefined ? { body: this.#redact(prepared.body) } : {}) };
  }

  /**
   * Sends a request, retrying 429 (after its `Retry-After`, capped, else the back-off), 5xx and network errors
   * with back-off (1 s, 2 s, 4 s). Resolves with a 2xx answer; throws DeployError (`http_error`,
   * `network_error`) naming `step` otherwise.
   */
  async send(
    step: string,
    request: { readonly method: string; readonly path: string; readonly body?: unknown },
    onEvent: (event: ClientEvent) => void = () => {},
  ): Promise<HttpResult> {
    if (this.#authorization === undefined)
      throw new DeployError("invalid_config", `${step}: no credentials to send the request with`, { step });
    const prepared = this.#prepare(request, this.#authorization);
    const { method, url } = prepared;
    const maxAttempts = this.#maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      onEvent({ type: "attempt", step, method, url, attempt, maxAttempts });
      let response: Response;
      try {
        response = await this.#fetch(url, {
          method,
          headers: prepared.headers,
          ...(prepared.body !== undefined ? { body: prepared.body } : {}),
          // Never follow a redirect: it would carry the credentials (or a POST turned GET) elsewhere.
          redirect: "manual",
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
      } catch (error) {
        const reason = `network error: ${this.#redact(describeNetworkError(error))}`;
        if (attempt < maxAttempts && !isPermanentNetworkError(error)) {
          await this.#retry(step, reason, undefined, backoffMs(attempt), attempt + 1, maxAttempts, onEvent);
          continue;
        }
        throw new DeployError(
          "network_error",
          this.#redact(`${step} failed: ${method} ${url} → ${reason}${attempts(attempt)}`),
          { step, method, url: this.#redact(url), attempts: attempt },
        );
      }
      const body = this.#redact(await response.text().catch(() => ""));
      const status = response.status;
      if (status >= 200 && status < 300) return { status, body, attempts: attempt };
      const retryable = status === 429 || status >= 500;
      if (retryable && attempt < maxAttempts) {
        const retryAfter =
          status === 429 ? parseRetryAfter(response.headers.get("retry-after"), this.#now()) : undefined;
        const delay =
          retryAfter !== undefined ? Math.min(retryAfter, this.#maxRetryAfterMs) : backoffMs(attempt);
        await this.#retry(step, `HTTP ${status}`, status, delay, attempt + 1, maxAttempts, onEvent);
        continue;
      }
      const location = status >= 300 && status < 400 ? response.headers.get("location") : null;
      const detail =
        location !== null
          ? `redirected to ${this.#redact(location)}; use that address as the base URL`
          : describeErrorBody(body);
      throw new DeployError(
        "http_error",
        this.#redact(`${step} failed: ${method} ${url} → HTTP ${status}${attempts(attempt)}: ${detail}`),
        { step, method, url: this.#redact(url), status, body, attempts: attempt },
      );
    }
  }

  async #retry(
    step: string,
    reason: string,
    status: number | undefined,
    delayMs: number,
    attempt: number,
    maxAttempts: number,
    onEvent: (event: ClientEvent) => void,
  ): Promise<void> {
    onEvent({
      type: "retry",
      step,
      reason,
      ...(status !== undefined ? { status } : {}),
      delayMs,
      attempt,
      maxAttempts,
    });
    await this.#sleep(delayMs);
  }

  #prepare(
    request: { readonly method: string; readonly path: string; readonly body?: unknown },
    authorization: string,
  ): ZendeskRequest {
    const headers: Record<string, string> = { Authorization: authorization, Accept: "application/json" };
    if (request.body === undefined)
      return { method: request.method, url: this.baseUrl + request.path, headers };
    headers["Content-Type"] = "application/json";
    return {
      method: request.method,
      url: this.baseUrl + request.path,
      headers,
      body: JSON.stringify(request.body),
    };
  }
}

const attempts = (count: number): string => (count > 1 ? ` (after ${count} attempts)` : "");

/** The wait a `Retry-After` header asks for, in ms: delta-seconds or an HTTP date; undefined if unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000) * 1000);
}

/** Errors no retry can mend: an unknown host, or a port fetch refuses to use. */
function isPermanentNetworkError(error: unknown): boolean {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (!(cause instanceof Error)) return false;
  return (cause as NodeJS.ErrnoException).code === "ENOTFOUND" || /bad port/i.test(cause.message);
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "no answer before the time limit";
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error
      ? ((cause as NodeJS.ErrnoException).code ?? cause.message)
      : typeof cause === "string"
        ? cause
        : undefined;
  return causeText !== undefined && causeText !== error.message
    ? `${error.message} (${causeText})`
    : error.message;
}

/** Header values cannot hold line breaks or other control characters. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

function authorizationOf(credentials: Credentials): {
  scheme: "Basic" | "Bearer";
  value: string;
  secrets: string[];
} {
  const check = (value: string, what: string) => {
    if (value === "") throw new DeployError("invalid_config", `the ${what} is empty`);
    if (CONTROL_CHARACTER.test(value))
      throw new DeployError("invalid_config", `the ${what} contains a line break or control character`);
  };
  switch (credentials.kind) {
    case "api_token":
    case "password": {
      const secret = credentials.kind === "api_token" ? credentials.token : credentials.password;
      check(credentials.email, "email");
      check(secret, credentials.kind === "api_token" ? "API token" : "password");
      const user =
        credentials.kind === "api_token"
          ? `${credentials.email}/token:${secret}`
          : `${credentials.email}:${secret}`;
      const value = Buffer.from(user, "utf8").toString("base64");
      return { scheme: "Basic", value, secrets: [secret, user, value] };
    }
    case "oauth":
      check(credentials.token, "OAuth token");
      return { scheme: "Bearer", value: credentials.token, secrets: [credentials.token] };
  }
}

/**
 * A function that replaces each secret with `<redacted>`, in every form a server might echo it: as is, URL-encoded
 * (upper or lower case, `+` for spaces as forms encode), JSON-escaped and HTML-escaped. One pass, longest form
 * first, and `<redacted>` itself is left alone, so redacting twice changes nothing even for a one-letter secret.
 */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      escapeHtml(secret),
    ])
      forms.add(form);
  }
  if (forms.size === 0) return (text) => text;
  const alternatives = [REDACTED, ...[...forms].sort((a, b) => b.length - a.length)].map((f) =>
    f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
  );
  const pattern = new RegExp(alternatives.join("|"), "gi");
  return (text) => text.replace(pattern, () => REDACTED);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "#39" }[c]};`,
  );
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A base URL requests can be made against: http(s), no user or password, no query or fragment, no trailing
 * slash. Plain http only to a loopback host (a local emulator): anything else would send the credentials in the
 * clear.
 */
export function normalizeBaseUrl(
  text: string,
): { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: string } {
  // Quote the text back only when it cannot hold a user name and password.
  const quoted = text.includes("@") ? "the base URL" : `"${text}"`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `${quoted} is not a URL (expected e.g. https://acme.zendesk.com)` };
  }
  // Never echo a URL that holds a password.
  if (url.username !== "" || url.password !== "")
    return { ok: false, problem: "the base URL must not contain a user name or password" };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, problem: `${quoted} is not an http(s) URL` };
  if (url.search !== "" || url.hash !== "")
    return { ok: false, problem: `${quoted} has a query or fragment; give the base URL only` };
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith("127."))
    return {
      ok: false,
      problem: `refusing to send credentials over plain http to ${url.hostname}; use https (http is for local emulators on localhost)`,
    };
  return { ok: true, url: url.origin + url.pathname.replace(/\/+$/, "") };
}
