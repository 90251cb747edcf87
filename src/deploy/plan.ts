import { toPointer, type PointerSegment } from "../model/pointer.js";
import { buildBundleView, isObject, stringOrUndefined } from "../model/bundle-view.js";
import type { JsonObject } from "../model/json.js";
import {
  DEFAULT_INTEGRATION_PLACEHOLDER,
  dominantIntegration,
  INTEGRATION_KEY,
  jobSpecReference,
  parseActionName,
  parseFlowReference,
} from "../model/names.js";
import { DeployError } from "./errors.js";

/** One Registry API request of a deployment, relative to the account's base URL. */
export interface PlannedRequest {
  /** Names the step in progress lines and errors: `upload bundle`, `install job spec <name>`. */
  readonly step: string;
  readonly kind: "upload_bundle" | "install_job_spec";
  readonly method: "POST";
  /** Path and query, e.g. `/api/services/zis/registry/acme/bundles`. */
  readonly path: string;
  /** The JSON body (the bundle, for the upload). */
  readonly body?: JsonObject;
  /** For installs: the job spec's full name, `zis:<integration>:job_spec:<name>`. */
  readonly jobSpec?: string;
}

export interface DeploymentPlan {
  readonly integration: string;
  readonly bundleName: string;
  /** In order: the upload, then one install per job spec of the bundle (in the bundle's order). */
  readonly requests: readonly PlannedRequest[];
}

export const REGISTRY_PATH = "/api/services/zis/registry";

/**
 * The requests that deploy `bundle` to `integration`: upload it, then install every job spec it defines.
 * Installs always follow an upload, even of job specs that were installed before: an upload leaves the
 * account's installed job specs orphaned. Throws DeployError (`invalid_plan`) for a bundle without a name, an
 * integration key ZIS would reject, or a job spec without a name.
 */
export function planDeployment(bundle: unknown, integration: string): DeploymentPlan {
  if (!INTEGRATION_KEY.test(integration))
    throw new DeployError(
      "invalid_plan",
      `integration key "${integration}" is not 1–64 characters of a-z, 0-9, _, -`,
    );
  if (!isObject(bundle)) throw new DeployError("invalid_plan", "a bundle is a JSON object");
  const bundleName = stringOrUndefined(bundle.name);
  if (bundleName === undefined) throw new DeployError("invalid_plan", "the bundle has no name");
  const requests: PlannedRequest[] = [
    {
      step: "upload bundle",
      kind: "upload_bundle",
      method: "POST",
      path: `${REGISTRY_PATH}/${encodeURIComponent(integration)}/bundles`,
      body: bundle as JsonObject,
    },
  ];
  for (const jobSpec of buildBundleView(bundle).jobSpecs) {
    if (jobSpec.name === undefined)
      throw new DeployError("invalid_plan", `job spec resource "${jobSpec.key}" has no properties.name`);
    const fullName = jobSpecReference(integration, jobSpec.name);
    requests.push({
      step: `install job spec ${jobSpec.name}`,
      kind: "install_job_spec",
      method: "POST",
      path: `${REGISTRY_PATH}/job_specs/install?job_spec_name=${encodeURIComponent(fullName)}`,
      jobSpec: fullName,
    });
  }
  return { integration, bundleName, requests };
}

/** A `zis:<integration>:…` reference in bundle JSON and where it is. */
export interface IntegrationReference {
  readonly integration: string;
  /** JSON pointer. */
  readonly path: string;
}

/** Every `zis:<integration>:…` reference of a bundle: job specs' `flow_name`s and custom actions' `ActionName`s. */
export function integrationReferences(bundle: unknown): IntegrationReference[] {
  if (!isObject(bundle)) return [];
  const view = buildBundleView(bundle);
  const references: IntegrationReference[] = [];
  const add = (integration: string, at: readonly PointerSegment[]) =>
    references.push({ integration, path: toPointer(at) });
  for (const jobSpec of view.jobSpecs) {
    const flowName = stringOrUndefined(jobSpec.properties?.flow_name);
    const parsed = flowName !== undefined ? parseFlowReference(flowName) : undefined;
    if (parsed?.ok) add(parsed.integration, [...jobSpec.at, "properties", "flow_name"]);
  }
  for (const machine of view.machines)
    for (const state of machine.states) {
      const actionName = state.raw.ActionName;
      if (state.type !== "Action" || typeof actionName !== "string") continue;
      const parsed = parseActionName(actionName);
      if (parsed.kind === "custom") add(parsed.integration, [...state.at, "ActionName"]);
    }
  return references;
}

/**
 * The integration key bundle JSON was built for: the one most of its `zis:<integration>:…` references use,
 * else the `integration` field of a bundle the Registry API returned; undefined when it names none.
 */
export function bundleIntegration(bundle: unknown): string | undefined {
  const dominant = dominantIntegration(integrationReferences(bundle).map((r) => r.integration));
  return dominant ?? (isObject(bundle) ? stringOrUndefined(bundle.integration) : undefined);
}

/** A build placeholder left in bundle JSON. */
export interface BuildPlaceholder {
  /** The placeholder text, e.g. `INTEGRATION` or `EXTERNAL_TARGET_URL`. */
  readonly text: string;
  readonly kind: "integration" | "parameter";
  /** JSON pointers of every place it appears. */
  readonly paths: readonly string[];
}

/** What an unset `param("NAME")` leaves: the bare name, upper case. */
const PARAMETER_PLACEHOLDER = /^[A-Z][A-Z0-9_]*$/;

/**
 * Build placeholders bundle JSON still holds, as far as the JSON shows them: the integration placeholder
 * (`INTEGRATION`, or `integrationPlaceholder` when given) in `zis:<integration>:…` references, and custom
 * actions whose `url` or `url.$` starts with a bare upper-case name (an unset `param("EXTERNAL_TARGET_URL")`,
 * alone or before a path: `JIRA_BASE_URL/rest/api/2/issue`). Other parameters are plain text in JSON; only
 * the bundle module knows them (see CompileResult.params).
 */
export function findBuildPlaceholders(
  bundle: unknown,
  integrationPlaceholder: string = DEFAULT_INTEGRATION_PLACEHOLDER,
): BuildPlaceholder[] {
  const found = new Map<string, { kind: BuildPlaceholder["kind"]; paths: string[] }>();
  const add = (text: string, kind: BuildPlaceholder["kind"], path: string) => {
    const entry = found.get(text) ?? { kind, paths: [] };
    entry.paths.push(path);
    found.set(text, entry);
  };
  for (const reference of integrationReferences(bundle))
    if (reference.integration === integrationPlaceholder)
      add(reference.integration, "integration", reference.path);
  if (isObject(bundle))
    for (const action of buildBundleView(bundle).actions) {
      const definition = action.properties?.definition;
      if (!isObject(definition)) continue;
      for (const key of ["url", "url.$"]) {
        const url = definition[key];
        // The text before the first "/", "?", "#" or placeholder: where the host would be.
        const start = typeof url === "string" ? url.split(/[/?#]|\{\{/)[0]! : "";
        if (PARAMETER_PLACEHOLDER.test(start))
          add(start, "parameter", toPointer([...action.at, "properties", "definition", key]));
      }
    }
  return [...found].map(([text, { kind, paths }]) => ({ text, kind, paths }));
}
