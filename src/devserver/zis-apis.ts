import { StateError } from "../interpreter/errors.js";
import { isPlainObject } from "../model/json.js";
import { objectBody, respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { ZendeskData } from "./zendesk.js";

/** The Configs API (reference §10.2) over the integration's config store, which flows share. */
export function configs(
  data: ZendeskData,
  integration: string,
  scope: string | undefined,
  request: ApiRequest,
) {
  const store = data.store(integration);
  const view = (s: string) => ({
    scope: s,
    config: store.configs.get(s),
    integration,
    zendesk_account_id: data.account.id,
  });
  const body = objectBody(request);
  const done = (response: ApiResponse): ApiResponse => {
    data.saveStore(integration);
    return response;
  };
  switch (request.method) {
    case "GET": {
      if (scope !== undefined)
        return store.configs.get(scope) ? respond.json(200, { config: view(scope) }) : respond.notFound();
      const filter = request.url.searchParams.get("filter[scope]") ?? "*";
      const matches = (s: string) =>
        filter.endsWith("*") ? s.startsWith(filter.slice(0, -1)) : s === filter;
      return respond.json(200, { configs: store.configs.scopes().filter(matches).map(view) });
    }
    case "POST": {
      const newScope = body?.scope;
      if (typeof newScope !== "string" || !isPlainObject(body?.config))
        return respond.registryError(400, "1010", ["a config needs a scope (string) and a config (object)"]);
      if (store.configs.get(newScope))
        return respond.registryError(400, "1010", [`a config with scope ${newScope} already exists`]);
      store.configs.set(newScope, body.config);
      return done(respond.json(201, { config: view(newScope) }));
    }
    case "PUT":
    case "PATCH": {
      if (scope === undefined || !isPlainObject(body?.config))
        return respond.registryError(400, "1010", ['the body must be { "config": { … } }']);
      if (!store.configs.get(scope)) return respond.notFound();
      if (request.method === "PUT") store.configs.set(scope, body.config);
      else store.configs.patch(scope, body.config);
      return done(respond.json(200, { config: view(scope) }));
    }
    case "DELETE":
      if (scope === undefined || !store.configs.delete(scope)) return respond.notFound();
      return done(respond.empty());
    default:
      return respond.json(405, { error: "MethodNotAllowed" });
  }
}

/** The Links API (reference §10.3) over the integration's link store, which flows share. */
export function links(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const store = data.store(integration);
  const query = request.url.searchParams;
  const text = (name: string) => query.get(name) ?? undefined;
  const body = objectBody(request);
  try {
    switch (request.method) {
      case "GET": {
        const linkType = text("link_type");
        if (!linkType) return respond.registryError(400, "1010", ["link_type is required"]);
        if (!text("left_object_name") && !text("right_object_name"))
          return respond.registryError(400, "1010", ["give left_object_name or right_object_name (or both)"]);
        const size = text("page[size]");
        const result = store.links.load({
          link_type: linkType,
          ...(text("left_object_name") ? { left_object_name: text("left_object_name")! } : {}),
          ...(text("right_object_name") ? { right_object_name: text("right_object_name")! } : {}),
          ...(size ? { page_size: Number(size) } : {}),
          ...(text("page[after]") ? { page_after_cursor: text("page[after]")! } : {}),
          ...(text("page[before]") ? { page_before_cursor: text("page[before]")! } : {}),
        });
        return respond.json(200, result);
      }
      case "POST": {
        const input = linkInput(body);
        if (!input)
          return respond.registryError(400, "1010", [
            "a link needs link_type, left_object.name and right_object.name",
          ]);
        const created = store.links.create(input);
        data.saveStore(integration);
        return respond.json(201, created);
      }
      case "PATCH":
      case "DELETE": {
        const key = {
          link_type: text("link_type") ?? "",
          left_object_name: text("left_object_name") ?? "",
          right_object_name: text("right_object_name") ?? "",
        };
        if (!key.link_type || !key.left_object_name || !key.right_object_name)
          return respond.registryError(400, "1010", [
            "link_type, left_object_name and right_object_name are required",
          ]);
        if (request.method === "DELETE") {
          store.links.delete(key);
          data.saveStore(integration);
          return respond.empty();
        }
        const patched = store.links.patch({
          ...key,
          ...(isPlainObject(body?.left_object) ? { left_object: body.left_object } : {}),
          ...(isPlainObject(body?.right_object) ? { right_object: body.right_object } : {}),
        });
        data.saveStore(integration);
        return respond.json(200, patched);
      }
      default:
        return respond.json(405, { error: "MethodNotAllowed" });
    }
  } catch (error) {
    // The link store reports a missing or duplicate link as a flow error; over HTTP it is the caller's.
    if (error instanceof StateError)
      return respond.registryError(/no .* link between/.test(error.cause) ? 404 : 400, "1010", [error.cause]);
    throw error;
  }
}

function linkInput(body: Record<string, unknown> | undefined) {
  const left = body?.left_object;
  const right = body?.right_object;
  if (typeof body?.link_type !== "string" || !isPlainObject(left) || !isPlainObject(right)) return undefined;
  if (typeof left.name !== "string" || typeof right.name !== "string") return undefined;
  const side = (o: Record<string, unknown>) => ({
    name: o.name as string,
    ...(isPlainObject(o.metadata) ? { metadata: o.metadata } : {}),
  });
  return { link_type: body.link_type, left_object: side(left), right_object: side(right) };
}
