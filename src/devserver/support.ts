import type { UserActivity } from "../model/event-payloads.js";
import { isPlainObject } from "../model/json.js";
import { objectBody, respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { Identifier, Profile, Ticket, ZendeskData } from "./zendesk.js";

/** What the Events API accepted: the profile it created or updated, and the activity to emit. */
export interface TrackedEvent {
  readonly profile: Profile;
  readonly activity: UserActivity<Readonly<Record<string, unknown>>>;
}

/**
 * `POST /api/v2/user_profiles/events` (Events API): `{ event: { source, type, properties, description? },
 * profile: { source, type, identifiers, name?, attributes? } }`. Creates or updates the profile (and its user).
 */
export function trackEvent(data: ZendeskData, request: ApiRequest): TrackedEvent | ApiResponse {
  const body = objectBody(request);
  const event = body?.event;
  const profile = body?.profile;
  const problems: string[] = [];
  if (!isPlainObject(event)) problems.push("event is required");
  else {
    if (typeof event.source !== "string") problems.push("event.source must be a string");
    if (typeof event.type !== "string") problems.push("event.type must be a string");
    if (!isPlainObject(event.properties)) problems.push("event.properties must be an object");
  }
  if (!isPlainObject(profile)) problems.push("profile is required");
  else {
    if (typeof profile.source !== "string") problems.push("profile.source must be a string");
    if (typeof profile.type !== "string") problems.push("profile.type must be a string");
    if (!identifiersOf(profile.identifiers))
      problems.push("profile.identifiers must be a non-empty list of { type, value }");
  }
  if (problems.length > 0 || !isPlainObject(event) || !isPlainObject(profile))
    return respond.json(400, { errors: problems.map((detail) => ({ title: "Invalid request", detail })) });
  const stored = data.db.transaction(() =>
    data.upsertProfile({
      source: profile.source as string,
      type: profile.type as string,
      identifiers: identifiersOf(profile.identifiers)!,
      ...(typeof profile.name === "string" ? { name: profile.name } : {}),
      ...(isPlainObject(profile.attributes) ? { attributes: profile.attributes } : {}),
    }),
  );
  return {
    profile: stored,
    activity: {
      id: data.nextActivityId(),
      type: event.type as string,
      source: event.source as string,
      user_id: stored.user_id,
      profile_id: stored.id,
      ...(typeof event.description === "string" ? { description: event.description } : {}),
      properties: event.properties as Record<string, unknown>,
      created_at: typeof event.created_at === "string" ? event.created_at : stored.updated_at,
    },
  };
}

function identifiersOf(value: unknown): Identifier[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const identifiers = value.filter(
    (i): i is Identifier => isPlainObject(i) && typeof i.type === "string" && typeof i.value === "string",
  );
  return identifiers.length === value.length
    ? identifiers.map(({ type, value }) => ({ type, value }))
    : undefined;
}

/** `GET /api/v2/user_profiles/{id}` */
export function showProfile(data: ZendeskData, id: string): ApiResponse {
  const profile = data.profile(id);
  return profile ? respond.json(200, { profile }) : respond.notFound();
}

/** `GET /api/v2/users/{id}.json` */
export function showUser(data: ZendeskData, id: number): ApiResponse {
  const user = data.user(id);
  return user ? respond.json(200, { user }) : respond.notFound();
}

/** `POST /api/v2/tickets.json`: `{ ticket: { subject, comment: { body }, requester_id, … } }`. */
export function createTicket(data: ZendeskData, request: ApiRequest): { ticket: Ticket } | ApiResponse {
  const ticket = objectBody(request)?.ticket;
  if (!isPlainObject(ticket))
    return respond.supportError(400, "RecordInvalid", 'the body must be { "ticket": { … } }');
  const comment = ticket.comment;
  const body = isPlainObject(comment) ? (comment.body ?? comment.html_body) : undefined;
  if (typeof body !== "string" || body === "")
    return respond.supportError(
      422,
      "RecordInvalid",
      "Description: cannot be blank (give ticket.comment.body)",
    );
  const requesterId = ticket.requester_id;
  if (requesterId === undefined)
    return respond.supportError(422, "RecordInvalid", "Requester: give ticket.requester_id (a user id)");
  if (typeof requesterId !== "number" || !data.user(requesterId))
    return respond.supportError(
      422,
      "RecordInvalid",
      `Requester: no user with id ${JSON.stringify(requesterId)}`,
    );
  const created = data.db.transaction(() =>
    data.createTicket({
      body,
      requester_id: requesterId,
      ...(typeof ticket.subject === "string" ? { subject: ticket.subject } : {}),
      ...(typeof ticket.priority === "string" ? { priority: ticket.priority } : {}),
      ...(typeof ticket.type === "string" ? { type: ticket.type } : {}),
      ...(typeof ticket.status === "string" ? { status: ticket.status } : {}),
      ...(Array.isArray(ticket.tags)
        ? { tags: ticket.tags.filter((t): t is string => typeof t === "string") }
        : {}),
    }),
  );
  return { ticket: created };
}

/**
 * `PUT /api/v2/tickets/{id}.json` with `{ ticket: { comment: { body, public?, author_id? }, status? } }`: what
 * ZIS sees as ticket.CommentAdded and ticket.StatusChanged. Other ticket fields are not updated here.
 */
export function updateTicket(data: ZendeskData, id: number, request: ApiRequest) {
  const ticket = objectBody(request)?.ticket;
  if (!isPlainObject(ticket))
    return respond.supportError(400, "RecordInvalid", 'the body must be { "ticket": { … } }');
  const comment = ticket.comment;
  if (
    comment !== undefined &&
    (!isPlainObject(comment) || typeof comment.body !== "string" || comment.body === "")
  )
    return respond.supportError(422, "RecordInvalid", "a comment needs a body");
  if (ticket.status !== undefined && typeof ticket.status !== "string")
    return respond.supportError(422, "RecordInvalid", "status must be a string");
  const current = data.ticket(id);
  if (!current) return respond.notFound();
  const authorId =
    isPlainObject(comment) && typeof comment.author_id === "number"
      ? comment.author_id
      : current.requester_id;
  if (!data.user(authorId))
    return respond.supportError(422, "RecordInvalid", `Author: no user with id ${authorId}`);
  return data.db.transaction(() =>
    data.updateTicket(id, {
      ...(isPlainObject(comment)
        ? { comment: { body: comment.body as string, public: comment.public !== false, author_id: authorId } }
        : {}),
      ...(typeof ticket.status === "string" ? { status: ticket.status } : {}),
    }),
  )!;
}

/** `GET /api/v2/tickets/{id}.json` */
export function showTicket(data: ZendeskData, id: number): ApiResponse {
  const ticket = data.ticket(id);
  return ticket ? respond.json(200, { ticket }) : respond.notFound();
}

/**
 * `GET /api/v2/search.json?query=…` over tickets: `requester:<email or id>`, `status:<status>`, `type:ticket`,
 * and free words matched in the subject and description. Anything else is refused, saying what is supported.
 */
export function search(data: ZendeskData, request: ApiRequest): ApiResponse {
  const query = request.url.searchParams.get("query") ?? "";
  const filters: Array<(t: Ticket) => boolean> = [];
  for (const term of query.match(/\w+:"[^"]*"|"[^"]*"|\S+/g) ?? []) {
    const colon = term.indexOf(":");
    const key = colon > 0 ? term.slice(0, colon).toLowerCase() : "";
    const value = (colon > 0 ? term.slice(colon + 1) : term).replace(/^"|"$/g, "");
    switch (key) {
      case "type":
        if (value !== "ticket")
          return respond.supportError(
            400,
            "InvalidQuery",
            `zisflow dev searches tickets only, not type:${value}`,
          );
        break;
      case "requester": {
        const user = /^\d+$/.test(value) ? data.user(Number(value)) : data.userByEmail(value);
        filters.push((t) => user !== undefined && t.requester_id === user.id);
        break;
      }
      case "status":
        filters.push((t) => t.status === value.toLowerCase());
        break;
      case "":
        filters.push((t) =>
          `${t.subject ?? ""} ${t.description}`.toLowerCase().includes(value.toLowerCase()),
        );
        break;
      default:
        return respond.supportError(
          400,
          "InvalidQuery",
          `zisflow dev supports requester:, status:, type:ticket and free words in search queries, not ${key}:`,
        );
    }
  }
  const results = data
    .tickets()
    .filter((t) => filters.every((f) => f(t)))
    .map((t) => ({ ...t, result_type: "ticket" }));
  return respond.json(200, {
    results,
    facets: null,
    next_page: null,
    previous_page: null,
    count: results.length,
  });
}
