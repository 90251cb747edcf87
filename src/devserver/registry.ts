import { validateBundle } from "../compiler/validate.js";
import { findingMessage } from "../model/diagnostics.js";
import { objectBody, respond, type ApiRequest, type ApiResponse } from "./http.js";
import type { ZendeskData } from "./zendesk.js";

/** `POST /api/services/zis/registry/{integration}/bundles`: validated as an upload would be, then stored. */
export function uploadBundle(data: ZendeskData, integration: string, request: ApiRequest): ApiResponse {
  const bundle = objectBody(request);
  if (!bundle)
    return respond.registryError(400, "1010", ["the request body must be a bundle (a JSON object)"]);
  const errors = validateBundle(bundle, { integration })
    .filter((f) => f.severity === "error")
    .map((f) => `${f.path || "/"}: ${f.code}: ${findingMessage(f)}`);
  if (errors.length > 0) return respond.registryError(400, "1010", errors);
  const stored = data.db.transaction(() => data.putBundle(integration, bundle));
  return respond.json(200, { uuid: stored.uuid });
}

/** `GET /api/services/zis/registry/{integration}/bundles` */
export function listBundles(data: ZendeskData, integration: string): ApiResponse {
  return respond.json(200, {
    bundles: data.bundles(integration).map((b) => ({
      uuid: b.uuid,
      name: b.bundle.name,
      description: b.bundle.description,
      integration: b.integration,
      zendesk_account_id: data.account.id,
      zis_template_version: b.bundle.zis_template_version,
    })),
    meta: { has_more: false, after: null, before: null },
  });
}

/** `GET /api/services/zis/registry/{integration}/job_specs` */
export function listJobSpecs(data: ZendeskData, integration: string): ApiResponse {
  return respond.json(200, {
    job_specs: data.jobSpecs(integration).map((spec) => ({
      name: spec.fullName,
      event_source: spec.event_source,
      event_type: spec.event_type,
      flow_name: spec.flow_name,
      installed: data.isInstalled(spec.fullName),
    })),
    meta: { has_more: false, after: null, before: null },
  });
}

/**
 * `POST` / `DELETE /api/services/zis/registry/job_specs/install?job_spec_name=…`: the name as
 * `zis:<integration>:job_spec:<name>`, or bare when only one uploaded job spec has it.
 */
export function installJobSpec(data: ZendeskData, request: ApiRequest, install: boolean): ApiResponse {
  const name = request.url.searchParams.get("job_spec_name");
  if (!name) return respond.registryError(400, "1010", ["job_spec_name is required"]);
  const candidates = data.jobSpecs().filter((s) => s.fullName === name || s.name === name);
  if (candidates.length === 0)
    return respond.registryError(404, "1040", [`no uploaded bundle has the job spec ${name}`]);
  if (candidates.length > 1)
    return respond.registryError(400, "1010", [
      `${name} names job specs of several integrations: ${candidates.map((c) => c.fullName).join(", ")}`,
    ]);
  data.setInstalled(candidates[0]!.fullName, install);
  return respond.json(200, {});
}
