import type { UserActivity } from "../model/event-payloads.js";
import { isPlainObject } from "../model/json.js";
import { objectBody, respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { Identifier, Profile, Ticket, User, ZendeskData } from "./zendesk.js";

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

/** Offset pagination as Zendesk's list endpoints take it: `page` (from 1) and `per_page` (at most 100). */
interface Page {
  readonly page: number;
  readonly perPage: number;
  /** Whether the request named per_page (then the page links name it too). */
  readonly perPageGiven: boolean;
}

function pageOf(request: ApiRequest): Page | ApiResponse {
  const params = request.url.searchParams;
  const number = (name: string, fallback: number): number | ApiResponse => {
    const value = params.get(name);
    if (value === null) return fallback;
    return /^\d+$/.test(value) && Number(value) >= 1
      ? Number(value)
      : respond.supportError(400, "InvalidPaginationParameter", `${name} must be a positive integer`);
  };
  const page = number("page", 1);
  if (typeof page !== "number") return page;
  const perPage = number("per_page", 100);
  if (typeof perPage !== "number") return perPage;
  return { page, perPage: Math.min(perPage, 100), perPageGiven: params.has("per_page") };
}

/** One page of `items` under `key`, with Zendesk's `next_page` / `previous_page` links and the total `count`. */
function paginated<T>(
  data: ZendeskData,
  request: ApiRequest,
  apiPath: string,
  key: string,
  items: readonly T[],
  { page, perPage, perPageGiven }: Page,
): ApiResponse {
  const link = (n: number) => {
    const params = new URLSearchParams(request.url.searchParams);
    params.set("page", String(n));
    if (perPageGiven) params.set("per_page", String(perPage));
    return `${data.account.baseUrl}${apiPath}?${params.toString()}`;
  };
  const pages = Math.ceil(items.length / perPage);
  return respond.json(200, {
    [key]: items.slice((page - 1) * perPage, page * perPage),
    next_page: page < pages ? link(page + 1) : null,
    previous_page: page > 1 ? link(page - 1) : null,
    count: items.length,
  });
}

/** `GET /api/v2/users.json?page=&per_page=`: the users in the order they were created. */
export function listUsers(data: ZendeskData, request: ApiRequest): ApiResponse {
  const page = pageOf(request);
  if ("status" in page) return page;
  return paginated(data, request, "/api/v2/users.json", "users", data.users(), page);
}

/**
 * The users a search query finds: `email:<address>` (exact, any case) and free words, each found in the name
 * or email. Any other `key:` is returned as unsupported, for the caller to refuse.
 */
function usersMatching(data: ZendeskData, terms: readonly Term[]): User[] | { readonly unsupported: string } {
  const filters: Array<(u: User) => boolean> = [];
  for (const { key, value } of terms) {
    if (key === "email") filters.push((u) => u.email?.toLowerCase() === value.toLowerCase());
    else if (key === "")
      filters.push((u) => `${u.name} ${u.email ?? ""}`.toLowerCase().includes(value.toLowerCase()));
    else return { unsupported: key };
  }
  return data.users().filter((u) => filters.every((f) => f(u)));
}

/** `GET /api/v2/users/search.json?query=…`: `email:<address>` and free words; `{ users, next_page, … }`. */
export function searchUsers(data: ZendeskData, request: ApiRequest): ApiResponse {
  const query = request.url.searchParams.get("query");
  if (query === null || query.trim() === "")
    return respond.supportError(400, "InvalidQuery", "give query= (email:<address> or words of the name)");
  const page = pageOf(request);
  if ("status" in page) return page;
  const users = usersMatching(data, termsOf(query));
  if ("unsupported" in users)
    return respond.supportError(
      400,
      "InvalidQuery",
      `zisflow dev supports email: and free words in user searches, not ${users.unsupported}:`,
    );
  return paginated(data, request, "/api/v2/users/search.json", "users", users, page);
}

interface Term {
  /** Lowercased; "" for a free word. */
  readonly key: string;
  /** Without surrounding quotes. */
  readonly value: string;
}

function termsOf(query: string): Term[] {
  return (query.match(/\w+:"[^"]*"|"[^"]*"|\S+/g) ?? []).map((term) => {
    const colon = term.indexOf(":");
    return {
      key: colon > 0 ? term.slice(0, colon).toLowerCase() : "",
      value: (colon > 0 ? term.slice(colon + 1) : term).replace(/^"|"$/g, ""),
    };
  });
}

/**
 * `POST /api/v2/tickets.json`: `{ ticket: { subject, comment: { body }, requester_id, … } }`, or with
 * `requester: { name?, email }` instead of requester_id, as Zendesk takes it.
 */
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
  const requester = ticket.requester;
  if (requesterId === undefined && requester === undefined)
    return respond.supportError(
      422,
      "RecordInvalid",
      "Requester: give ticket.requester_id (a user id) or ticket.requester ({ name, email })",
    );
  if (requesterId !== undefined && (typeof requesterId !== "number" || !data.user(requesterId)))
    return respond.supportError(
      422,
      "RecordInvalid",
      `Requester: no user with id ${JSON.stringify(requesterId)}`,
    );
  if (
    requesterId === undefined &&
    (!isPlainObject(requester) ||
      typeof requester.email !== "string" ||
      !/^[^@\s]+@[^@\s]+$/.test(requester.email) ||
      (requester.name !== undefined && (typeof requester.name !== "string" || requester.name.trim() === "")))
  )
    return respond.supportError(
      422,
      "RecordInvalid",
      "Requester: ticket.requester must be { name?, email } with an email address and a non-empty name",
    );
  const created = data.db.transaction(() =>
    data.createTicket({
      body,
      // requester_id wins over requester; a requester is found by email, else created.
      requester_id:
        typeof requesterId === "number"
          ? requesterId
          : requesterOf(data, requester as Record<string, unknown>),
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

/** The id of the user a ticket's `requester: { name?, email }` names: found by email, else created. */
function requesterOf(data: ZendeskData, requester: Record<string, unknown>): number {
  const email = requester.email as string;
  const name = typeof requester.name === "string" ? requester.name : email;
  return (data.userByEmail(email) ?? data.createUser(name, email)).id;
}

/** `GET /api/v2/tickets/{id}/tags.json` */
export function showTicketTags(data: ZendeskData, id: number): ApiResponse {
  const ticket = data.ticket(id);
  return ticket ? respond.json(200, { tags: ticket.tags }) : respond.notFound();
}

/**
 * `PUT` (add), `POST` (set: replace) and `DELETE` (remove) `/api/v2/tickets/{id}/tags.json` with
 * `{ tags: [...] }`, as Zendesk's Tags API; the ticket before and after.
 */
export function changeTicketTags(
  data: ZendeskData,
  id: number,
  request: ApiRequest,
  change: "add" | "set" | "remove",
): { readonly before: Ticket; readonly after: Ticket } | ApiResponse {
  const tags = objectBody(request)?.tags;
  if (!Array.isArray(tags))
    return respond.supportError(400, "RecordInvalid", 'the body must be { "tags": [ … ] }');
  if (!tags.every((t): t is string => typeof t === "string" && t.trim() !== ""))
    return respond.supportError(422, "RecordInvalid", "Tags: each tag must be a non-empty string");
  const current = data.ticket(id);
  if (!current) return respond.notFound();
  const given = tags.map((t) => t.trim());
  const next =
    change === "set"
      ? given
      : change === "add"
        ? [...current.tags, ...given]
        : current.tags.filter((t) => !given.includes(t));
  return data.db.transaction(() => data.setTicketTags(id, [...new Set(next)]))!;
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
 * `GET /api/v2/search.json?query=…`: tickets by `requester:<email or id>`, `status:<status>` and free words
 * matched in the subject and description; with `type:user` or an `email:` term, users by `email:<address>` and
 * free words matched in the name and email. Anything else is refused, saying what is supported.
 */
export function search(data: ZendeskData, request: ApiRequest): ApiResponse {
  const terms = termsOf(request.url.searchParams.get("query") ?? "");
  const types = new Set(terms.filter((t) => t.key === "type").map((t) => t.value.toLowerCase()));
  for (const type of types)
    if (type !== "ticket" && type !== "user")
      return respond.supportError(
        400,
        "InvalidQuery",
        `zisflow dev searches tickets and users only, not type:${type}`,
      );
  if (types.size > 1)
    return respond.supportError(400, "InvalidQuery", "zisflow dev searches one type at a time");
  const rest = terms.filter((t) => t.key !== "type");
  // Without type:, Zendesk searches every type: email: is a keyword of users only, so it finds users.
  const users = types.has("user") || (types.size === 0 && rest.some((t) => t.key === "email"));
  const results = users ? searchUserResults(data, rest) : searchTicketResults(data, rest);
  if ("status" in results) return results;
  return respond.json(200, {
    results,
    facets: null,
    next_page: null,
    previous_page: null,
    count: results.length,
  });
}

function searchUserResults(data: ZendeskData, terms: readonly Term[]): object[] | ApiResponse {
  const users = usersMatching(data, terms);
  if ("unsupported" in users)
    return respond.supportError(
      400,
      "InvalidQuery",
      `zisflow dev supports email: and free words in type:user search queries, not ${users.unsupported}:`,
    );
  return users.map((u) => ({ ...u, result_type: "user" }));
}

function searchTicketResults(data: ZendeskData, terms: readonly Term[]): object[] | ApiResponse {
  const filters: Array<(t: Ticket) => boolean> = [];
  for (const { key, value } of terms) {
    switch (key) {
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
          `zisflow dev supports requester:, status:, type:ticket, type:user and free words in search queries, not ${key}:`,
        );
    }
  }
  return data
    .tickets()
    .filter((t) => filters.every((f) => f(t)))
    .map((t) => ({ ...t, result_type: "ticket" }));
}
