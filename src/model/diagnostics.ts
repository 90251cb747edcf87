/**
 * The validator's findings, as data: a stable code (tests and CI scripts match on it), a JSON pointer and the
 * code's own fields. Messages are rendered from the data last, by `findingMessage`, for people; they may be
 * reworded. The README's "Diagnostic codes" table lists this catalogue's descriptions.
 */

import { describeLinksParameterProblem, type LinksParameterProblem } from "./builtin-actions.js";
import type { ValuePreview } from "./json.js";
import { MAX_BUNDLE_VALUES, MAX_NESTING_DEPTH } from "./nesting.js";
import { toPointer, type PointerSegment } from "./pointer.js";

export type Severity = "error" | "warning";

/** One code of the catalogue: how bad it is, what it means, and how its data reads as a message. */
export interface DiagnosticSpec<Data> {
  readonly severity: Severity;
  /** What the code means, for the README's table. */
  readonly description: string;
  readonly message: (data: Data) => string;
}

/** The data of a code that needs none. */
type NoData = Readonly<Record<string, never>>;

const diagnostic = <Data>(
  severity: Severity,
  description: string,
  message: (data: Data) => string,
): DiagnosticSpec<Data> => ({ severity, description, message });

/** What is wrong with a choice rule's shape. */
export type ChoiceRuleShapeProblem =
  | { readonly problem: "operators"; readonly operators: readonly string[] }
  | { readonly problem: "no_variable"; readonly operator: string }
  | { readonly problem: "variable_not_taken"; readonly operator: "And" | "Or" | "Not" }
  | { readonly problem: "empty_list"; readonly operator: "And" | "Or" };

function choiceRuleShapeMessage(d: ChoiceRuleShapeProblem): string {
  switch (d.problem) {
    case "operators":
      return `a rule needs exactly one operator, found ${d.operators.join(", ") || "none"}`;
    case "no_variable":
      return `${d.operator} needs a Variable`;
    case "variable_not_taken":
      return `${d.operator} rules take no Variable`;
    case "empty_list":
      return `${d.operator} needs at least one rule`;
  }
}

