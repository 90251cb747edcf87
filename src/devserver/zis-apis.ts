import { LinkStoreError, type LinkStoreErrorCode } from "../interpreter/errors.js";
import { builtinParametersSchema } from "../model/builtin-actions.js";
import { firstProblem } from "../model/parse.js";
import { isPlainObject } from "../model/json.js";
import { objectBody, respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { ZendeskData } from "./zendesk.js";

// ---- Configs API (reference §10.2), over the integration's config store, which flows share ------------------

function configView(data: ZendeskData, integration: string, scope: string) {
  return {
    scope,
    config: data.store(integration).configs.get(scope),
    integration,
    zendesk_account_id: data.account.id,
  };
}

/** `GET …/configs/{scope}`, or without a scope the configs whose scope matches `filter[scope]` (`*` a prefix). */
export function showConfigs(
  data: ZendeskData,
  integration: string,
  scope: string | undefined,
  request: ApiRequest,
): ApiResponse {
  const configs = data.store(integration).configs;
  if (scope !== undefined)
    return configs.get(scope)
      ? respond.json(200, { config: configView(data, integration, scope) })
      : respond.notFound();
  const filter = request.url.searchParams.get("filter[scope]") ?? "*";
  const matches = (s: string) => (filter.endsWith("*") ? s.startsWith(filter.slice(0, -1)) : s === filter);
  return respond.json(200, {
    configs: configs
      .scopes()
      .filter(matches)
      .map((s) => configView(data, integration, s)),
  });
}

/** `POST …/configs` with `{ scope, config }`. */
export function createConfig(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const configs = data.store(integration).configs;
  const body = objectBody(request);
  const scope = body?.scope;
  if (typeof scope !== "string" || !isPlainObject(body?.config))
    return respond.registryError(400, "1010", ["a config needs a scope (string) and a config (object)"]);
  if (configs.get(scope))
    return respond.registryError(400, "1010", [`a config with scope ${scope} already exists`]);
  configs.set(scope, body.config);
  data.saveStore(integration);
  return respond.json(201, { config: configView(data, integration, scope) });
}

/** `PUT` (replace) or `PATCH` (JSON merge patch) `…/configs/{scope}` with `{ config }`. */
export function updateConfig(
  data: ZendeskData,
  integration: string,
  scope: string | undefined,
  request: ApiRequest,
  how: "replace" | "merge",
): ApiResponse {
  const configs = data.store(integration).configs;
  const config = objectBody(request)?.config;
  if (scope === undefined || !isPlainObject(config))
    return respond.registryError(400, "1010", ['the body must be { "config": { … } }']);
  if (!configs.get(scope)) return respond.notFound();
  if (how === "replace") configs.set(scope, config);
  else configs.patch(scope, config);
  data.saveStore(integration);
  return respond.json(200, { config: configView(data, integration, scope) });
}

/** `DELETE …/configs/{scope}` */
export function deleteConfig(data: ZendeskData, integration: string, scope: string | undefined): ApiResponse {
  if (scope === undefined || !data.store(integration).configs.delete(scope)) return respond.notFound();
  data.saveStore(integration);
  return respond.empty();
}

// ---- Links API (reference §10.3), over the integration's link store, which flows share ----------------------

/** The link store reports its refusals as flow errors; over HTTP they are the caller's. */
const LINK_ERROR_STATUS: Readonly<Record<LinkStoreErrorCode, number>> = {
  link_not_found: 404,
  link_exists: 400,
  invalid_link_query: 400,
};

function answeringLinkErrors(respondWith: () => ApiResponse): ApiResponse {
  try {
    return respondWith();
  } catch (error) {
    if (error instanceof LinkStoreError)
      return respond.registryError(LINK_ERROR_STATUS[error.code], "1010", [error.cause]);
    throw error;
  }
}

/** `GET …/links/{integration}?link_type=…&left_object_name=…&right_object_name=…&page[size]=…` */
export function findLinks(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const query = request.url.searchParams;
  const linkType = query.get("link_type");
  if (!linkType) return respond.registryError(400, "1010", ["link_type is required"]);
  const left = query.get("left_object_name");
  const right = query.get("right_object_name");
  if (!left && !right)
    return respond.registryError(400, "1010", ["give left_object_name or right_object_name (or both)"]);
  const size = query.get("page[size]");
  const after = query.get("page[after]");
  const before = query.get("page[before]");
  return answeringLinkErrors(() =>
    respond.json(
      200,
      data.store(integration).links.load({
        link_type: linkType,
        ...(left ? { left_object_name: left } : {}),
        ...(right ? { right_object_name: right } : {}),
        ...(size ? { page_size: Number(size) } : {}),
        ...(after ? { page_after_cursor: after } : {}),
        ...(before ? { page_before_cursor: before } : {}),
      }),
    ),
  );
}

/** `POST …/links/{integration}` with `{ link_type, left_object: { name, metadata? }, right_object: … }`. */
export function createLink(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const input = linkInput(objectBody(request));
  if (!input)
    return respond.registryError(400, "1010", [
      "a link needs link_type, left_object.name and right_object.name",
    ]);
  return answeringLinkErrors(() => {
    const created = data.store(integration).links.create(input);
    data.saveStore(integration);
    return respond.json(201, created);
  });
}

/** `PATCH …/links/{integration}?link_type=…&left_object_name=…&right_object_name=…` with the objects' changes. */
export function patchLink(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const key = linkKey(request);
  if (!key) return missingKey();
  const body = objectBody(request);
  // The body's object changes are read as PatchLink's parameters are: a name that is not text is refused.
  const parsed = builtinParametersSchema("PatchLink").safeParse({
    ...key,
    ...(body?.left_object !== undefined ? { left_object: body.left_object } : {}),
    ...(body?.right_object !== undefined ? { right_object: body.right_object } : {}),
  });
  if (!parsed.success) {
    const { member, reason } = firstProblem(parsed.error);
    return respond.registryError(400, "1010", [`${member || "body"}: ${reason}`]);
  }
  return answeringLinkErrors(() => {
    const patched = data.store(integration).links.patch(parsed.data);
    data.saveStore(integration);
    return respond.json(200, patched);
  });
}

/** `DELETE …/links/{integration}?link_type=…&left_object_name=…&right_object_name=…` */
export function deleteLink(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const key = linkKey(request);
  if (!key) return missingKey();
  return answeringLinkErrors(() => {
    data.store(integration).links.delete(key);
    data.saveStore(integration);
    return respond.empty();
  });
}

/** The link a PATCH or DELETE names, when the query names it whole. */
function linkKey(request: ApiRequest) {
  const query = request.url.searchParams;
  const key = {
    link_type: query.get("link_type") ?? "",
    left_object_name: query.get("left_object_name") ?? "",
    right_object_name: query.get("right_object_name") ?? "",
  };
  return key.link_type && key.left_object_name && key.right_object_name ? key : undefined;
}

const missingKey = (): ApiResponse =>
  respond.registryError(400, "1010", ["link_type, left_object_name and right_object_name are required"]);

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
