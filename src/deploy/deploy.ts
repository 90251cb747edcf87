import type { ClientEvent, ZendeskRequest, HttpResult } from "./client.js";
import { DeployError } from "./errors.js";
import type { DeploymentPlan, PlannedRequest } from "./plan.js";

/** What `deploy` needs of a client; ZendeskClient is one. */
export interface DeployClient {
  readonly baseUrl: string;
  describe(request: PlannedRequest): ZendeskRequest;
  send(step: string, request: PlannedRequest, onEvent?: (event: ClientEvent) => void): Promise<HttpResult>;
}

/** `planned`: dry run; `skipped`: not run because an earlier step failed. */
export type StepStatus = "done" | "failed" | "skipped" | "planned";

export interface StepResult {
  readonly step: string;
  readonly kind: PlannedRequest["kind"];
  readonly method: string;
  readonly url: string;
  readonly status: StepStatus;
  /** For installs: `zis:<integration>:job_spec:<name>`. */
  readonly jobSpec?: string;
  /** The last HTTP status received. */
  readonly httpStatus?: number;
  readonly attempts?: number;
  /** Dry run: the request that would be sent, the credential redacted. */
  readonly request?: ZendeskRequest;
  readonly error?: { readonly code: DeployError["code"]; readonly message: string };
}

export type DeployEvent =
  | ClientEvent
  | { readonly type: "planned"; readonly result: StepResult; readonly request: ZendeskRequest }
  | { readonly type: "done"; readonly result: StepResult }
  | { readonly type: "failed"; readonly result: StepResult; readonly error: DeployError };

export interface DeployOptions {
  /** Describe the requests (events `planned`) and send nothing. @default false */
  readonly dryRun?: boolean;
  /** Told of each attempt, retry and step as the deployment goes. @default none */
  readonly onEvent?: (event: DeployEvent) => void;
}

export interface DeployResult {
  readonly ok: boolean;
  readonly dryRun: boolean;
  readonly baseUrl: string;
  readonly integration: string;
  readonly bundleName: string;
  readonly steps: readonly StepResult[];
  /** The failure that stopped the deployment. */
  readonly error?: DeployError;
}

/**
 * Runs the plan's requests in order, stopping at the first that fails (the steps after it are `skipped`).
 * Never throws a DeployError: a failure is in the result.
 */
export async function deploy(
  plan: DeploymentPlan,
  client: DeployClient,
  options: DeployOptions = {},
): Promise<DeployResult> {
  const onEvent = options.onEvent ?? (() => {});
  const dryRun = options.dryRun ?? false;
  const steps: StepResult[] = [];
  let failure: DeployError | undefined;
  for (const request of plan.requests) {
    const described = client.describe(request);
    const base = {
      step: request.step,
      kind: request.kind,
      method: request.method,
      url: described.url,
      ...(request.jobSpec !== undefined ? { jobSpec: request.jobSpec } : {}),
    };
    if (dryRun) {
      const result: StepResult = { ...base, status: "planned", request: described };
      steps.push(result);
      onEvent({ type: "planned", result, request: described });
    } else if (failure !== undefined) {
      steps.push({ ...base, status: "skipped" });
    } else {
      try {
        const response = await client.send(request.step, request, onEvent);
        const result: StepResult = {
          ...base,
          status: "done",
          httpStatus: response.status,
          attempts: response.attempts,
        };
        steps.push(result);
        onEvent({ type: "done", result });
      } catch (error) {
        if (!(error instanceof DeployError)) throw error;
        failure = error;
        const result: StepResult = {
          ...base,
          status: "failed",
          ...(error.status !== undefined ? { httpStatus: error.status } : {}),
          ...(error.attempts !== undefined ? { attempts: error.attempts } : {}),
          error: { code: error.code, message: error.message },
        };
        steps.push(result);
        onEvent({ type: "failed", result, error });
      }
    }
  }
  return {
    ok: failure === undefined,
    dryRun,
    baseUrl: client.baseUrl,
    integration: plan.integration,
    bundleName: plan.bundleName,
    steps,
    ...(failure !== undefined ? { error: failure } : {}),
  };
}