export const DIAGNOSTICS = {
  // Input and structure
  invalid_json: diagnostic<{ readonly line: number; readonly column: number; readonly reason: string }>(
    "error",
    "The file is not valid JSON (reported with line and column).",
    (d) => `line ${d.line}, column ${d.column}: ${d.reason}`,
  ),
  duplicate_json_key: diagnostic<{ readonly key: string }>(
    "error",
    "An object repeats a key; JSON readers keep only the last one (a state or resource silently disappears).",
    (d) => `"${d.key}" appears more than once; only the last is kept`,
  ),
  nesting_too_deep: diagnostic<{ readonly limit: number; readonly depth: number }>(
    "error",
    `A value nested deeper than ${MAX_NESTING_DEPTH} levels (real bundles nest < 15), at the first such value; reported alone: nothing else is checked.`,
    (d) =>
      `past the nesting limit of ${d.limit} (the bundle nests ${d.depth} levels deep); nothing else was checked`,
  ),
  bundle_too_large: diagnostic<{ readonly limit: number }>(
    "error",
    `A bundle holding more than ${MAX_BUNDLE_VALUES.toLocaleString("en-US")} JSON values (real bundles hold < 1,000; an 8,000-state flow about 64,000); reported alone: nothing else is checked.`,
    (d) => `holds more than ${d.limit} JSON values; nothing else was checked`,
  ),
  missing_property: diagnostic<{ readonly property: string }>(
    "error",
    "A required property is missing.",
    (d) => `missing required property "${d.property}"`,
  ),
  invalid_type: diagnostic<{ readonly expected: string; readonly found: string }>(
    "error",
    "A property has the wrong JSON type.",
    (d) => `expected ${d.expected}, found ${d.found}`,
  ),
  invalid_value: diagnostic<{ readonly reason: string; readonly found?: ValuePreview }>(
    "error",
    "A property has a value ZIS does not accept (e.g. an HTTP method or a negative retry count).",
    (d) => (d.found === undefined ? d.reason : `${d.reason}, found ${d.found.text}`),
  ),
  unknown_property: diagnostic<{ readonly property: string }>(
    "warning",
    "A property ZIS does not document; it is probably ignored or a typo.",
    (d) => `"${d.property}" is not a documented property here`,
  ),
  unsupported_asl_field: diagnostic<{ readonly field: string; readonly stateType?: string }>(
    "error",
    "An Amazon States Language field ZIS does not support (InputPath, OutputPath, ResultSelector, Parameters outside Action states, Timestamp, …).",
    (d) =>
      `ZIS does not support ${d.field} on ${d.stateType === undefined ? "a state machine" : `${d.stateType} states`}`,
  ),
  unsupported_template_version: diagnostic<{ readonly found: ValuePreview }>(
    "error",
    '`zis_template_version` is not "2019-10-14".',
    (d) => `zis_template_version must be "2019-10-14", found ${d.found.text}`,
  ),
  registry_read_only_field: diagnostic<{ readonly field: string }>(
    "warning",
    "A field the Registry API adds to bundles it returns (uuid, integration, zendesk_account_id); not part of an upload.",
    (d) => `"${d.field}" is set by the Registry API and ignored on upload`,
  ),
  unknown_resource_type: diagnostic<{ readonly found: ValuePreview }>(
    "error",
    "A resource `type` other than ZIS::Flow, ZIS::Action::Http and ZIS::JobSpec.",
    (d) => `unknown resource type ${d.found.text}`,
  ),
  // Resources and names
  no_flow: diagnostic<NoData>(
    "error",
    "The bundle defines no flow.",
    () => "the bundle defines no ZIS::Flow",
  ),
  no_job_spec: diagnostic<NoData>(
    "warning",
    "The bundle defines no job spec, so none of its flows can be triggered by it.",
    () => "no ZIS::JobSpec: nothing in this bundle triggers its flows",
  ),
  duplicate_resource_name: diagnostic<{ readonly name: string; readonly firstKey: string }>(
    "error",
    'Two resources of the same type share a `properties.name` (the upload fails with "Bundle contains duplicated resources").',
    (d) => `"${d.name}" is also the name of resource "${d.firstKey}"`,
  ),
  resource_key_name_mismatch: diagnostic<{ readonly key: string; readonly name: string }>(
    "warning",
    "A custom action's resource key differs from its `properties.name` (the docs ask for them to match; references use the name).",
    (d) => `resource key "${d.key}" ≠ name "${d.name}"`,
  ),
  action_name_format: diagnostic<{ readonly name: string }>(
    "warning",
    "A custom action name breaks the documented rule (≤ 20 characters of A-Z, a-z, 0-9, _), which the docs' own examples also break.",
    (d) => `"${d.name}" is not ≤ 20 characters of A-Z, a-z, 0-9, _`,
  ),
  invalid_connection_name: diagnostic<{ readonly name: string }>(
    "warning",
    "A `connectionName` breaks the documented rule (3–64 characters of A-Z, a-z, 0-9, _, -).",
    (d) => `"${d.name}" is not 3–64 characters of A-Z, a-z, 0-9, _, -`,
  ),
  invalid_integration_key: diagnostic<{ readonly integration: string }>(
    "error",
    "The integration key given at build/validate time is not ≤ 64 characters of a-z, 0-9, _, -.",
    (d) => `integration key "${d.integration}" is not ≤ 64 characters of a-z, 0-9, _, -`,
  ),
  integration_key_mismatch: diagnostic<{ readonly found: string; readonly expected: string }>(
    "error",
    "A `zis:<integration>:…` reference names another integration than the one given with --integration.",
    (d) => `names integration "${d.found}", not "${d.expected}"`,
  ),
  inconsistent_integration_key: diagnostic<{ readonly found: string; readonly majority: string }>(
    "warning",
    "`zis:<integration>:…` references in one bundle name different integrations.",
    (d) => `names integration "${d.found}" where the bundle uses "${d.majority}"`,
  ),
  invalid_flow_reference: diagnostic<{ readonly flowName: string }>(
    "error",
    "A job spec's `flow_name` is not of the form zis:<integration>:flow:<name>.",
    (d) => `"${d.flowName}" is not zis:<integration>:flow:<name>`,
  ),
  unknown_flow: diagnostic<{ readonly name: string }>(
    "error",
    "A job spec's `flow_name` names no flow of the bundle.",
    (d) => `the bundle defines no flow named "${d.name}"`,
  ),
  unknown_event_type: diagnostic<{ readonly source: string; readonly type: string }>(
    "warning",
    "A job spec's event_source/event_type pair is not a documented ZIS trigger event.",
    (d) => `"${d.source}" / "${d.type}" is not a documented trigger event`,
  ),
  // Flow graph
  unsupported_state_type: diagnostic<{ readonly type: string }>(
    "error",
    "An ASL state type ZIS does not support (Parallel, Task).",
    (d) => `ZIS does not support ${d.type} states`,
  ),
  unknown_state_type: diagnostic<{ readonly found: ValuePreview }>(
    "error",
    "A state `Type` that is not one of Action, Choice, Pass, Wait, Map, Succeed, Fail.",
    (d) => `unknown state type ${d.found.text}`,
  ),
  unknown_start_state: diagnostic<{ readonly name: string }>(
    "error",
    "`StartAt` names no state of its state machine.",
    (d) => `StartAt names no state: "${d.name}"`,
  ),
  unknown_next_state: diagnostic<{ readonly target: string }>(
    "error",
    "A `Next`, `Default` or Catch `Next` names no state of its state machine.",
    (d) => `no state named "${d.target}" in this state machine`,
  ),
  transition_out_of_scope: diagnostic<{ readonly target: string }>(
    "error",
    "A transition between a Map iterator and the states around it (iterators are closed scopes).",
    (d) =>
      `"${d.target}" is in another scope: Map iterators cannot jump to the states around them, nor be entered from outside`,
  ),
  duplicate_step_name: diagnostic<{ readonly name: string }>(
    "error",
    "Two different DSL state objects have the same name in one state machine (JSON can hold only one).",
    (d) => `two different states are named "${d.name}"`,
  ),
  duplicate_state_name: diagnostic<{ readonly name: string }>(
    "warning",
    "A Map iterator reuses a state name of its flow (ASL requires unique names; ZIS accepts it, but logs and traces become ambiguous).",
    (d) => `"${d.name}" is already a state of this flow`,
  ),
  missing_transition: diagnostic<{ readonly type: string; readonly name: string }>(
    "error",
    'A state that needs `Next` or `"End": true` has neither.',
    (d) => `${d.type} state "${d.name}" needs Next or "End": true`,
  ),
  next_and_end: diagnostic<NoData>(
    "error",
    "A state has both `Next` and `End`.",
    () => "a state cannot have both Next and End",
  ),
  end_false: diagnostic<NoData>(
    "error",
    '`"End": false` (ZIS only accepts `End: true`; omit it instead).',
    () => 'ZIS accepts only "End": true; omit End instead',
  ),
  transition_not_allowed: diagnostic<{ readonly type: string; readonly field: "Next" | "End" }>(
    "error",
    "`Next` or `End` on a state that takes neither (Choice, Succeed, Fail).",
    (d) => `${d.type} states take no ${d.field}`,
  ),
  unreachable_state: diagnostic<{ readonly name: string; readonly startAt: string }>(
    "warning",
    "A state that no path from `StartAt` reaches (orphan cycles included).",
    (d) => `no path from StartAt "${d.startAt}" reaches "${d.name}"`,
  ),
  no_terminal_state: diagnostic<NoData>(
    "warning",
    "No state reachable from `StartAt` ends the flow, so it can only loop.",
    () => "no reachable state ends the flow",
  ),
  choice_without_rules: diagnostic<NoData>(
    "error",
    "A Choice state with an empty `Choices` array.",
    () => "a Choice state needs at least one rule",
  ),
  choice_without_default: diagnostic<NoData>(
    "warning",
    "A Choice state without `Default`: an event no rule matches fails the flow.",
    () => "no Default: an event no rule matches fails the flow",
  ),
  choice_rule_without_next: diagnostic<NoData>(
    "error",
    "A top-level choice rule without `Next`.",
    () => "a top-level rule needs Next",
  ),
  next_in_nested_rule: diagnostic<NoData>(
    "error",
    "`Next` inside an And/Or/Not sub-rule (only top-level rules take it).",
    () => "only top-level rules take Next",
  ),
  choice_rule_shape: diagnostic<ChoiceRuleShapeProblem>(
    "error",
    "A choice rule that is not exactly one comparison with a `Variable`, or one non-empty And/Or/Not.",
    choiceRuleShapeMessage,
  ),
  unsupported_choice_operator: diagnostic<{ readonly operator: string }>(
    "error",
    "An ASL comparison ZIS does not support (StringMatches, Is*, …Path variants of String/Timestamp ordering).",
    (d) => `ZIS does not support the ${d.operator} comparison`,
  ),
  wait_duration: diagnostic<
    { readonly problem: "not_one_of" } | { readonly problem: "not_positive"; readonly seconds: number }
  >("error", "A Wait state needs exactly one of `Seconds` (> 0) and `SecondsPath`.", (d) =>
    d.problem === "not_one_of"
      ? "a Wait state needs exactly one of Seconds and SecondsPath"
      : `Seconds must be greater than 0, found ${d.seconds}`,
  ),
  catch_not_allowed: diagnostic<{ readonly type: string }>(
    "error",
    "`Catch` on a state other than Action or Map.",
    (d) => `${d.type} states cannot have Catch (only Action and Map)`,
  ),
  retry_not_allowed: diagnostic<{ readonly type: string }>(
    "error",
    "`Retry` on a state other than Action or Map.",
    (d) => `${d.type} states cannot have Retry (only Action and Map)`,
  ),
  invalid_error_equals: diagnostic<{ readonly found: ValuePreview }>(
    "error",
    '`ErrorEquals` other than ["States.ALL"], the only error name ZIS matches.',
    (d) => `ZIS matches only ["States.ALL"], found ${d.found.text}`,
  ),
  retry_default_used: diagnostic<NoData>(
    "warning",
    "A Retry without `IntervalSeconds` or `MaxAttempts`: ZIS's defaults are undocumented.",
    () => "set IntervalSeconds and MaxAttempts: ZIS's defaults are undocumented",
  ),
  // Paths and templates
  invalid_reference_path: diagnostic<{ readonly path: string; readonly reason: string }>(
    "error",
    "A reference path or `{{…}}` placeholder that is not `$`, `.key`, `['key']`, `[n]` (no wildcards, filters, slices).",
    (d) => `"${d.path}": ${d.reason}`,
  ),
  result_path_null: diagnostic<NoData>(
    "error",
    '`ResultPath: null` (ASL\'s "discard") is not documented for ZIS.',
    () => "ResultPath: null (discard the result) is not supported by ZIS",
  ),
  dollar_key_not_string: diagnostic<{ readonly key: string }>(
    "error",
    "A `key.$` whose value is not a string (it must be a path or a template).",
    (d) => `"${d.key}" must hold a path or template string`,
  ),
  duplicate_dollar_key: diagnostic<{ readonly key: string }>(
    "error",
    "Both `key` and `key.$` in one object.",
    (d) => `both "${d.key.slice(0, -2)}" and "${d.key}" are set`,
  ),
  placeholder_without_dollar_key: diagnostic<{
    readonly members: readonly { readonly pointer: string; readonly path: string }[];
  }>(
    "warning",
    "`{{$.path}}` placeholders in values whose key lacks the `.$` suffix (ZIS documents interpolation only for `.$` keys): one finding per state or action definition, at its pointer, `data.members` listing each `{ pointer, path }`.",
    (d) =>
      `${d.members.length} {{…}} placeholder${d.members.length === 1 ? "" : "s"} in keys without ".$" (${d.members
        .slice(0, 3)
        .map((m) => `{{${m.path}}}`)
        .join(", ")}${d.members.length > 3 ? ", …" : ""}); ZIS documents interpolation only for ".$" keys`,
  ),
  path_without_dollar_key: diagnostic<{ readonly path: string }>(
    "warning",
    'A reference path (`"$.ticket.id"`) as the value of a key without `.$` (in `Parameters`, `requestBody`, `headers`, `queryParams`): sent as literal text. `$`, `$.…`, `$[…]` that parse as paths count; "$100" does not.',
    (d) => `"${d.path}" is sent as literal text; write the key with ".$" to read the path`,
  ),
  intrinsic_function: diagnostic<{ readonly name: string }>(
    "error",
    "An ASL intrinsic function in a `.$` value (`States.Format(…)`, `States.StringToJson(…)`, `States.Array(…)`, any `States.<Name>(`): ZIS does not evaluate it and sends the text.",
    (d) => `ZIS does not evaluate intrinsic functions: ${d.name}(…) is sent as literal text`,
  ),
  result_member_unknown: diagnostic<{
    readonly path: string;
    readonly members: readonly string[];
    /** The path with the result's one member put in, when it has one. */
    readonly suggestion?: string;
  }>(
    "error",
    "A read below a built-in's result into a member it never has (after LoadConfig writes `$.config`, the settings are at `$.config.config.<key>`): the read always fails.",
    (d) =>
      `"${d.path}" reads a member the built-in's result there does not have (its members: ${d.members.join(", ")})${d.suggestion !== undefined ? `; did you mean "${d.suggestion}"?` : ""}`,
  ),
  path_never_written: diagnostic<{ readonly path: string }>(
    "error",
    "A state reads a flow-data path that is neither initial data ($.input, $.account_id, …) nor written by any state's ResultPath.",
    (d) => `"${d.path}" is not initial flow data and no state's ResultPath writes it`,
  ),
  // Actions
  invalid_action_name: diagnostic<{ readonly actionName: string }>(
    "error",
    "An `ActionName` that is not zis:common:…, zis:common:transform:Jq or zis:<integration>:action:<name>.",
    (d) => `"${d.actionName}" is not a ZIS action name`,
  ),
  unknown_builtin_action: diagnostic<{ readonly name: string }>(
    "error",
    "A zis:common:action:<Name> that is not a ZIS built-in.",
    (d) => `ZIS has no built-in action "${d.name}"`,
  ),
  unknown_action: diagnostic<{ readonly name: string }>(
    "error",
    "An `ActionName` naming a custom action the bundle does not define (actions must be in the same bundle).",
    (d) => `the bundle defines no action named "${d.name}"`,
  ),
  missing_action_parameter: diagnostic<{ readonly action: string; readonly alternatives: readonly string[] }>(
    "error",
    "A built-in action called without a parameter it requires (e.g. Jq without `expr`).",
    (d) => `${d.action} needs ${d.alternatives.map((n) => `"${n}"`).join(" or ")}`,
  ),
  invalid_action_parameter: diagnostic<LinksParameterProblem>(
    "error",
    "A built-in action parameter ZIS rejects (e.g. a lone `*` wildcard, page_size > 100).",
    describeLinksParameterProblem,
  ),
  action_parameter_not_passed: diagnostic<{ readonly action: string; readonly parameter: string }>(
    "warning",
    'A custom action\'s definition reads `$.x` only inside `{{…}}` placeholders but an Action state calling it passes no `x`: how ZIS renders a placeholder whose path is missing is undocumented (zisflow run fails unless `missingPlaceholder: "empty"`).',
    (d) => `action "${d.action}" reads $.${d.parameter}, which this state does not pass`,
  ),
  action_path_parameter_not_passed: diagnostic<{ readonly action: string; readonly parameter: string }>(
    "error",
    'A custom action\'s definition reads `$.x` as a reference path (`"key.$": "$.x"`) but an Action state calling it passes no `x`: `JSON path not found` on every run of that state.',
    (d) => `action "${d.action}" reads $.${d.parameter} as a path, which this state does not pass`,
  ),
  action_target_parameter_not_passed: diagnostic<{ readonly action: string; readonly parameter: string }>(
    "error",
    "A custom action's `url` or `path` reads `$.x` but an Action state calling it passes no `x`: the request has no URL, so every run of that state fails.",
    (d) => `action "${d.action}" builds its URL from $.${d.parameter}, which this state does not pass`,
  ),
  action_url_or_path: diagnostic<{ readonly found: readonly string[] }>(
    "error",
    "An HTTP action needs exactly one of `url`, `url.$`, `path`, `path.$`.",
    (d) => `exactly one of url, url.$, path, path.$ is needed, found ${d.found.join(", ") || "none"}`,
  ),
  absolute_url_in_path: diagnostic<{ readonly value: string }>(
    "error",
    "An absolute URL in `path` (`path` is appended to https://<subdomain>.zendesk.com; use `url`).",
    (d) => `"${d.value}" is an absolute URL; use url instead of path`,
  ),
  url_not_absolute: diagnostic<{ readonly url: string }>(
    "warning",
    "A `url` that is not an absolute http(s) URL, or a `url.$` template whose fixed start is not `http(s)://` (often a placeholder left to replace); not reported by a build for a `param(...)` left without a value.",
    (d) => `"${d.url}" is not an absolute http(s) URL`,
  ),
  jq_program_error: diagnostic<{ readonly message: string }>(
    "error",
    "A Jq state's `expr` that jq 1.8.2 does not compile (a syntax error, an undefined variable or function) or that calls a builtin the sandbox refuses: every run of the state fails. Reported by build, validate and deploy, which run jq.",
    (d) => `the jq program fails every run: ${d.message}`,
  ),
  url_parameter_not_absolute: diagnostic<{ readonly url: string; readonly parameters: readonly string[] }>(
    "error",
    "A `url` built from build parameter values (`--set`) that is not an absolute http(s) URL: every request of the action fails (reported by builds and deploys of modules, which know the values).",
    (d) => `"${d.url}", built from ${d.parameters.join(", ")}, is not an absolute http(s) URL`,
  ),
  legacy_query_field: diagnostic<NoData>(
    "warning",
    "`query` instead of `queryParams` (an older tutorial's name).",
    () => "use queryParams instead of query",
  ),
} as const satisfies Record<string, DiagnosticSpec<never>>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

