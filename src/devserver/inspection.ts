import { respond, type ApiRequest, type ApiResponse } from "./http.js";
import { route, type RouteTable } from "./router.js";

/** The longest a `?wait=SECONDS` request waits for runs to end. */
const MAX_WAIT_SECONDS = 60;

/**
 * The inspection endpoints under `/zisflow`, without credentials: the request bin, the flow runs, and a stop. With
 * `?wait=SECONDS`, the runs answer once no run is queued or running, a run once it has ended, or after that
 * long at most (then showing the runs as they are).
 */
export const INSPECTION_ROUTES: RouteTable = {
  routes: [
    route("/zisflow/requests", {
      GET: ({ data }) => respond.json(200, { requests: data.binEntries() }),
      DELETE: ({ data }) => {
        data.db.deleteAll("request");
        return respond.empty();
      },
    }),
    // For scripts: `kill` of an npx started in the background reaches npx, not the server.
    route(
      "/zisflow/stop",
      {
        // A flow's own request would stop the server under the run making it.
        POST: ({ request, requestStop }) => {
          if (request.internal)
            return respond.supportError(403, "Forbidden", "a flow cannot stop zisflow dev");
          // Browsers send Origin with every cross-site POST; curl and scripts do not: a web page may not stop it.
          if (request.headers["origin"] !== undefined)
            return respond.supportError(403, "Forbidden", "a web page cannot stop zisflow dev");
          return { ...respond.json(202, { status: "stopping" }), afterSent: requestStop };
        },
      },
      { otherMethods: "not_found" },
    ),
    // The runs are read-only: other methods are told where to look, as for an unknown path.
    route(
      "/zisflow/runs",
      {
        GET: async ({ data, request, runs }) =>
          (await waitIfAsked(request, () => runs.idle())) ??
          respond.json(200, {
            runs: data
              .runs()
              .map(({ trace: _trace, output: _output, requests: _requests, ...summary }) => summary),
          }),
      },
      { otherMethods: "not_found" },
    ),
    route(
      "/zisflow/runs/{id:int}",
      {
        GET: async ({ data, params, request, runs }) => {
          const refused = await waitIfAsked(request, () => runs.ended(params.id));
          if (refused) return refused;
          const run = data.run(params.id);
          return run ? respond.json(200, { run }) : respond.notFound();
        },
      },
      { otherMethods: "not_found" },
    ),
  ],
  notFound: (method, path) =>
    respond.supportError(
      404,
      "InvalidEndpoint",
      `no ${method} ${path}: see GET /zisflow/requests and /zisflow/runs, POST /zisflow/stop`,
    ),
};

/**
 * Waits as `?wait=SECONDS` asks: until `ended` resolves, or that long at most. Without `wait`, at once.
 * Returns an answer only to refuse a malformed value.
 */
async function waitIfAsked(
  request: ApiRequest,
  ended: () => Promise<void>,
): Promise<ApiResponse | undefined> {
  const text = request.url.searchParams.get("wait");
  // A flow asking would wait for the queue it is running in: it is answered at once.
  if (text === null || request.internal) return undefined;
  const seconds = Number(text);
  if (text.trim() === "" || !(seconds >= 0 && seconds <= MAX_WAIT_SECONDS))
    return respond.supportError(
      400,
      "InvalidQuery",
      `wait takes a number of seconds from 0 to ${MAX_WAIT_SECONDS}, not "${text}"`,
    );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
  await Promise.race([ended(), timeout]);
  clearTimeout(timer);
  return undefined;
}
