/**
 * The validator's findings. Codes are stable (tests and CI scripts match on them); messages are for people
 * and may be reworded. The README's "Diagnostic codes" table is generated from this catalogue's descriptions.
 */

import { toPointer, type PointerSegment } from "./pointer.js";

export type Severity = "error" | "warning";

export const DIAGNOSTICS = {
  // Input and structure
  invalid_json: ["error", "The file is not valid JSON (reported with line and column)."],
  duplicate_json_key: [
    "error",
    "An object repeats a key; JSON readers keep only the last one (a state or resource silently disappears).",
  ],
  missing_property: ["error", "A required property is missing."],
  invalid_type: ["error", "A property has the wrong JSON type."],
  invalid_value: [
    "error",
    "A property has a value ZIS does not accept (e.g. an HTTP method or a negative retry count).",
  ],
  unknown_property: ["warning", "A property ZIS does not document; it is probably ignored or a typo."],
  unsupported_asl_field: [
    "error",
    "An Amazon States Language field ZIS does not support (InputPath, OutputPath, ResultSelector, Parameters outside Action states, Timestamp, …).",
  ],
  unsupported_template_version: ["error", '`zis_template_version` is not "2019-10-14".'],
  registry_read_only_field: [
    "warning",
    "A field the Registry API adds to bundles it returns (uuid, integration, zendesk_account_id); not part of an upload.",
  ],
  unknown_resource_type: [
    "error",
    "A resource `type` other than ZIS::Flow, ZIS::Action::Http and ZIS::JobSpec.",
  ],
  // Resources and names
  no_flow: ["error", "The bundle defines no flow."],
  no_job_spec: ["warning", "The bundle defines no job spec, so none of its flows can be triggered by it."],
  duplicate_resource_name: [
    "error",
    'Two resources of the same type share a `properties.name` (the upload fails with "Bundle contains duplicated resources").',
  ],
  resource_key_name_mismatch: [
    "warning",
    "A custom action's resource key differs from its `properties.name` (the docs ask for them to match; references use the name).",
  ],
  action_name_format: [
    "warning",
    "A custom action name breaks the documented rule (≤ 20 characters of A-Z, a-z, 0-9, _), which the docs' own examples also break.",
  ],
  invalid_connection_name: [
    "warning",
    "A `connectionName` breaks the documented rule (3–64 characters of A-Z, a-z, 0-9, _, -).",
  ],
  invalid_integration_key: [
    "error",
    "The integration key given at build/validate time is not ≤ 64 characters of a-z, 0-9, _, -.",
  ],
  integration_key_mismatch: [
    "error",
    "A `zis:<integration>:…` reference names another integration than the one given with --integration.",
  ],
  inconsistent_integration_key: [
    "warning",
    "`zis:<integration>:…` references in one bundle name different integrations.",
  ],
  invalid_flow_reference: [
    "error",
    "A job spec's `flow_name` is not of the form zis:<integration>:flow:<name>.",
  ],
  unknown_flow: ["error", "A job spec's `flow_name` names no flow of the bundle."],
  unknown_event_type: [
    "warning",
    "A job spec's event_source/event_type pair is not a documented ZIS trigger event.",
  ],
  // Flow graph
  unsupported_state_type: ["error", "An ASL state type ZIS does not support (Parallel, Task)."],
  unknown_state_type: [
    "error",
    "A state `Type` that is not one of Action, Choice, Pass, Wait, Map, Succeed, Fail.",
  ],
  unknown_start_state: ["error", "`StartAt` names no state of its state machine."],
  unknown_next_state: ["error", "A `Next`, `Default` or Catch `Next` names no state of its state machine."],
  transition_out_of_scope: [
    "error",
    "A transition between a Map iterator and the states around it (iterators are closed scopes).",
  ],
  duplicate_step_name: [
    "error",
    "Two different DSL state objects have the same name in one state machine (JSON can hold only one).",
  ],
  duplicate_state_name: [
    "warning",
    "A Map iterator reuses a state name of its flow (ASL requires unique names; ZIS accepts it, but logs and traces become ambiguous).",
  ],
  missing_transition: ["error", 'A state that needs `Next` or `"End": true` has neither.'],
  next_and_end: ["error", "A state has both `Next` and `End`."],
  end_false: ["error", '`"End": false` (ZIS only accepts `End: true`; omit it instead).'],
  transition_not_allowed: ["error", "`Next` or `End` on a state that takes neither (Choice, Succeed, Fail)."],
  unreachable_state: ["warning", "A state that no path from `StartAt` reaches (orphan cycles included)."],
  no_terminal_state: ["warning", "No state reachable from `StartAt` ends the flow, so it can only loop."],
  choice_without_rules: ["error", "A Choice state with an empty `Choices` array."],
  choice_without_default: [
    "warning",
    "A Choice state without `Default`: an event no rule matches fails the flow.",
  ],
  choice_rule_without_next: ["error", "A top-level choice rule without `Next`."],
  next_in_nested_rule: ["error", "`Next` inside an And/Or/Not sub-rule (only top-level rules take it)."],
  choice_rule_shape: [
    "error",
    "A choice rule that is not exactly one comparison with a `Variable`, or one non-empty And/Or/Not.",
  ],
  unsupported_choice_operator: [
    "error",
    "An ASL comparison ZIS does not support (StringMatches, Is*, …Path variants of String/Timestamp ordering).",
  ],
  wait_duration: ["error", "A Wait state needs exactly one of `Seconds` (> 0) and `SecondsPath`."],
  catch_not_allowed: ["error", "`Catch` on a state other than Action or Map."],
  retry_not_allowed: ["error", "`Retry` on a state other than Action or Map."],
  invalid_error_equals: [
    "error",
    '`ErrorEquals` other than ["States.ALL"], the only error name ZIS matches.',
  ],
  retry_default_used: [
    "warning",
    "A Retry without `IntervalSeconds` or `MaxAttempts`: ZIS's defaults are undocumented.",
  ],
  // Paths and templates
  invalid_reference_path: [
    "error",
    "A reference path or `{{…}}` placeholder that is not `$`, `.key`, `['key']`, `[n]` (no wildcards, filters, slices).",
  ],
  result_path_null: ["error", '`ResultPath: null` (ASL\'s "discard") is not documented for ZIS.'],
  dollar_key_not_string: [
    "error",
    "A `key.$` whose value is not a string (it must be a path or a template).",
  ],
  duplicate_dollar_key: ["error", "Both `key` and `key.$` in one object."],
  placeholder_without_dollar_key: [
    "warning",
    "A `{{$.path}}` placeholder in a value whose key lacks the `.$` suffix: ZIS documents interpolation only for `.$` keys.",
  ],
  path_never_written: [
    "error",
    "A state reads a flow-data path that is neither initial data ($.input, $.account_id, …) nor written by any state's ResultPath.",
  ],
  // Actions
  invalid_action_name: [
    "error",
    "An `ActionName` that is not zis:common:…, zis:common:transform:Jq or zis:<integration>:action:<name>.",
  ],
  unknown_builtin_action: ["error", "A zis:common:action:<Name> that is not a ZIS built-in."],
  unknown_action: [
    "error",
    "An `ActionName` naming a custom action the bundle does not define (actions must be in the same bundle).",
  ],
  missing_action_parameter: [
    "error",
    "A built-in action called without a parameter it requires (e.g. Jq without `expr`).",
  ],
  invalid_action_parameter: [
    "error",
    "A built-in action parameter ZIS rejects (e.g. a lone `*` wildcard, page_size > 100).",
  ],
  action_parameter_not_passed: [
    "warning",
    "A custom action's definition reads `$.x` but an Action state calling it passes no `x`.",
  ],
  action_url_or_path: ["error", "An HTTP action needs exactly one of `url`, `url.$`, `path`, `path.$`."],
  absolute_url_in_path: [
    "error",
    "An absolute URL in `path` (`path` is appended to https://<subdomain>.zendesk.com; use `url`).",
  ],
  url_not_absolute: [
    "warning",
    "A literal `url` that is not an absolute http(s) URL (often a placeholder left to replace).",
  ],
  legacy_query_field: ["warning", "`query` instead of `queryParams` (an older tutorial's name)."],
} as const satisfies Record<string, readonly [Severity, string]>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;

export interface Finding {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** JSON pointer (RFC 6901) into the bundle; "" is the whole document. */
  readonly path: string;
  readonly message: string;
}

export function makeFinding(code: DiagnosticCode, at: readonly PointerSegment[], message: string): Finding {
  return { code, severity: DIAGNOSTICS[code][0], path: toPointer(at), message };
}

export const hasErrors = (findings: readonly Finding[]): boolean =>
  findings.some((f) => f.severity === "error");
