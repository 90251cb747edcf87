import { parseArgs } from "node:util";
import { duplicateKeyFindings, hasErrors, type Finding } from "../model/diagnostics.js";
import { validateBundle } from "../compiler/validate.js";
import { jqProgramFindings } from "../interpreter/jq/check.js";
import {
  deploy,
  DeployError,
  findBuildPlaceholders,
  bundleIntegration,
  planDeployment,
  ZendeskClient,
  type Credentials,
  type DeployEvent,
  type DeployResult,
  type FetchFunction,
  type ZendeskRequest,
  type BuildPlaceholder,
} from "../deploy/index.js";
import { DEFAULT_INTEGRATION_PLACEHOLDER } from "../model/names.js";
import { formatFinding, summarize } from "./format.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { BundleInputError, compileModuleInput, parseBuildParams } from "./load-bundle.js";
import { readJsonFile } from "./read-json.js";

export const DEPLOY_USAGE = `Usage: zisflow deploy BUNDLE.json|MODULE.ts [--integration KEY] [--set NAME=VALUE]...
                      [--subdomain NAME | --url BASE_URL] [--email EMAIL] [--dry-run] [--json]

Uploads a bundle to the account's ZIS Registry, then installs every job spec it defines, in that order. The
installs always follow the upload, even of job specs installed before: an upload orphans the installed job
specs, whose flows stop running until they are installed again.
  MODULE.ts          compiled first, as zisflow build does, with --integration KEY (required) and a --set
                     value for every build parameter the module uses
  BUNDLE.json        deployed as is; --integration, when given, must be the key of its zis:<integration>:…
                     references. Refused while it holds build placeholders (INTEGRATION, an unset URL parameter)
  --subdomain NAME   deploy to https://NAME.zendesk.com (or the ZENDESK_SUBDOMAIN environment variable)
  --url BASE_URL     deploy elsewhere, e.g. http://127.0.0.1:4567 for a local emulator (or ZENDESK_URL)
  --email EMAIL      the admin's email, for API token or password authentication (or ZENDESK_EMAIL)
  --dry-run          print the requests (method, URL, headers, body) and send nothing
  --json             print a JSON summary of the steps instead of one line per step
Credentials come only from environment variables, never from options (options land in shell history and in
ps): ZENDESK_API_TOKEN (with the email), ZENDESK_PASSWORD (with the email) or ZENDESK_OAUTH_TOKEN (Bearer),
preferred in that order. They are never printed: output shows the Authorization header as <redacted>.
A dry run needs none: without them its requests show "Authorization: <redacted; no credentials given>".
A request answered 429 (waiting its Retry-After, at most 60 s) or 5xx, or lost on the network, is retried up
to 3 times (after 1 s, 2 s, 4 s); each retry is reported on stderr.
Exit 0: deployed (or the dry run printed); 1: bundle refused (validator errors, build parameters without a
value) or a step failed (the steps after it are not run); 2: usage error or unreadable input.`;

