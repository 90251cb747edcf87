import { randomUUID } from "node:crypto";
import { counterId, ZisStore, type ZisStoreSnapshot } from "../interpreter/stores.js";
import { isPlainObject } from "../model/json.js";
import type { DevDatabase } from "./db.js";

/** A Zendesk user (just what the tutorial and search need). */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly email: string | null;
  readonly role: "end-user";
  readonly created_at: string;
}

export interface Identifier {
  readonly type: string;
  readonly value: string;
}

/** A user profile of the Profiles API (what GetUserProfile reads). */
export interface Profile {
  readonly id: string;
  readonly name: string | null;
  readonly source: string;
  readonly type: string;
  readonly user_id: number;
  readonly identifiers: readonly Identifier[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface Ticket {
  readonly id: number;
  readonly url: string;
  readonly subject: string | null;
  readonly raw_subject: string | null;
  readonly description: string;
  readonly status: string;
  readonly priority: string | null;
  readonly type: string | null;
  readonly requester_id: number;
  readonly submitter_id: number;
  readonly assignee_id: number | null;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly updated_at: string;
}

type StoredTicket = Omit<Ticket, "url">;

/** A ticket comment (the first one is the description). */
export interface TicketComment {
  readonly id: number;
  readonly ticket_id: number;
  readonly body: string;
  readonly public: boolean;
  readonly author_id: number;
  readonly created_at: string;
}

/** An uploaded bundle: identity is (integration, bundle name), as reference §15.22 reads the docs. */
export interface StoredBundle {
  readonly integration: string;
  readonly uuid: string;
  readonly bundle: Record<string, unknown>;
  readonly uploaded_at: string;
}

/** A job spec of an uploaded bundle. */
export interface JobSpecInfo {
  readonly integration: string;
  /** `zis:<integration>:job_spec:<name>` */
  readonly fullName: string;
  readonly name: string;
  readonly event_source: string;
  readonly event_type: string;
  readonly flow_name: string;
  readonly bundle: StoredBundle;
}

/** A request a flow sent outside this local Zendesk, as the request bin keeps it. */
export interface BinEntry {
  readonly id: number;
  readonly at: string;
  readonly action: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** What answered it: the bin's canned reply, or the real server when forwarding is on. */
  readonly response: { readonly status: number; readonly body: unknown; readonly forwarded: boolean };
}

/** The account's data, over the database. Every method is synchronous: callers order writes themselves. */
export class ZendeskData {
  readonly #stores = new Map<string, ZisStore>();

  constructor(
    readonly db: DevDatabase,
    readonly account: { readonly id: number; readonly subdomain: string; readonly baseUrl: string },
    readonly now: () => Date = () => new Date(),
  ) {}

  #timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  // ---- users and profiles ----------------------------------------------------------------------------

  user(id: number): User | undefined {
    return this.db.get<User>("user", String(id));
  }

  /** The users in the order they were created. */
  users(): User[] {
    return this.db.all<User>("user");
  }

  userByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    return this.db.all<User>("user").find((u) => u.email?.toLowerCase() === wanted);
  }

  createUser(name: string, email: string | null): User {
    const id = 10000 + this.db.nextId("user");
    const user: User = { id, name, email, role: "end-user", created_at: this.#timestamp() };
    this.db.put("user", String(id), user);
    return user;
  }

  profile(id: string): Profile | undefined {
    return this.db.get<Profile>("profile", id);
  }

  /**
   * Creates or updates the profile an Events API request names: the one of the same source and type sharing an
   * identifier, else a new one. Its user is found by email identifier (or created), as Zendesk does.
   */
  upsertProfile(input: {
    readonly name?: string;
    readonly source: string;
    readonly type: string;
    readonly identifiers: readonly Identifier[];
    readonly attributes?: Readonly<Record<string, unknown>>;
  }): Profile {
    const matches = (p: Profile) =>
      p.source === input.source &&
      p.type === input.type &&
      p.identifiers.some((i) => input.identifiers.some((j) => i.type === j.type && i.value === j.value));
    const existing = this.db.all<Profile>("profile").find(matches);
    const now = this.#timestamp();
    if (existing) {
      const identifiers = [...existing.identifiers];
      for (const i of input.identifiers)
        if (!identifiers.some((j) => i.type === j.type && i.value === j.value)) identifiers.push(i);
      const updated: Profile = {
        ...existing,
        name: input.name ?? existing.name,
        identifiers,
        attributes: { ...existing.attributes, ...input.attributes },
        updated_at: now,
      };
      this.db.put("profile", existing.id, updated);
      return updated;
    }
    const email = input.identifiers.find((i) => i.type === "email")?.value ?? null;
    const user =
      (email !== null ? this.userByEmail(email) : undefined) ??
      this.createUser(input.name ?? email ?? input.identifiers[0]!.value, email);
    const profile: Profile = {
      id: ulid(this.db.nextId("profile")),
      name: input.name ?? null,
      source: input.source,
      type: input.type,
      user_id: user.id,
      identifiers: input.identifiers,
      attributes: input.attributes ?? {},
      created_at: now,
      updated_at: now,
    };
    this.db.put("profile", profile.id, profile);
    return profile;
  }

  /** An id for an activity (user event). */
  nextActivityId(): string {
    return ulid(this.db.nextId("activity"));
  }

  // ---- tickets ---------------------------------------------------------------------------------------

  ticket(id: number): Ticket | undefined {
    const stored = this.db.get<StoredTicket>("ticket", String(id));
    return stored && this.#withUrl(stored);
  }

  tickets(): Ticket[] {
    return this.db.all<StoredTicket>("ticket").map((t) => this.#withUrl(t));
  }

  /** The API URL of a ticket, on this server's current address (it may differ after a restart). */
  #withUrl(ticket: StoredTicket): Ticket {
    const { id, ...rest } = ticket;
    return { id, url: `${this.account.baseUrl}/api/v2/tickets/${id}.json`, ...rest };
  }

  createTicket(input: {
    readonly subject?: string;
    readonly body: string;
    readonly requester_id: number;
    readonly submitter_id?: number;
    readonly status?: string;
    readonly priority?: string;
    readonly type?: string;
    readonly tags?: readonly string[];
  }): Ticket {
    const id = this.db.nextId("ticket");
    const now = this.#timestamp();
    const ticket: StoredTicket = {
      id,
      subject: input.subject ?? null,
      raw_subject: input.subject ?? null,
      description: input.body,
      status: input.status ?? "new",
      priority: input.priority ?? null,
      type: input.type ?? null,
      requester_id: input.requester_id,
      submitter_id: input.submitter_id ?? input.requester_id,
      assignee_id: null,
      tags: input.tags ?? [],
      created_at: now,
      updated_at: now,
    };
    this.db.put("ticket", String(id), ticket);
    this.#addComment(id, input.body, true, ticket.submitter_id);
    return this.#withUrl(ticket);
  }

  /**
   * Adds a comment and/or changes the status: what `PUT /api/v2/tickets/{id}.json` does with
   * `{ ticket: { comment, status } }`. Returns the ticket before and after, and the new comment.
   */
  updateTicket(
    id: number,
    input: {
      readonly comment?: { readonly body: string; readonly public: boolean; readonly author_id: number };
      readonly status?: string;
    },
  ):
    | { readonly before: Ticket; readonly after: Ticket; readonly comment: TicketComment | undefined }
    | undefined {
    const stored = this.db.get<StoredTicket>("ticket", String(id));
    if (!stored) return undefined;
    const updated: StoredTicket = {
      ...stored,
      status: input.status ?? stored.status,
      updated_at: this.#timestamp(),
    };
    this.db.put("ticket", String(id), updated);
    const comment = input.comment
      ? this.#addComment(id, input.comment.body, input.comment.public, input.comment.author_id)
      : undefined;
    return { before: this.#withUrl(stored), after: this.#withUrl(updated), comment };
  }

  /** Replaces a ticket's tags (as the Tags API does); the ticket before and after. */
  setTicketTags(
    id: number,
    tags: readonly string[],
  ): { readonly before: Ticket; readonly after: Ticket } | undefined {
    const stored = this.db.get<StoredTicket>("ticket", String(id));
    if (!stored) return undefined;
    const updated: StoredTicket = { ...stored, tags: [...tags], updated_at: this.#timestamp() };
    this.db.put("ticket", String(id), updated);
    return { before: this.#withUrl(stored), after: this.#withUrl(updated) };
  }

  comments(ticketId: number): TicketComment[] {
    return this.db.all<TicketComment>("comment").filter((c) => c.ticket_id === ticketId);
  }

  #addComment(ticketId: number, body: string, isPublic: boolean, authorId: number): TicketComment {
    const comment: TicketComment = {
      id: this.db.nextId("comment"),
      ticket_id: ticketId,
      body,
      public: isPublic,
      author_id: authorId,
      created_at: this.#timestamp(),
    };
    this.db.put("comment", String(comment.id), comment);
    return comment;
  }

  // ---- registry --------------------------------------------------------------------------------------

  bundles(integration?: string): StoredBundle[] {
    return this.db
      .all<StoredBundle>("bundle")
      .filter((b) => integration === undefined || b.integration === integration);
  }

  /**
   * Stores a bundle (replacing the integration's bundle of the same name) and uninstalls the job specs it
   * defines: real users report an upload orphans installed job specs, so deploys must install again.
   */
  putBundle(integration: string, bundle: Record<string, unknown>): StoredBundle {
    const name = typeof bundle.name === "string" ? bundle.name : "";
    // JSON, not a separator character: SQLite text ends at a NUL.
    const id = JSON.stringify([integration, name]);
    const previous = this.db.get<StoredBundle>("bundle", id);
    const stored: StoredBundle = {
      integration,
      uuid: previous?.uuid ?? randomUUID(),
      bundle,
      uploaded_at: this.#timestamp(),
    };
    // Deleted first so the bundle moves to the end of upload order: the last upload wins a job spec name.
    this.db.delete("bundle", id);
    this.db.put("bundle", id, stored);
    for (const spec of jobSpecsOf(stored)) this.db.delete("job_spec_install", spec.fullName);
    return stored;
  }

  /** Job specs of the uploaded bundles, the last upload winning for a name. */
  jobSpecs(integration?: string): JobSpecInfo[] {
    const byName = new Map<string, JobSpecInfo>();
    for (const bundle of this.bundles(integration))
      for (const spec of jobSpecsOf(bundle)) byName.set(spec.fullName, spec);
    return [...byName.values()];
  }

  isInstalled(fullName: string): boolean {
    return this.db.get("job_spec_install", fullName) !== undefined;
  }

  setInstalled(fullName: string, installed: boolean): void {
    if (installed) this.db.put("job_spec_install", fullName, { installed_at: this.#timestamp() });
    else this.db.delete("job_spec_install", fullName);
  }

  // ---- ZIS configs and links -------------------------------------------------------------------------

  /** The integration's configs and links, loaded once and saved by `saveStore`. */
  store(integration: string): ZisStore {
    let store = this.#stores.get(integration);
    if (!store) {
      const snapshot = this.db.get<ZisStoreSnapshot>("zis_store", integration);
      store = snapshot
        ? ZisStore.restore(this.account.id, integration, snapshot)
        : new ZisStore(this.account.id, integration);
      this.#stores.set(integration, store);
    }
    return store;
  }

  saveStore(integration: string): void {
    const store = this.#stores.get(integration);
    if (store) this.db.put("zis_store", integration, store.snapshot());
  }

  // ---- request bin and runs --------------------------------------------------------------------------

  addBinEntry(entry: Omit<BinEntry, "id" | "at">): BinEntry {
    const stored: BinEntry = { id: this.db.nextId("request"), at: this.#timestamp(), ...entry };
    this.db.put("request", String(stored.id), stored);
    return stored;
  }

  binEntries(): BinEntry[] {
    return this.db.all<BinEntry>("request");
  }

  /** Records a run waiting in the queue, `at` the time of its event; returns its id. */
  queueRun(run: Record<string, unknown>): number {
    const id = this.db.nextId("run");
    this.db.put("run", String(id), { id, at: this.#timestamp(), ...run, status: "queued" });
    return id;
  }

  /** Adds to a run's record: its status as it changes, then its outcome. */
  updateRun(id: number, fields: object): void {
    this.db.put("run", String(id), { ...this.run(id), ...fields });
  }

  runs(): Array<Record<string, unknown>> {
    return this.db.all("run");
  }

  run(id: number): Record<string, unknown> | undefined {
    return this.db.get("run", String(id));
  }
}

/** The job specs a stored bundle defines. */
export function jobSpecsOf(stored: StoredBundle): JobSpecInfo[] {
  const resources = stored.bundle.resources;
  if (!isPlainObject(resources)) return [];
  return Object.values(resources).flatMap((resource) => {
    const p = isPlainObject(resource) && resource.type === "ZIS::JobSpec" ? resource.properties : undefined;
    if (!isPlainObject(p) || typeof p.name !== "string") return [];
    return [
      {
        integration: stored.integration,
        fullName: `zis:${stored.integration}:job_spec:${p.name}`,
        name: p.name,
        event_source: String(p.event_source ?? ""),
        event_type: String(p.event_type ?? ""),
        flow_name: String(p.flow_name ?? ""),
        bundle: stored,
      },
    ];
  });
}

/** A ULID-shaped id from a counter, starting "01" like Zendesk's profile ids. */
function ulid(n: number): string {
  return `01${counterId(n).slice(2)}`;
}
