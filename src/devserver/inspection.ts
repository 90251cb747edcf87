import { respond } from "./http.js";
import { route, type RouteTable } from "./router.js";

/** The inspection endpoints under `/zisflow`, without credentials: the request bin and the flow runs. */
export const INSPECTION_ROUTES: RouteTable = {
  routes: [
    route("/zisflow/requests", {
      GET: ({ data }) => respond.json(200, { requests: data.binEntries() }),
      DELETE: ({ data }) => {
        data.db.deleteAll("request");
        return respond.empty();
      },
    }),
    // The runs are read-only: other methods are told where to look, as for an unknown path.
    route(
      "/zisflow/runs",
      {
        GET: ({ data }) =>
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
        GET: ({ data, params }) => {
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
      `no ${method} ${path}: see GET /zisflow/requests and /zisflow/runs`,
    ),
};