/** The fields a finding of `code` carries. */
export type DiagnosticData<C extends DiagnosticCode> =
  (typeof DIAGNOSTICS)[C] extends DiagnosticSpec<infer Data> ? Data : never;

/** A finding of one code, with that code's data. */
export interface FindingOf<C extends DiagnosticCode> {
  readonly code: C;
  readonly severity: Severity;
  /** JSON pointer (RFC 6901) into the bundle; "" is the whole document. */
  readonly path: string;
  readonly data: DiagnosticData<C>;
}

/** A finding of any code; narrowing on `code` types its `data`. */
export type Finding = { [C in DiagnosticCode]: FindingOf<C> }[DiagnosticCode];

/** The arguments that make a finding: a code, where it is, and that code's data. */
export type FindingArgs = {
  [C in DiagnosticCode]: [code: C, at: readonly PointerSegment[], data: DiagnosticData<C>];
}[DiagnosticCode];

export function makeFinding(...[code, at, data]: FindingArgs): Finding {
  // TypeScript cannot correlate the destructured code with its data; FindingArgs already tied them.
  return { code, severity: DIAGNOSTICS[code].severity, path: toPointer(at), data } as Finding;
}

/** The finding's message, rendered from its data by the catalogue's template. */
export function findingMessage(finding: Finding): string {
  // As in makeFinding: the union of codes hides that each finding's data is its own code's.
  const render = DIAGNOSTICS[finding.code].message as (data: Finding["data"]) => string;
  return render(finding.data);
}

/** The findings of the keys a JSON text repeats (JSON.parse keeps only the last). */
export const duplicateKeyFindings = (pointers: readonly (readonly PointerSegment[])[]): Finding[] =>
  pointers.map((at) => makeFinding("duplicate_json_key", at, { key: String(at[at.length - 1]) }));

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === "error");
