import {
  describeLinksParameterProblem,
  LINKS_PAGE_SIZE,
  objectNamePatternProblem,
  pageSizeProblem,
  type BuiltinParameters,
} from "../model/builtin-actions.js";
import { setMember } from "./data.js";
import { LinkStoreError, StateError, STATE_ERROR_NAMES } from "./errors.js";
import { isPlainObject } from "../model/json.js";

/**
 * In-memory stand-ins for the ZIS Configs and Links services. One store may serve many runs, so a test can
 * send two events and see the second run find what the first one wrote.
 */

type Json = unknown;
type JsonRecord = Record<string, Json>;

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: Json, patch: JsonRecord): JsonRecord;
export function mergePatch(target: Json, patch: Json): Json;
export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: JsonRecord = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else setMember(out, key, mergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value));
  }
  return out;
}

export class ConfigStore {
  readonly #configs = new Map<string, JsonRecord>();

  set(scope: string, config: JsonRecord): void {
    this.#configs.set(scope, structuredClone(config));
  }
  get(scope: string): JsonRecord | undefined {
    const config = this.#configs.get(scope);
    return config && structuredClone(config);
  }
  /** LoadConfig: `{ config }`; a scope with no config is a runtime error. */
  load(scope: string): { config: JsonRecord } {
    const config = this.get(scope);
    if (!config) throw new StateError(STATE_ERROR_NAMES.taskFailed, `config not found for scope "${scope}"`);
    return { config };
  }
  /** PatchConfig: merges into the stored config (creating it). */
  patch(scope: string, config: JsonRecord): void {
    this.#configs.set(scope, mergePatch(this.#configs.get(scope) ?? {}, config));
  }
  scopes(): string[] {
    return [...this.#configs.keys()];
  }
  delete(scope: string): boolean {
    return this.#configs.delete(scope);
  }
}

/**
 * One object of a stored link. Unlike the DSL's typed `LinkObject`, `name_attrs` is absent when the name is not
 * `key:value` pairs.
 */
export interface StoredLinkObject {
  readonly name: string;
  readonly name_attrs?: Record<string, string | number>;
  readonly metadata?: JsonRecord;
}

/** A link as the store keeps it and the link actions return it; keys in the order the links seed shows. */
export interface StoredLink {
  readonly account_id: number;
  readonly integration: string;
  readonly left_object: StoredLinkObject;
  readonly link_type: string;
  readonly right_object: StoredLinkObject;
  readonly uuid: string;
}

interface LinkEntry {
  readonly id: string;
  /** Replaced by PatchLink. */
  link: StoredLink;
}

/** A LinkStore's state as JSON (for stores that outlive a process, like `zisflow dev`'s). */
export interface LinkStoreSnapshot {
  readonly counter: number;
  readonly links: ReadonlyArray<{ readonly id: string; readonly link: StoredLink }>;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** `key:value/key:value` → `{ key: value }`, numbers as numbers (links seed); undefined if not all pairs. */
export function parseNameAttributes(name: string): Record<string, string | number> | undefined {
  const attributes: Record<string, string | number> = {};
  for (const part of name.split("/")) {
    const colon = part.indexOf(":");
    if (colon <= 0) return undefined;
    const value = part.slice(colon + 1);
    setMember(attributes, part.slice(0, colon), NUMBER.test(value) ? Number(value) : value);
  }
  return attributes;
}

function linkObject(input: { name: string; metadata?: JsonRecord | undefined }): StoredLinkObject {
  const nameAttributes = parseNameAttributes(input.name);
  return {
    ...(input.metadata !== undefined ? { metadata: structuredClone(input.metadata) } : {}),
    name: input.name,
    ...(nameAttributes ? { name_attrs: nameAttributes } : {}),
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID-shaped id from a counter: 26 Crockford base-32 characters, increasing and deterministic. */
export function counterId(n: number): string {
  let id = "";
  for (let i = 0; i < 26; i++) {
    id = CROCKFORD[n % 32] + id;
    n = Math.floor(n / 32);
  }
  return id;
}

export class LinkStore {
  readonly #links: LinkEntry[] = [];
  #counter = 0;

  constructor(
    readonly accountId: number,
    readonly integration: string,
  ) {}

  /** Link ids double as pagination cursors: ULID-shaped, increasing, deterministic. */
  #nextId(): string {
    return counterId(++this.#counter);
  }

  #uuid(id: string): string {
    const hex = Buffer.from(id).toString("hex").padStart(32, "0").slice(-32);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  #find(linkType: string, left: string, right: string): LinkEntry | undefined {
    return this.#links.find(
      (s) =>
        s.link.link_type === linkType &&
        s.link.left_object.name === left &&
        s.link.right_object.name === right,
    );
  }

  /** Whether a link of this type joins objects of exactly these names. */
  has(linkType: string, left: string, right: string): boolean {
    return this.#find(linkType, left, right) !== undefined;
  }

  all(): StoredLink[] {
    return this.#links.map((s) => structuredClone(s.link));
  }

  /** Everything needed to rebuild this store exactly (ids and cursors included), as JSON. */
  snapshot(): LinkStoreSnapshot {
    return { counter: this.#counter, links: this.#links.map((s) => structuredClone(s)) };
  }

  /** Replaces the contents with a snapshot's. */
  restore(snapshot: LinkStoreSnapshot): void {
    this.#counter = snapshot.counter;
    this.#links.splice(0, this.#links.length, ...snapshot.links.map((s) => structuredClone(s)));
  }

  create(input: BuiltinParameters<"CreateLink">): { link: StoredLink } {
    if (this.#find(input.link_type, input.left_object.name, input.right_object.name))
      throw new LinkStoreError(
        "link_exists",
        `a ${input.link_type} link between "${input.left_object.name}" and "${input.right_object.name}" already exists`,
      );
    const id = this.#nextId();
    const link: StoredLink = {
      account_id: this.accountId,
      integration: this.integration,
      left_object: linkObject(input.left_object),
      link_type: input.link_type,
      right_object: linkObject(input.right_object),
      uuid: this.#uuid(id),
    };
    this.#links.push({ id, link });
    return { link: structuredClone(link) };
  }

  /**
   * LoadLinks: matches by type and left and/or right name (a trailing `*` matches a prefix), in creation
   * order, `page_size` at a time (default 20, max 100). `page_after_cursor` pages forward from a link id,
   * `page_before_cursor` backward; `meta.has_more` says whether more links lie in the direction of travel.
   */
  load(query: BuiltinParameters<"LoadLinks">): {
    count: number;
    links: StoredLink[];
    meta: { after?: string; before?: string; has_more: boolean };
  } {
    const size = query.page_size ?? LINKS_PAGE_SIZE.default;
    const sizeProblem = pageSizeProblem(size);
    if (sizeProblem)
      throw new LinkStoreError("invalid_link_query", describeLinksParameterProblem(sizeProblem));
    if (query.left_object_name === undefined && query.right_object_name === undefined)
      throw new LinkStoreError("invalid_link_query", "LoadLinks needs left_object_name or right_object_name");
    const leftMatch = nameMatcher("left_object_name", query.left_object_name);
    const rightMatch = nameMatcher("right_object_name", query.right_object_name);
    const matching = this.#links.filter(
      (s) =>
        s.link.link_type === query.link_type &&
        leftMatch(s.link.left_object.name) &&
        rightMatch(s.link.right_object.name),
    );
    let start = 0;
    let end = Math.min(size, matching.length);
    let forward = true;
    if (query.page_after_cursor !== undefined) {
      start = matching.findIndex((s) => s.id > query.page_after_cursor!);
      if (start < 0) start = matching.length;
      end = Math.min(start + size, matching.length);
    } else if (query.page_before_cursor !== undefined) {
      forward = false;
      const firstAfter = matching.findIndex((s) => s.id >= query.page_before_cursor!);
      end = firstAfter < 0 ? matching.length : firstAfter;
      start = Math.max(0, end - size);
    }
    const page = matching.slice(start, end);
    const meta = {
      ...(page.length > 0 && end < matching.length ? { after: page[page.length - 1]!.id } : {}),
      ...(page.length > 0 && start > 0 ? { before: page[0]!.id } : {}),
      has_more: forward ? end < matching.length : start > 0,
    };
    return { count: page.length, links: page.map((s) => structuredClone(s.link)), meta };
  }

  /** PatchLink: replaces the names given and merges metadata; the link type cannot change. */
  patch(input: BuiltinParameters<"PatchLink">): { link: StoredLink } {
    const stored = this.#find(input.link_type, input.left_object_name, input.right_object_name);
    if (!stored) throw notFound(input.link_type, input.left_object_name, input.right_object_name);
    const patchObject = (
      current: StoredLinkObject,
      change: BuiltinParameters<"PatchLink">["left_object"],
    ): StoredLinkObject => {
      if (!change) return current;
      const metadata =
        change.metadata === undefined
          ? current.metadata
          : mergePatch(current.metadata ?? {}, change.metadata);
      return linkObject({
        name: change.name ?? current.name,
        ...(metadata !== undefined ? { metadata } : {}),
      });
    };
    stored.link = {
      ...stored.link,
      left_object: patchObject(stored.link.left_object, input.left_object),
      right_object: patchObject(stored.link.right_object, input.right_object),
    };
    return { link: structuredClone(stored.link) };
  }

  delete(input: BuiltinParameters<"DeleteLink">): void {
    const stored = this.#find(input.link_type, input.left_object_name, input.right_object_name);
    if (!stored) throw notFound(input.link_type, input.left_object_name, input.right_object_name);
    this.#links.splice(this.#links.indexOf(stored), 1);
  }
}

function nameMatcher(
  parameter: "left_object_name" | "right_object_name",
  pattern: string | undefined,
): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const problem = objectNamePatternProblem(parameter, pattern);
  if (problem) throw new LinkStoreError("invalid_link_query", describeLinksParameterProblem(problem));
  if (pattern.endsWith("*")) {
    const prefix = pattern.slice(0, -1);
    return (name) => name.startsWith(prefix);
  }
  return (name) => name === pattern;
}

function notFound(linkType: string, left: string, right: string): LinkStoreError {
  return new LinkStoreError("link_not_found", `no ${linkType} link between "${left}" and "${right}"`);
}

/** The configs and links of one account and integration, shared by the runs that use it. */
export class ZisStore {
  readonly configs = new ConfigStore();
  readonly links: LinkStore;
  constructor(
    readonly accountId: number,
    readonly integration: string,
  ) {
    this.links = new LinkStore(accountId, integration);
  }

  /** The configs and links as JSON, to keep them beyond this process. */
  snapshot(): ZisStoreSnapshot {
    return {
      configs: Object.fromEntries(this.configs.scopes().map((scope) => [scope, this.configs.get(scope)!])),
      links: this.links.snapshot(),
    };
  }

  /** A store holding what `snapshot` captured. */
  static restore(accountId: number, integration: string, snapshot: ZisStoreSnapshot): ZisStore {
    const store = new ZisStore(accountId, integration);
    for (const [scope, config] of Object.entries(snapshot.configs)) store.configs.set(scope, config);
    store.links.restore(snapshot.links);
    return store;
  }
}

export interface ZisStoreSnapshot {
  readonly configs: Readonly<Record<string, JsonRecord>>;
  readonly links: LinkStoreSnapshot;
}
