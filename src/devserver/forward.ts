import type { HttpRequest, HttpResponse } from "../interpreter/mocks.js";

/** How long a forwarded request may take before the flow sees a 502. */
const FORWARD_TIMEOUT_MS = 30_000;

/** Sends a flow's request to its real server; a failure to reach it is a 502 the flow sees. */
export async function forward(request: HttpRequest, fetchImpl: typeof fetch): Promise<HttpResponse> {
  try {
    const response = await fetchImpl(request.url, {
      // A slow upstream must not hold the Events API caller (and the flow) for minutes.
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === "" ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // Not JSON: the interpreter wraps text bodies itself.
    }
    return { status: response.status, body };
  } catch (error) {
    const failure = error as Error & { cause?: unknown };
    const reason =
      failure.name === "TimeoutError"
        ? `no answer within ${FORWARD_TIMEOUT_MS / 1000} s`
        : failure.cause instanceof Error
          ? `${failure.message} (${failure.cause.message})`
          : failure.message;
    return { status: 502, body: { error: `zisflow dev could not reach ${request.url}: ${reason}` } };
  }
}
