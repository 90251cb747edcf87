import { commentAdded, statusChanged, ticketEvent, userActivityCreated } from "./events.js";
import { respond, type ApiResponse } from "./http.js";
import { installJobSpec, listBundles, listJobSpecs, uploadBundle } from "./registry.js";
import { route, type RequestContext, type RouteContext, type RouteTable } from "./router.js";
import {
  changeTicketTags,
  createTicket,
  listUsers,
  search,
  searchUsers,
  showProfile,
  showTicket,
  showTicketTags,
  showUser,
  trackEvent,
  updateTicket,
} from "./support.js";
import {
  createConfig,
  createLink,
  deleteConfig,
  deleteLink,
  findLinks,
  patchLink,
  showConfigs,
  updateConfig,
} from "./zis-apis.js";

/** The Configs API takes a scope in the path or not; each method says what it makes of a missing one. */
interface ConfigParams {
  readonly integration: string;
  readonly scope?: string;
}
const CONFIG_HANDLERS = {
  GET: ({ data, params, request }: RouteContext<ConfigParams>) =>
    showConfigs(data, params.integration, params.scope, request),
  POST: ({ data, params, request }: RouteContext<ConfigParams>) =>
    createConfig(data, params.integration, request),
  PUT: ({ data, params, request }: RouteContext<ConfigParams>) =>
    updateConfig(data, params.integration, params.scope, request, "replace"),
  PATCH: ({ data, params, request }: RouteContext<ConfigParams>) =>
    updateConfig(data, params.integration, params.scope, request, "merge"),
  DELETE: ({ data, params }: RouteContext<ConfigParams>) =>
    deleteConfig(data, params.integration, params.scope),
};

/**
 * The Zendesk APIs this emulator serves, credentials required. The first pattern that matches a path decides
 * (`/user_profiles/events` before `/user_profiles/{id}`); a method it does not take is told 405.
 */
export const API_ROUTES: RouteTable = {
  routes: [
    // ZIS Registry (reference §10.1)
    route("/api/services/zis/registry/job_specs/install", {
      POST: ({ data, request }) => installJobSpec(data, request, true),
      DELETE: ({ data, request }) => installJobSpec(data, request, false),
    }),
    route("/api/services/zis/registry/{integration}/bundles", {
      GET: ({ data, params }) => listBundles(data, params.integration),
      POST: ({ data, params, request }) => uploadBundle(data, params.integration, request),
    }),
    route("/api/services/zis/registry/{integration}/job_specs", {
      GET: ({ data, params }) => listJobSpecs(data, params.integration),
    }),
    // ZIS Configs and Links
    route("/api/services/zis/integrations/{integration}/configs", CONFIG_HANDLERS),
    route("/api/services/zis/integrations/{integration}/configs/{scope}", CONFIG_HANDLERS),
    route("/api/services/zis/links/{integration}", {
      GET: ({ data, params, request }) => findLinks(data, params.integration, request),
      POST: ({ data, params, request }) => createLink(data, params.integration, request),
      PATCH: ({ data, params, request }) => patchLink(data, params.integration, request),
      DELETE: ({ data, params, request }) => deleteLink(data, params.integration, request),
    }),
    // Support: the Events API and profiles, users, tickets, search
    route("/api/v2/user_profiles/events", { POST: trackAndEmit }),
    route("/api/v2/user_profiles/{id}", { GET: ({ data, params }) => showProfile(data, params.id) }),
    route("/api/v2/users[.json]", { GET: ({ data, request }) => listUsers(data, request) }),
    route("/api/v2/users/search[.json]", { GET: ({ data, request }) => searchUsers(data, request) }),
    route("/api/v2/users/{id:int}[.json]", { GET: ({ data, params }) => showUser(data, params.id) }),
    route("/api/v2/tickets[.json]", { POST: createAndEmit }),
    route("/api/v2/tickets/{id:int}[.json]", {
      GET: ({ data, params }) => showTicket(data, params.id),
      PUT: updateAndEmit,
    }),
    route("/api/v2/tickets/{id:int}/tags[.json]", {
      GET: ({ data, params }) => showTicketTags(data, params.id),
      PUT: (context) => changeTags(context, "add"),
      POST: (context) => changeTags(context, "set"),
      DELETE: (context) => changeTags(context, "remove"),
    }),
    route("/api/v2/search[.json]", { GET: ({ data, request }) => search(data, request) }),
  ],
  notFound: (method, path) =>
    respond.supportError(404, "InvalidEndpoint", `zisflow dev does not serve ${method} ${path}`),
};

/** The ids of the runs an API call queued, for the caller to follow at `/zisflow/runs/{id}`. */
const runsHeader = (runs: readonly number[]) => ({ "X-Zisflow-Runs": runs.join(",") });

/** `POST /api/v2/user_profiles/events`: tracks the activity, then emits it. */
function trackAndEmit({ data, request, emit }: RequestContext): ApiResponse {
  const tracked = trackEvent(data, request);
  if ("status" in tracked) return tracked;
  const runs = emit("sunshine", "activity.UserActivityCreated", userActivityCreated(tracked.activity));
  return { status: 202, headers: runsHeader(runs) };
}

/** `POST /api/v2/tickets.json`: creates the ticket, then emits ticket.TicketCreated. */
function createAndEmit({ data, request, emit }: RequestContext): ApiResponse {
  const created = createTicket(data, request);
  if ("status" in created) return created;
  const runs = emit("support", "ticket.TicketCreated", ticketEvent(created.ticket, "Ticket Created"));
  return { status: 201, body: created, headers: runsHeader(runs) };
}

/** `PUT /api/v2/tickets/{id}.json`: updates the ticket, then emits ticket.CommentAdded and ticket.StatusChanged. */
function updateAndEmit({ data, request, params, emit }: RouteContext<{ readonly id: number }>): ApiResponse {
  const updated = updateTicket(data, params.id, request);
  if ("status" in updated) return updated;
  const runs: number[] = [];
  if (updated.comment) {
    const author = data.user(updated.comment.author_id);
    runs.push(
      ...emit("support", "ticket.CommentAdded", commentAdded(updated.after, updated.comment, author)),
    );
  }
  if (updated.after.status !== updated.before.status)
    runs.push(...emit("support", "ticket.StatusChanged", statusChanged(updated.before, updated.after)));
  return { status: 200, body: { ticket: updated.after }, headers: runsHeader(runs) };
}

/**
 * The Tags API on a ticket: PUT adds, POST replaces (201, as Zendesk's Set Tags), DELETE removes; answers the
 * ticket's tags. No event: ticket updates emit no ticket.TagsChanged here either.
 */
function changeTags(
  { data, request, params }: RouteContext<{ readonly id: number }>,
  change: "add" | "set" | "remove",
): ApiResponse {
  const changed = changeTicketTags(data, params.id, request, change);
  if ("status" in changed) return changed;
  return respond.json(change === "set" ? 201 : 200, { tags: changed.after.tags });
}