/** `zisflow deploy`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: DEPLOY_USAGE, run: (args, io) => deployCommand(args, io) };

/** For tests: the HTTP client's fetch and sleep. */
export interface DeployDeps {
  readonly fetch?: FetchFunction;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Environment variables deploy reads. */
export const DEPLOY_ENV = {
  url: "ZENDESK_URL",
  subdomain: "ZENDESK_SUBDOMAIN",
  email: "ZENDESK_EMAIL",
  apiToken: "ZENDESK_API_TOKEN",
  password: "ZENDESK_PASSWORD",
  oauthToken: "ZENDESK_OAUTH_TOKEN",
} as const;

const SECRET_OPTION = /^--?(token|api-token|api_token|password|oauth-token|oauth_token|bearer)(=|$)/;

export async function deployCommand(
  args: readonly string[],
  io: CliIo,
  deps: DeployDeps = {},
): Promise<number> {
  if (args.some((arg) => SECRET_OPTION.test(arg)))
    throw new UsageError(
      `credentials are read only from the environment (${DEPLOY_ENV.apiToken}, ${DEPLOY_ENV.password}, ` +
        `${DEPLOY_ENV.oauthToken}): options land in shell history and in ps`,
    );
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      integration: { type: "string" },
      set: { type: "string", multiple: true, default: [] },
      subdomain: { type: "string" },
      url: { type: "string" },
      email: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError("deploy takes exactly one BUNDLE.json or MODULE.ts");
  const file = positionals[0]!;
  const params = parseBuildParams(values.set);
  const baseUrl = resolveBaseUrl(values);
  const credentials = resolveCredentials(values.email, io, values["dry-run"]);
  let client: ZendeskClient;
  try {
    client = new ZendeskClient({
      baseUrl,
      credentials,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
  } catch (error) {
    if (error instanceof DeployError) throw new UsageError(error.message);
    throw error;
  }
  // Whatever is printed from here on goes through the redactor: bundle text, Zendesk's answers, errors.
  const out: CliIo = {
    cwd: io.cwd,
    stdout: (text) => io.stdout(client.redact(text)),
    stderr: (text) => io.stderr(client.redact(text)),
  };
  try {
    const loaded = await loadDeployable(file, values.integration, params, out);
    if (!loaded.ok) return loaded.exit;
    let plan;
    try {
      plan = planDeployment(loaded.bundle, loaded.integration);
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      out.stderr(`zisflow deploy: ${file}: refused: ${error.message}\n`);
      return EXIT.findings;
    }
    const dryRun = values["dry-run"];
    if (dryRun && !values.json)
      out.stdout(
        `dry run: ${plan.requests.length} request${plan.requests.length === 1 ? "" : "s"} to ${client.baseUrl}, nothing sent\n`,
      );
    const result = await deploy(plan, client, {
      dryRun,
      onEvent: (event) => report(event, plan, values.json, out),
    });
    if (values.json) out.stdout(JSON.stringify(summary(result), null, 2) + "\n");
    if (result.error) {
      out.stderr(`zisflow deploy: ${result.error.message}\n`);
      const skipped = result.steps.filter((s) => s.status === "skipped").map((s) => s.step);
      if (skipped.length > 0) out.stderr(`zisflow deploy: not run: ${skipped.join(", ")}\n`);
      return EXIT.findings;
    }
    return EXIT.ok;
  } catch (error) {
    // main rethrows what it does not know; scrub it first, so no credential reaches a stack trace either.
    if (error instanceof UsageError) throw new UsageError(client.redact(error.message));
    const scrubbed = new Error(client.redact(error instanceof Error ? error.message : String(error)));
    if (error instanceof Error && error.stack !== undefined) scrubbed.stack = client.redact(error.stack);
    throw scrubbed;
  }
}

const envValue = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
};

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function subdomainUrl(subdomain: string, source: string): string {
  if (!SUBDOMAIN.test(subdomain))
    throw new UsageError(`${source} takes the NAME of NAME.zendesk.com, found "${subdomain}"`);
  return `https://${subdomain.toLowerCase()}.zendesk.com`;
}

/** Exactly one account: an option wins over the environment; two options, or two variables, are ambiguous. */
function resolveBaseUrl(values: { url?: string | undefined; subdomain?: string | undefined }): string {
  if (values.url !== undefined && values.subdomain !== undefined)
    throw new UsageError("give --url or --subdomain, not both");
  if (values.url !== undefined) return values.url;
  if (values.subdomain !== undefined) return subdomainUrl(values.subdomain, "--subdomain");
  const url = envValue(DEPLOY_ENV.url);
  const subdomain = envValue(DEPLOY_ENV.subdomain);
  if (url !== undefined && subdomain !== undefined)
    throw new UsageError(
      `both ${DEPLOY_ENV.url} and ${DEPLOY_ENV.subdomain} are set; unset one, or pass --url or --subdomain`,
    );
  if (url !== undefined) return url;
  if (subdomain !== undefined) return subdomainUrl(subdomain, DEPLOY_ENV.subdomain);
  throw new UsageError(
    `deploy needs the account: --subdomain NAME or --url BASE_URL, or the environment variable ` +
      `${DEPLOY_ENV.subdomain} or ${DEPLOY_ENV.url}`,
  );
}

/**
 * Credentials from the environment only; the first usable of API token, password, OAuth token. A dry run needs
 * none (undefined: its requests show `Authorization: <redacted; no credentials given>`), but a token or password
 * without the email is an error there too, as the deploy it rehearses would refuse it.
 */
function resolveCredentials(
  emailOption: string | undefined,
  io: CliIo,
  dryRun: boolean,
): Credentials | undefined {
  const email = emailOption ?? envValue(DEPLOY_ENV.email);
  const token = envValue(DEPLOY_ENV.apiToken);
  const password = envValue(DEPLOY_ENV.password);
  const oauth = envValue(DEPLOY_ENV.oauthToken);
  const set = [
    token !== undefined ? DEPLOY_ENV.apiToken : undefined,
    password !== undefined ? DEPLOY_ENV.password : undefined,
    oauth !== undefined ? DEPLOY_ENV.oauthToken : undefined,
  ].filter((name) => name !== undefined);
  let credentials: Credentials | undefined;
  let source: string | undefined;
  if (email !== undefined && token !== undefined) {
    credentials = { kind: "api_token", email, token };
    source = DEPLOY_ENV.apiToken;
  } else if (email !== undefined && password !== undefined) {
    credentials = { kind: "password", email, password };
    source = DEPLOY_ENV.password;
  } else if (oauth !== undefined) {
    credentials = { kind: "oauth", token: oauth };
    source = DEPLOY_ENV.oauthToken;
  }
  if (credentials === undefined) {
    if (set.length === 0 && dryRun) return undefined;
    if (set.length > 0)
      throw new UsageError(
        `${set.join(" and ")} ${set.length === 1 ? "needs" : "need"} the admin's email: --email EMAIL or ${DEPLOY_ENV.email}`,
      );
    throw new UsageError(
      `deploy needs credentials in the environment: ${DEPLOY_ENV.apiToken} (with --email or ` +
        `${DEPLOY_ENV.email}), ${DEPLOY_ENV.password} (with the email) or ${DEPLOY_ENV.oauthToken}. ` +
        `They are not taken as options, which land in shell history and in ps`,
    );
  }
  if (set.length > 1) io.stderr(`zisflow deploy: ${set.join(" and ")} are set; using ${source}\n`);
  return credentials;
}

type Loaded =
  | { readonly ok: true; readonly bundle: unknown; readonly integration: string }
  | { readonly ok: false; readonly exit: number };

/**
 * The bundle to deploy and its integration key, or the exit code after printing why not: findings as
 * `zisflow validate` prints them, build parameters without a value, placeholders left in the JSON.
 */
async function loadDeployable(
  file: string,
  integrationOption: string | undefined,
  params: Readonly<Record<string, string>>,
  io: CliIo,
): Promise<Loaded> {
  const inputError = (message: string): Loaded => {
    io.stderr(`zisflow deploy: ${file}: ${message}\n`);
    return { ok: false, exit: EXIT.usage };
  };
  let bundle: unknown;
  let integration: string;
  let findings: Finding[];
  let unset: string[] = [];
  if (/\.(ts|mts)$/.test(file)) {
    if (integrationOption === undefined)
      throw new UsageError(
        "deploying a bundle module needs --integration KEY (the integration to deploy to)",
      );
    integration = integrationOption;
    let compiled;
    try {
      compiled = await compileModuleInput(file, io, { integration, params });
    } catch (error) {
      if (!(error instanceof BundleInputError)) throw error;
      io.stderr(`zisflow deploy: ${error.message}\n`);
      return { ok: false, exit: EXIT.usage };
    }
    const declared = [...compiled.params].filter((name) => name !== "INTEGRATION");
    const unused = Object.keys(params).filter((name) => !compiled.params.has(name));
    if (unused.length > 0)
      throw new UsageError(
        `${unused.map((name) => `--set ${name}`).join(", ")}: ${file} uses no build parameter of that name ` +
          `(its parameters: ${declared.join(", ") || "none"})`,
      );
    unset = declared.filter((name) => params[name] === undefined);
    bundle = compiled.bundle;
    findings = [...compiled.findings];
  } else {
    if (Object.keys(params).length > 0)
      throw new UsageError("--set is for bundle modules (.ts); bundle JSON is deployed as it is");
    const parsed = await readJsonFile(file, io.cwd);
    if (!parsed.ok) return inputError(parsed.problem);
    bundle = parsed.value;
    const referenced = bundleIntegration(bundle);
    if (integrationOption !== undefined && referenced !== undefined && referenced !== integrationOption)
      throw new UsageError(
        `--integration ${integrationOption} does not match the integration ${file} references use: ${referenced}` +
          (referenced === DEFAULT_INTEGRATION_PLACEHOLDER
            ? " (the build placeholder: build the bundle with zisflow build --integration KEY)"
            : ""),
      );
    const key = integrationOption ?? referenced;
    if (key === undefined)
      throw new UsageError(
        `${file} names no integration in zis:<integration>:… references; pass --integration KEY`,
      );
    integration = key;
    findings = [
      ...duplicateKeyFindings(parsed.duplicateKeys),
      ...validateBundle(bundle, integration === DEFAULT_INTEGRATION_PLACEHOLDER ? {} : { integration }),
    ];
  }
  const placeholders = findBuildPlaceholders(bundle).filter((p) => !unset.includes(p.text));
  findings.push(...(await jqProgramFindings(bundle)));

  for (const finding of findings) io.stderr(formatFinding(file, finding) + "\n");
  for (const placeholder of placeholders) io.stderr(formatPlaceholder(file, placeholder) + "\n");
  const reasons: string[] = [];
  if (hasErrors(findings)) reasons.push(summarize(findings));
  if (unset.length > 0)
    reasons.push(
      `build parameter${unset.length === 1 ? "" : "s"} without a value: ${unset.join(", ")} ` +
        `(pass ${unset.map((name) => `--set ${name}=VALUE`).join(" ")})`,
    );
  if (placeholders.length > 0)
    reasons.push(
      `it still holds build placeholders (${placeholders.map((p) => p.text).join(", ")}); ` +
        `build it with zisflow build --integration KEY --set NAME=VALUE --out DIR, or deploy the module`,
    );
  if (reasons.length > 0) {
    io.stderr(`zisflow deploy: ${file}: refused, nothing was sent: ${reasons.join("; ")}\n`);
    return { ok: false, exit: EXIT.findings };
  }
  return { ok: true, bundle, integration };
}

function formatPlaceholder(file: string, placeholder: BuildPlaceholder): string {
  const [first, ...others] = placeholder.paths;
  const what =
    placeholder.kind === "integration"
      ? "the integration placeholder, not an integration key"
      : "an unreplaced build parameter";
  const more = others.length > 0 ? ` (and ${others.length} more place${others.length === 1 ? "" : "s"})` : "";
  return `${file}:${first ?? "/"}: error: "${placeholder.text}" is ${what}${more}`;
}

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

function report(
  event: DeployEvent,
  plan: { readonly integration: string; readonly bundleName: string },
  json: boolean,
  io: CliIo,
): void {
  switch (event.type) {
    case "retry":
      return io.stderr(
        `${event.step}: ${event.reason}, retrying in ${seconds(event.delayMs)} (attempt ${event.attempt} of ${event.maxAttempts})\n`,
      );
    case "done":
      if (json) return;
      return io.stdout(
        event.result.kind === "upload_bundle"
          ? `uploaded bundle ${JSON.stringify(plan.bundleName)} to integration ${plan.integration}\n`
          : `installed job spec ${event.result.jobSpec}\n`,
      );
    case "planned":
      if (json) return;
      return io.stdout(`\n# ${event.result.step}\n${formatRequest(event.request)}`);
    case "attempt":
    case "failed":
      return;
  }
}

/** The request as text: request line, headers, a blank line and the body (pretty JSON). */
function formatRequest(request: ZendeskRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (request.body !== undefined) lines.push("", prettyBody(request.body));
  return lines.join("\n") + "\n";
}

/** The JSON a body holds, else the text itself. */
function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

const prettyBody = (body: string): string => {
  const parsed = parseBody(body);
  return typeof parsed === "string" ? parsed : JSON.stringify(parsed, null, 2);
};

function summary(result: DeployResult): unknown {
  return {
    ok: result.ok,
    dryRun: result.dryRun,
    baseUrl: result.baseUrl,
    integration: result.integration,
    bundle: result.bundleName,
    steps: result.steps.map(({ request, ...step }) => ({
      ...step,
      ...(request !== undefined
        ? {
            request: {
              ...request,
              ...(request.body !== undefined ? { body: parseBody(request.body) } : {}),
            },
          }
        : {}),
    })),
    ...(result.error
      ? {
          error: {
            code: result.error.code,
            step: result.error.step,
            status: result.error.status,
            message: result.error.message,
          },
        }
      : {}),
  };
}
