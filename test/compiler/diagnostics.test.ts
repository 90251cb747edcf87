/**
 * One test per diagnostic code: each fires at an exact JSON pointer on a small mutation of a valid bundle,
 * with the code's data, and stays silent on a similar but valid mutation (the "near miss"). Findings are matched
 * by code, pointer, severity and data; messages are rendered from the data for people and may be reworded.
 */
import { toPointer } from "../../src/model/pointer.js";
import { describe, expect, it } from "vitest";
import { compileBundle } from "../../src/compiler/compile.js";
import {
  DIAGNOSTICS,
  duplicateKeyFindings,
  findingMessage,
  type DiagnosticCode,
  type DiagnosticData,
} from "../../src/model/diagnostics.js";
import { validateBundle, type ValidateOptions } from "../../src/compiler/validate.js";
import { parseJsonText } from "../../src/model/json-text.js";
import {
  action,
  bundle,
  choice,
  httpAction,
  invoke,
  param,
  path,
  str,
  tpl,
  flow,
  jobSpec,
  pass,
  stringEquals,
  succeed,
  type TicketEventInput,
} from "../../src/index.js";

/** Bundles under test are mutated into shapes no type describes (that is the point). */
type Raw = any;

const INTEGRATION = "acme_refunds";
const FLOW = "/resources/RefundRequestFlow/properties/definition";
const STATES = `${FLOW}/States`;
const PROFILE_PATH = "$.input.activity_event.user_activity.profile_id";

/**
 * The seed tutorial's bundle (dist-bundles/my_zis_bundle.json) with a real integration key and a real refund
 * URL instead of its placeholders. A fresh copy on every call.
 */
function base(): Raw {
  return {
    name: "Example ZIS integration for custom activity events",
    description: "Approve and route refund requests",
    zis_template_version: "2019-10-14",
    resources: {
      GetUserProfile: {
        type: "ZIS::Action::Http",
        properties: {
          name: "GetUserProfile",
          definition: {
            method: "GET",
            "path.$": "/api/v2/user_profiles/{{$.profile_id}}",
            connectionName: "zendesk",
          },
        },
      },
      CreateZendeskTicket: {
        type: "ZIS::Action::Http",
        properties: {
          name: "CreateZendeskTicket",
          definition: {
            method: "POST",
            "path.$": "/api/v2/tickets.json",
            connectionName: "zendesk",
            headers: [{ key: "Content-Type", value: "application/json" }],
            requestBody: {
              ticket: {
                "subject.$": "$.subject",
                comment: { "body.$": "$.comment_body" },
                "requester_id.$": "$.requester_id",
              },
            },
          },
        },
      },
      InitiateRefund: {
        type: "ZIS::Action::Http",
        properties: {
          name: "InitiateRefund",
          definition: {
            method: "POST",
            url: "https://refunds.example.com/api/refunds",
            requestBody: {
              "order_id.$": "$.order_id",
              "refund_amount.$": "$.refund_amount",
              "user_profile_id.$": "$.profile_id",
            },
          },
        },
      },
      RefundRequestFlow: {
        type: "ZIS::Flow",
        properties: {
          name: "RefundRequestFlow",
          definition: {
            StartAt: "CheckEventSourceAndType",
            States: {
              CheckEventSourceAndType: {
                Type: "Choice",
                Choices: [
                  {
                    Variable: "$.input.activity_event.user_activity.type",
                    StringEquals: "refund_request",
                    Next: "ConvertRefundAmountToNum",
                  },
                ],
                Default: "Finish",
              },
              ConvertRefundAmountToNum: {
                Type: "Action",
                ActionName: "zis:common:transform:Jq",
                Parameters: {
                  expr: ".activity_event.user_activity.properties.refund_amount | tonumber",
                  "data.$": "$.input",
                },
                ResultPath: "$.refund_amount_num",
                Next: "CheckRefundAmount",
              },
              CheckRefundAmount: {
                Type: "Choice",
                Choices: [
                  {
                    Variable: "$.refund_amount_num",
                    NumericLessThanEquals: 100,
                    Next: "InitiateRefund",
                  },
                ],
                Default: "GetUserProfile",
              },
              GetUserProfile: {
                Type: "Action",
                ActionName: `zis:${INTEGRATION}:action:GetUserProfile`,
                Parameters: { "profile_id.$": PROFILE_PATH },
                ResultPath: "$.customer",
                Next: "CheckForPremiumMembership",
              },
              CheckForPremiumMembership: {
                Type: "Choice",
                Choices: [
                  {
                    Variable: "$.customer.profile.attributes.membership",
                    StringEquals: "premium",
                    Next: "InitiateRefund",
                  },
                ],
                Default: "CreateZendeskTicket",
              },
              CreateZendeskTicket: {
                Type: "Action",
                ActionName: `zis:${INTEGRATION}:action:CreateZendeskTicket`,
                Parameters: {
                  "subject.$":
                    "Refund request for order {{$.input.activity_event.user_activity.properties.order_id}}",
                  "comment_body.$":
                    "Hi,\n I'm requesting a ${{$.input.activity_event.user_activity.properties.refund_amount}} refund for order {{$.input.activity_event.user_activity.properties.order_id}}.",
                  "requester_id.$": "$.input.activity_event.user_activity.user_id",
                },
                Next: "Finish",
              },
              InitiateRefund: {
                Type: "Action",
                ActionName: `zis:${INTEGRATION}:action:InitiateRefund`,
                Parameters: {
                  "order_id.$": "$.input.activity_event.user_activity.properties.order_id",
                  "refund_amount.$": "$.input.activity_event.user_activity.properties.refund_amount",
                  "profile_id.$": PROFILE_PATH,
                },
                Next: "Finish",
              },
              Finish: { Type: "Succeed" },
            },
          },
        },
      },
      RefundRequestJobSpec: {
        type: "ZIS::JobSpec",
        properties: {
          name: "RefundRequestJobSpec",
          event_source: "sunshine",
          event_type: "activity.UserActivityCreated",
          flow_name: `zis:${INTEGRATION}:flow:RefundRequestFlow`,
        },
      },
    },
  };
}

// ---- Mutation helpers -------------------------------------------------------------------------------------

const states = (b: Raw): Raw => b.resources.RefundRequestFlow.properties.definition.States;
const actionDefinition = (b: Raw, key: string): Raw => b.resources[key].properties.definition;
const jobSpecProperties = (b: Raw): Raw => b.resources.RefundRequestJobSpec.properties;

/** Renames a key of `object` in place, keeping the key order. */
function renameKey(object: Raw, from: string, to: string): void {
  const entries = Object.entries(object).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const key of Object.keys(object)) delete object[key];
  for (const [k, v] of entries) object[k] = v;
}

/** Renames a custom action (resource key and name); `callers` also updates the Action states calling it. */
function renameAction(b: Raw, from: string, to: string, callers: boolean): void {
  renameKey(b.resources, from, to);
  b.resources[to].properties.name = to;
  if (!callers) return;
  for (const state of Object.values(states(b)) as Raw[])
    if (state.ActionName === `zis:${INTEGRATION}:action:${from}`)
      state.ActionName = `zis:${INTEGRATION}:action:${to}`;
}

/** Uses `integration` in every zis:<integration>:… reference of the bundle. */
function useIntegration(b: Raw, integration: string): void {
  jobSpecProperties(b).flow_name = `zis:${integration}:flow:RefundRequestFlow`;
  for (const state of Object.values(states(b)) as Raw[])
    if (typeof state.ActionName === "string")
      state.ActionName = state.ActionName.replace(`zis:${INTEGRATION}:`, `zis:${integration}:`);
}

/** Inserts a Wait state "Pause" between ConvertRefundAmountToNum and CheckRefundAmount. */
function insertWait(b: Raw, fields: Raw): void {
  states(b).Pause = { Type: "Wait", ...fields, Next: "CheckRefundAmount" };
  states(b).ConvertRefundAmountToNum.Next = "Pause";
}

/** Inserts a Map state "ForEachOrder" over the customer's orders between GetUserProfile and its successor. */
function insertMap(b: Raw, iterator: Raw): void {
  states(b).ForEachOrder = {
    Type: "Map",
    ItemsPath: "$.customer.orders",
    Iterator: iterator,
    ResultPath: "$.order_checks",
    Next: "CheckForPremiumMembership",
  };
  states(b).GetUserProfile.Next = "ForEachOrder";
}

/** Replaces the first (only) rule of a Choice state. */
function setRule(b: Raw, state: string, rule: Raw): void {
  states(b)[state].Choices = [rule];
}

/** `levels` arrays, each the only element of the one around it, holding 0 innermost: `nestedArrays(2)` is `[[0]]`. */
function nestedArrays(levels: number): Raw {
  let value: Raw = 0;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

const MEMBERSHIP = "$.customer.profile.attributes.membership";
const CATCH_ALL = ["States.ALL"];

// ---- The table ----------------------------------------------------------------------------------------------

/** One row per code, with the data its finding carries. */
type Row = { [C in DiagnosticCode]: RowOf<C> }[DiagnosticCode];

interface RowOf<C extends DiagnosticCode> {
  readonly code: C;
  /** The finding's data (its message is rendered from it). */
  readonly data: DiagnosticData<C>;
  /** Mutates a fresh base bundle so that `code` fires. */
  readonly fire: (b: Raw) => void;
  /** Where the finding must point (RFC 6901). */
  readonly pointer: string;
  /** A similar mutation that is valid with respect to `code`. */
  readonly near: (b: Raw) => void;
  /** Validator options for `fire`; also for `near` unless `nearOptions` is given. */
  readonly options?: ValidateOptions;
  readonly nearOptions?: ValidateOptions;
}

/** LoadConfig writes { config: {...} } at $.settings, and a later state reads `path` there. */
const readBelowLoadConfig =
  (path: string) =>
  (b: Raw): void => {
    states(b).ConvertRefundAmountToNum = {
      Type: "Action",
      ActionName: "zis:common:action:LoadConfig",
      Parameters: { scope: "settings" },
      ResultPath: "$.settings",
      Next: "CheckRefundAmount",
    };
    states(b).GetUserProfile.Parameters["profile_id.$"] = path;
  };

/** A read of a member LoadConfig's result does not have ($.settings.config.profile is the setting). */
const readSettingsBelowLoadConfig = readBelowLoadConfig("$.settings.profile");

const TABLE: readonly Row[] = [
  // Input and structure
  {
    code: "nesting_too_deep",
    // Parameters/extra is at depth 8, so its 93rd nested array holds a value at depth 101.
    data: { limit: 100, depth: 101 },
    fire: (b) => (states(b).GetUserProfile.Parameters.extra = nestedArrays(93)),
    pointer: `${STATES}/GetUserProfile/Parameters/extra${"/0".repeat(93)}`,
    near: (b) => (states(b).GetUserProfile.Parameters.extra = nestedArrays(92)),
  },
  {
    code: "bundle_too_large",
    data: { limit: 100_000 },
    // The base bundle holds a few hundred values; 100,000 zeros more pass the limit, 90,000 do not.
    fire: (b) => (states(b).GetUserProfile.Parameters.extra = new Array(100_000).fill(0)),
    pointer: "",
    near: (b) => (states(b).GetUserProfile.Parameters.extra = new Array(90_000).fill(0)),
  },
  {
    code: "missing_property",
    data: { property: "Cause" },
    // ZIS requires both Error and Cause on Fail states (ASL makes them optional).
    fire: (b) => (states(b).Finish = { Type: "Fail", Error: "refund_not_routed" }),
    pointer: `${STATES}/Finish/Cause`,
    near: (b) => (states(b).Finish = { Type: "Fail", Error: "refund_not_routed", Cause: "see the ticket" }),
  },
  {
    code: "invalid_type",
    data: { expected: "string", found: "number" },
    fire: (b) => (states(b).CheckRefundAmount.Comment = 100),
    pointer: `${STATES}/CheckRefundAmount/Comment`,
    near: (b) => (states(b).CheckRefundAmount.Comment = "100"),
  },
  {
    code: "invalid_value",
    data: {
      reason: 'Invalid option: expected one of "GET"|"HEAD"|"PUT"|"POST"|"DELETE"|"OPTIONS"|"PATCH"|"TRACE"',
      found: { type: "string", text: '"FETCH"' },
    },
    fire: (b) => (actionDefinition(b, "GetUserProfile").method = "FETCH"),
    pointer: "/resources/GetUserProfile/properties/definition/method",
    near: (b) => (actionDefinition(b, "GetUserProfile").method = "PATCH"),
  },
  {
    code: "unknown_property",
    data: { property: "Timeout" },
    fire: (b) => (states(b).GetUserProfile.Timeout = 30),
    pointer: `${STATES}/GetUserProfile/Timeout`,
    // The legacy, once documented name.
    near: (b) => (states(b).GetUserProfile.TimeoutSeconds = 30),
  },
  {
    code: "unsupported_asl_field",
    data: { field: "TimestampPath", stateType: "Wait" },
    fire: (b) => insertWait(b, { TimestampPath: "$.refund_amount_num" }),
    pointer: `${STATES}/Pause/TimestampPath`,
    near: (b) => insertWait(b, { SecondsPath: "$.refund_amount_num" }),
  },
  {
    code: "unsupported_template_version",
    data: { found: { type: "string", text: '"2019-02-28"' } },
    fire: (b) => (b.zis_template_version = "2019-02-28"),
    pointer: "/zis_template_version",
    near: (b) => (b.zis_template_version = "2019-10-14"),
  },
  {
    code: "registry_read_only_field",
    data: { field: "uuid" },
    fire: (b) => (b.uuid = "0b8ba0ee-2f3c-4a2e-9a6a-0c0c8f6e3a11"),
    pointer: "/uuid",
    near: (b) => (b.description = "0b8ba0ee-2f3c-4a2e-9a6a-0c0c8f6e3a11"),
  },
  {
    code: "unknown_resource_type",
    data: { found: { type: "string", text: '"ZIS::Config"' } },
    fire: (b) =>
      (b.resources.RefundSettings = { type: "ZIS::Config", properties: { name: "RefundSettings" } }),
    pointer: "/resources/RefundSettings/type",
    near: (b) =>
      (b.resources.GetOrder = {
        type: "ZIS::Action::Http",
        properties: {
          name: "GetOrder",
          definition: { method: "GET", url: "https://shop.example.com/orders" },
        },
      }),
  },
  // Resources and names
  {
    code: "no_flow",
    data: {},
    fire: (b) => delete b.resources.RefundRequestFlow,
    pointer: "/resources",
    // A flow's resource key may differ from its name.
    near: (b) => renameKey(b.resources, "RefundRequestFlow", "MainFlow"),
  },
  {
    code: "no_job_spec",
    data: {},
    fire: (b) => delete b.resources.RefundRequestJobSpec,
    pointer: "/resources",
    near: (b) => renameKey(b.resources, "RefundRequestJobSpec", "OnRefundRequest"),
  },
  {
    code: "duplicate_resource_name",
    data: { name: "RefundRequestFlow", firstKey: "RefundRequestFlow" },
    fire: (b) => (b.resources.RefundRequestFlowCopy = structuredClone(b.resources.RefundRequestFlow)),
    pointer: "/resources/RefundRequestFlowCopy/properties/name",
    near: (b) => {
      b.resources.RefundRequestFlowCopy = structuredClone(b.resources.RefundRequestFlow);
      b.resources.RefundRequestFlowCopy.properties.name = "RefundRequestFlowCopy";
    },
  },
  {
    code: "resource_key_name_mismatch",
    data: { key: "UserProfile", name: "GetUserProfile" },
    fire: (b) => renameKey(b.resources, "GetUserProfile", "UserProfile"),
    pointer: "/resources/UserProfile/properties/name",
    // Flows may have a resource key other than their name (the Registry API's own example does).
    near: (b) => renameKey(b.resources, "RefundRequestFlow", "RefundFlowResource"),
  },
  {
    code: "action_name_format",
    data: { name: "GetUserProfileFromZdk" },
    // 21 characters.
    fire: (b) => renameAction(b, "GetUserProfile", "GetUserProfileFromZdk", true),
    pointer: "/resources/GetUserProfileFromZdk/properties/name",
    // 20 characters.
    near: (b) => renameAction(b, "GetUserProfile", "GetUserProfileFromZd", true),
  },
  {
    code: "invalid_connection_name",
    data: { name: "zd" },
    fire: (b) => (actionDefinition(b, "GetUserProfile").connectionName = "zd"),
    pointer: "/resources/GetUserProfile/properties/definition/connectionName",
    near: (b) => (actionDefinition(b, "GetUserProfile").connectionName = "zd-"),
  },
  {
    code: "invalid_integration_key",
    data: { integration: "Acme_Refunds" },
    fire: () => {},
    options: { integration: "Acme_Refunds" },
    pointer: "",
    near: () => {},
    nearOptions: { integration: INTEGRATION },
  },
  {
    code: "integration_key_mismatch",
    data: { found: "acme_billing", expected: "acme_refunds" },
    fire: (b) => (states(b).GetUserProfile.ActionName = "zis:acme_billing:action:GetUserProfile"),
    options: { integration: INTEGRATION },
    pointer: `${STATES}/GetUserProfile/ActionName`,
    // Without --integration the same reference is only inconsistent with the others.
    near: (b) => (states(b).GetUserProfile.ActionName = "zis:acme_billing:action:GetUserProfile"),
    nearOptions: {},
  },
  {
    code: "inconsistent_integration_key",
    data: { found: "acme_billing", majority: "acme_refunds" },
    fire: (b) => (states(b).GetUserProfile.ActionName = "zis:acme_billing:action:GetUserProfile"),
    pointer: `${STATES}/GetUserProfile/ActionName`,
    near: (b) => useIntegration(b, "acme_billing"),
  },
  {
    code: "invalid_flow_reference",
    data: { flowName: "zis:acme_refunds:flows:RefundRequestFlow" },
    fire: (b) => (jobSpecProperties(b).flow_name = `zis:${INTEGRATION}:flows:RefundRequestFlow`),
    pointer: "/resources/RefundRequestJobSpec/properties/flow_name",
    near: (b) => (jobSpecProperties(b).flow_name = `zis:${INTEGRATION}:flow:RefundRequestFlow`),
  },
  {
    code: "unknown_flow",
    data: { name: "RefundFlowResource" },
    // Job specs name a flow by properties.name, not by resource key.
    fire: (b) => {
      renameKey(b.resources, "RefundRequestFlow", "RefundFlowResource");
      jobSpecProperties(b).flow_name = `zis:${INTEGRATION}:flow:RefundFlowResource`;
    },
    pointer: "/resources/RefundRequestJobSpec/properties/flow_name",
    near: (b) => renameKey(b.resources, "RefundRequestFlow", "RefundFlowResource"),
  },
  {
    code: "unknown_event_type",
    data: { source: "support", type: "ticket.Created" },
    fire: (b) =>
      Object.assign(jobSpecProperties(b), { event_source: "support", event_type: "ticket.Created" }),
    pointer: "/resources/RefundRequestJobSpec/properties/event_type",
    near: (b) =>
      Object.assign(jobSpecProperties(b), { event_source: "support", event_type: "ticket.TicketCreated" }),
  },
  // Flow graph
  {
    code: "unsupported_state_type",
    data: { type: "Task" },
    fire: (b) => (states(b).Finish = { Type: "Task", End: true }),
    pointer: `${STATES}/Finish/Type`,
    near: (b) => (states(b).Finish = { Type: "Pass", End: true }),
  },
  {
    code: "unknown_state_type",
    data: { found: { type: "string", text: '"Success"' } },
    fire: (b) => (states(b).Finish.Type = "Success"),
    pointer: `${STATES}/Finish/Type`,
    near: (b) => (states(b).Finish.Type = "Succeed"),
  },
  {
    code: "unknown_start_state",
    data: { name: "CheckEventSourceAndType" },
    fire: (b) => renameKey(states(b), "CheckEventSourceAndType", "CheckEvent"),
    pointer: `${FLOW}/StartAt`,
    near: (b) => {
      renameKey(states(b), "CheckEventSourceAndType", "CheckEvent");
      b.resources.RefundRequestFlow.properties.definition.StartAt = "CheckEvent";
    },
  },
  {
    code: "unknown_next_state",
    data: { target: "CreateTicket" },
    fire: (b) =>
      (states(b).GetUserProfile.Catch = [
        { ErrorEquals: CATCH_ALL, ResultPath: "$.error", Next: "CreateTicket" },
      ]),
    pointer: `${STATES}/GetUserProfile/Catch/0/Next`,
    near: (b) =>
      (states(b).GetUserProfile.Catch = [
        { ErrorEquals: CATCH_ALL, ResultPath: "$.error", Next: "CreateZendeskTicket" },
      ]),
  },
  {
    code: "transition_out_of_scope",
    data: { target: "Finish" },
    fire: (b) =>
      insertMap(b, { StartAt: "CheckOrder", States: { CheckOrder: { Type: "Pass", Next: "Finish" } } }),
    pointer: `${STATES}/ForEachOrder/Iterator/States/CheckOrder/Next`,
    near: (b) =>
      insertMap(b, {
        StartAt: "CheckOrder",
        States: { CheckOrder: { Type: "Pass", Next: "OrderChecked" }, OrderChecked: { Type: "Succeed" } },
      }),
  },
  {
    code: "duplicate_state_name",
    data: { name: "Finish" },
    fire: (b) => insertMap(b, { StartAt: "Finish", States: { Finish: { Type: "Succeed" } } }),
    pointer: `${STATES}/ForEachOrder/Iterator/States/Finish`,
    near: (b) => insertMap(b, { StartAt: "FinishOrder", States: { FinishOrder: { Type: "Succeed" } } }),
  },
  {
    code: "missing_transition",
    data: { type: "Action", name: "CreateZendeskTicket" },
    fire: (b) => delete states(b).CreateZendeskTicket.Next,
    pointer: `${STATES}/CreateZendeskTicket`,
    near: (b) => {
      delete states(b).CreateZendeskTicket.Next;
      states(b).CreateZendeskTicket.End = true;
    },
  },
  {
    code: "next_and_end",
    data: {},
    fire: (b) => (states(b).CreateZendeskTicket.End = true),
    pointer: `${STATES}/CreateZendeskTicket`,
    near: (b) => {
      delete states(b).CreateZendeskTicket.Next;
      states(b).CreateZendeskTicket.End = true;
    },
  },
  {
    code: "end_false",
    data: {},
    fire: (b) => (states(b).CreateZendeskTicket.End = false),
    pointer: `${STATES}/CreateZendeskTicket/End`,
    near: (b) => {
      delete states(b).CreateZendeskTicket.Next;
      states(b).CreateZendeskTicket.End = true;
    },
  },
  {
    code: "transition_not_allowed",
    data: { type: "Succeed", field: "End" },
    fire: (b) => (states(b).Finish.End = true),
    pointer: `${STATES}/Finish/End`,
    near: (b) => (states(b).Finish = { Type: "Pass", End: true }),
  },
  {
    code: "unreachable_state",
    data: { name: "Ticket/Created~1", startAt: "CheckEventSourceAndType" },
    // A name with "/" and "~" checks the pointer escaping (RFC 6901).
    fire: (b) => (states(b)["Ticket/Created~1"] = { Type: "Succeed" }),
    pointer: `${STATES}/Ticket~1Created~01`,
    near: (b) => {
      states(b)["Ticket/Created~1"] = { Type: "Succeed" };
      states(b).CreateZendeskTicket.Next = "Ticket/Created~1";
    },
  },
  {
    code: "no_terminal_state",
    data: {},
    fire: (b) => (states(b).Finish = { Type: "Wait", Seconds: 60, Next: "CheckEventSourceAndType" }),
    pointer: `${FLOW}/StartAt`,
    near: (b) => (states(b).Finish = { Type: "Wait", Seconds: 60, End: true }),
  },
  {
    code: "choice_without_rules",
    data: {},
    fire: (b) => (states(b).CheckForPremiumMembership.Choices = []),
    pointer: `${STATES}/CheckForPremiumMembership/Choices`,
    near: (b) =>
      setRule(b, "CheckForPremiumMembership", {
        Variable: MEMBERSHIP,
        StringEquals: "gold",
        Next: "InitiateRefund",
      }),
  },
  {
    code: "choice_without_default",
    data: {},
    fire: (b) => {
      const check = states(b).CheckForPremiumMembership;
      check.Choices.push({ Variable: MEMBERSHIP, StringEquals: "basic", Next: "CreateZendeskTicket" });
      delete check.Default;
    },
    pointer: `${STATES}/CheckForPremiumMembership`,
    near: (b) => {
      const check = states(b).CheckForPremiumMembership;
      check.Choices.push({ Variable: MEMBERSHIP, StringEquals: "basic", Next: "CreateZendeskTicket" });
      delete check.Default;
      check.Default = "Finish";
    },
  },
  {
    code: "choice_rule_without_next",
    data: {},
    fire: (b) => delete states(b).CheckRefundAmount.Choices[0].Next,
    pointer: `${STATES}/CheckRefundAmount/Choices/0`,
    near: (b) => (states(b).CheckRefundAmount.Choices[0].Next = "CreateZendeskTicket"),
  },
  {
    code: "next_in_nested_rule",
    data: {},
    fire: (b) =>
      setRule(b, "CheckForPremiumMembership", {
        And: [
          { Variable: MEMBERSHIP, StringEquals: "premium", Next: "InitiateRefund" },
          { Variable: "$.refund_amount_num", NumericLessThan: 1000 },
        ],
        Next: "InitiateRefund",
      }),
    pointer: `${STATES}/CheckForPremiumMembership/Choices/0/And/0/Next`,
    near: (b) =>
      setRule(b, "CheckForPremiumMembership", {
        And: [
          { Variable: MEMBERSHIP, StringEquals: "premium" },
          { Variable: "$.refund_amount_num", NumericLessThan: 1000 },
        ],
        Next: "InitiateRefund",
      }),
  },
  {
    code: "choice_rule_shape",
    data: { problem: "operators", operators: ["NumericGreaterThan", "NumericLessThanEquals"] },
    fire: (b) =>
      setRule(b, "CheckRefundAmount", {
        Variable: "$.refund_amount_num",
        NumericGreaterThan: 0,
        NumericLessThanEquals: 100,
        Next: "InitiateRefund",
      }),
    pointer: `${STATES}/CheckRefundAmount/Choices/0`,
    near: (b) =>
      setRule(b, "CheckRefundAmount", {
        And: [
          { Variable: "$.refund_amount_num", NumericGreaterThan: 0 },
          { Variable: "$.refund_amount_num", NumericLessThanEquals: 100 },
        ],
        Next: "InitiateRefund",
      }),
  },
  {
    code: "unsupported_choice_operator",
    data: { operator: "IsString" },
    fire: (b) =>
      setRule(b, "CheckForPremiumMembership", {
        Variable: MEMBERSHIP,
        IsString: true,
        Next: "InitiateRefund",
      }),
    pointer: `${STATES}/CheckForPremiumMembership/Choices/0/IsString`,
    near: (b) =>
      setRule(b, "CheckForPremiumMembership", {
        Variable: MEMBERSHIP,
        IsPresent: true,
        Next: "InitiateRefund",
      }),
  },
  {
    code: "wait_duration",
    data: { problem: "not_positive", seconds: 0 },
    fire: (b) => insertWait(b, { Seconds: 0 }),
    pointer: `${STATES}/Pause/Seconds`,
    near: (b) => insertWait(b, { Seconds: 1 }),
  },
  {
    code: "catch_not_allowed",
    data: { type: "Choice" },
    fire: (b) =>
      (states(b).CheckRefundAmount.Catch = [
        { ErrorEquals: CATCH_ALL, ResultPath: "$.error", Next: "CreateZendeskTicket" },
      ]),
    pointer: `${STATES}/CheckRefundAmount/Catch`,
    near: (b) =>
      (states(b).GetUserProfile.Catch = [
        { ErrorEquals: CATCH_ALL, ResultPath: "$.error", Next: "CreateZendeskTicket" },
      ]),
  },
  {
    code: "retry_not_allowed",
    data: { type: "Choice" },
    fire: (b) =>
      (states(b).CheckRefundAmount.Retry = [{ ErrorEquals: CATCH_ALL, IntervalSeconds: 3, MaxAttempts: 2 }]),
    pointer: `${STATES}/CheckRefundAmount/Retry`,
    near: (b) =>
      (states(b).GetUserProfile.Retry = [{ ErrorEquals: CATCH_ALL, IntervalSeconds: 3, MaxAttempts: 2 }]),
  },
  {
    code: "invalid_error_equals",
    data: { found: { type: "array", text: '["States.TaskFailed"]' } },
    fire: (b) =>
      (states(b).GetUserProfile.Catch = [
        { ErrorEquals: ["States.TaskFailed"], ResultPath: "$.error", Next: "CreateZendeskTicket" },
      ]),
    pointer: `${STATES}/GetUserProfile/Catch/0/ErrorEquals`,
    near: (b) =>
      (states(b).GetUserProfile.Catch = [
        { ErrorEquals: CATCH_ALL, ResultPath: "$.error", Next: "CreateZendeskTicket" },
      ]),
  },
  {
    code: "retry_default_used",
    data: {},
    fire: (b) => (states(b).GetUserProfile.Retry = [{ ErrorEquals: CATCH_ALL, MaxAttempts: 2 }]),
    pointer: `${STATES}/GetUserProfile/Retry/0`,
    near: (b) =>
      (states(b).GetUserProfile.Retry = [{ ErrorEquals: CATCH_ALL, IntervalSeconds: 3, MaxAttempts: 2 }]),
  },
  // Paths and templates
  {
    code: "invalid_reference_path",
    data: {
      path: "$.input.activity_event.user_activity[*].profile_id",
      reason: "only non-negative integer indexes are supported in brackets, found [*]",
    },
    fire: (b) =>
      (states(b).GetUserProfile.Parameters["profile_id.$"] =
        "$.input.activity_event.user_activity[*].profile_id"),
    pointer: `${STATES}/GetUserProfile/Parameters/profile_id.$`,
    near: (b) =>
      (states(b).GetUserProfile.Parameters["profile_id.$"] =
        "$.input.activity_event['user_activity'].profile_id"),
  },
  {
    code: "result_path_null",
    data: {},
    fire: (b) => (states(b).GetUserProfile.ResultPath = null),
    pointer: `${STATES}/GetUserProfile/ResultPath`,
    near: (b) => (states(b).GetUserProfile.ResultPath = "$"),
  },
  {
    code: "dollar_key_not_string",
    data: { key: "profile_id.$" },
    fire: (b) => (states(b).GetUserProfile.Parameters = { "profile_id.$": 4242 }),
    pointer: `${STATES}/GetUserProfile/Parameters/profile_id.$`,
    near: (b) => (states(b).GetUserProfile.Parameters = { profile_id: 4242 }),
  },
  {
    code: "duplicate_dollar_key",
    data: { key: "profile_id.$" },
    fire: (b) => (states(b).GetUserProfile.Parameters.profile_id = "4242"),
    pointer: `${STATES}/GetUserProfile/Parameters/profile_id.$`,
    near: (b) => (states(b).GetUserProfile.Parameters.fallback_profile_id = "4242"),
  },
  {
    code: "placeholder_without_dollar_key",
    data: {
      members: [
        {
          pointer: `${STATES}/CreateZendeskTicket/Parameters/subject`,
          path: "$.input.activity_event.user_activity.properties.order_id",
        },
        {
          pointer: `${STATES}/CreateZendeskTicket/Parameters/comment_body`,
          path: "$.input.activity_event.user_activity.properties.refund_amount",
        },
        {
          pointer: `${STATES}/CreateZendeskTicket/Parameters/comment_body`,
          path: "$.input.activity_event.user_activity.properties.order_id",
        },
      ],
    },
    fire: (b) => {
      renameKey(states(b).CreateZendeskTicket.Parameters, "subject.$", "subject");
      renameKey(states(b).CreateZendeskTicket.Parameters, "comment_body.$", "comment_body");
    },
    pointer: `${STATES}/CreateZendeskTicket`,
    near: (b) => {
      renameKey(states(b).CreateZendeskTicket.Parameters, "subject.$", "subject");
      states(b).CreateZendeskTicket.Parameters.subject = "Refund request";
    },
  },
  {
    code: "path_without_dollar_key",
    data: { path: "$.input.activity_event.user_activity.properties.order_id" },
    fire: (b) => renameKey(states(b).InitiateRefund.Parameters, "order_id.$", "order_id"),
    pointer: `${STATES}/InitiateRefund/Parameters/order_id`,
    near: (b) => {
      renameKey(states(b).InitiateRefund.Parameters, "order_id.$", "order_id");
      states(b).InitiateRefund.Parameters.order_id = "$100";
    },
  },
  {
    code: "intrinsic_function",
    data: { name: "States.Format" },
    fire: (b) =>
      (states(b).InitiateRefund.Parameters["order_id.$"] =
        "States.Format('order {}', $.input.activity_event.user_activity.properties.order_id)"),
    pointer: `${STATES}/InitiateRefund/Parameters/order_id.$`,
    near: (b) =>
      (states(b).InitiateRefund.Parameters["order_id.$"] =
        "order {{$.input.activity_event.user_activity.properties.order_id}}"),
  },
  {
    code: "result_member_unknown",
    data: { path: "$.settings.profile", members: ["config"], suggestion: "$.settings.config.profile" },
    // LoadConfig writes { config: {...} } at $.settings: its settings are at $.settings.config.<key>.
    fire: readSettingsBelowLoadConfig,
    pointer: `${STATES}/GetUserProfile/Parameters/profile_id.$`,
    near: readBelowLoadConfig("$.settings.config.profile"),
  },
  {
    code: "path_never_written",
    data: { path: "$.nothing.here" },
    fire: (b) => (states(b).GetUserProfile.Parameters["profile_id.$"] = "$.nothing.here"),
    pointer: `${STATES}/GetUserProfile/Parameters/profile_id.$`,
    near: (b) => (states(b).GetUserProfile.Parameters["profile_id.$"] = "$.refund_amount_num"),
  },
  // Actions
  {
    code: "invalid_action_name",
    data: { actionName: "zis:acme_refunds:GetUserProfile" },
    fire: (b) => (states(b).GetUserProfile.ActionName = `zis:${INTEGRATION}:GetUserProfile`),
    pointer: `${STATES}/GetUserProfile/ActionName`,
    near: (b) => (states(b).GetUserProfile.ActionName = `zis:${INTEGRATION}:action:GetUserProfile`),
  },
  {
    code: "unknown_builtin_action",
    data: { name: "LoadSettings" },
    fire: (b) =>
      Object.assign(states(b).GetUserProfile, {
        ActionName: "zis:common:action:LoadSettings",
        Parameters: { scope: "refund_settings" },
      }),
    pointer: `${STATES}/GetUserProfile/ActionName`,
    near: (b) =>
      Object.assign(states(b).GetUserProfile, {
        ActionName: "zis:common:action:LoadConfig",
        Parameters: { scope: "refund_settings" },
      }),
  },
  {
    code: "unknown_action",
    data: { name: "GetUserProfile" },
    fire: (b) => renameAction(b, "GetUserProfile", "FetchUserProfile", false),
    pointer: `${STATES}/GetUserProfile/ActionName`,
    near: (b) => renameAction(b, "GetUserProfile", "FetchUserProfile", true),
  },
  {
    code: "missing_action_parameter",
    data: { action: "Jq", alternatives: ["data"] },
    fire: (b) => delete states(b).ConvertRefundAmountToNum.Parameters["data.$"],
    pointer: `${STATES}/ConvertRefundAmountToNum/Parameters`,
    near: (b) => {
      const parameters = states(b).ConvertRefundAmountToNum.Parameters;
      delete parameters["data.$"];
      parameters.data = { activity_event: { user_activity: { properties: { refund_amount: "42" } } } };
    },
  },
  {
    code: "invalid_action_parameter",
    data: { parameter: "left_object_name", problem: "lone_wildcard" },
    fire: (b) =>
      Object.assign(states(b).GetUserProfile, {
        ActionName: "zis:common:action:LoadLinks",
        Parameters: { link_type: "user_to_profile", left_object_name: "*" },
      }),
    pointer: `${STATES}/GetUserProfile/Parameters/left_object_name`,
    near: (b) =>
      Object.assign(states(b).GetUserProfile, {
        ActionName: "zis:common:action:LoadLinks",
        Parameters: { link_type: "user_to_profile", left_object_name: "zendesk:user*" },
      }),
  },
  {
    code: "action_parameter_not_passed",
    // The subject reads $.subject only inside a placeholder, whose rendering when missing ZIS does not document.
    data: { action: "CreateZendeskTicket", parameter: "subject" },
    fire: (b) => {
      actionDefinition(b, "CreateZendeskTicket").requestBody.ticket["subject.$"] = "Refund: {{$.subject}}";
      delete states(b).CreateZendeskTicket.Parameters["subject.$"];
    },
    pointer: `${STATES}/CreateZendeskTicket/Parameters`,
    near: (b) =>
      (actionDefinition(b, "CreateZendeskTicket").requestBody.ticket["subject.$"] = "Refund: {{$.subject}}"),
  },
  {
    code: "action_path_parameter_not_passed",
    // The request body reads $.subject as a reference path: JSON path not found on every run of the state.
    data: { action: "CreateZendeskTicket", parameter: "subject" },
    fire: (b) => delete states(b).CreateZendeskTicket.Parameters["subject.$"],
    pointer: `${STATES}/CreateZendeskTicket/Parameters`,
    near: (b) => (states(b).CreateZendeskTicket.Parameters["subject.$"] = "$.input.other"),
  },
  {
    code: "action_target_parameter_not_passed",
    // GetUserProfile's path.$ reads $.profile_id: without it no request can be sent.
    data: { action: "GetUserProfile", parameter: "profile_id" },
    fire: (b) => (states(b).GetUserProfile.Parameters = { "user_id.$": PROFILE_PATH }),
    pointer: `${STATES}/GetUserProfile/Parameters`,
    near: (b) => (states(b).GetUserProfile.Parameters = { profile_id: "4242", "user_id.$": PROFILE_PATH }),
  },
  {
    code: "action_url_or_path",
    data: { found: ["url", "path"] },
    fire: (b) => (actionDefinition(b, "InitiateRefund").path = "/api/refunds"),
    pointer: "/resources/InitiateRefund/properties/definition",
    near: (b) => {
      delete actionDefinition(b, "InitiateRefund").url;
      actionDefinition(b, "InitiateRefund").path = "/api/refunds";
    },
  },
  {
    code: "absolute_url_in_path",
    data: { value: "https://refunds.example.com/api/refunds" },
    fire: (b) => {
      delete actionDefinition(b, "InitiateRefund").url;
      actionDefinition(b, "InitiateRefund").path = "https://refunds.example.com/api/refunds";
    },
    pointer: "/resources/InitiateRefund/properties/definition/path",
    near: (b) => {
      delete actionDefinition(b, "InitiateRefund").url;
      actionDefinition(b, "InitiateRefund").path = "/api/refunds";
    },
  },
  {
    code: "url_not_absolute",
    data: { url: "EXTERNAL_TARGET_URL" },
    fire: (b) => (actionDefinition(b, "InitiateRefund").url = "EXTERNAL_TARGET_URL"),
    pointer: "/resources/InitiateRefund/properties/definition/url",
    near: (b) => (actionDefinition(b, "InitiateRefund").url = "http://refunds.internal.example/api/refunds"),
  },
  {
    code: "legacy_query_field",
    data: {},
    fire: (b) => (actionDefinition(b, "GetUserProfile").query = [{ key: "include", value: "identities" }]),
    pointer: "/resources/GetUserProfile/properties/definition/query",
    near: (b) =>
      (actionDefinition(b, "GetUserProfile").queryParams = [{ key: "include", value: "identities" }]),
  },
];

/** Codes reported outside validateBundle, tested in their own describe blocks below. */
const NOT_FROM_VALIDATE_BUNDLE: readonly DiagnosticCode[] = [
  "invalid_json",
  "duplicate_json_key",
  "duplicate_step_name",
  "url_parameter_not_absolute",
  "jq_program_error",
];

function validateMutated(mutate: (b: Raw) => void, options: ValidateOptions | undefined) {
  const b = base();
  mutate(b);
  return validateBundle(b, options);
}

describe("validateBundle diagnostics", () => {
  it("finds nothing in the base bundle", () => {
    expect(validateBundle(base())).toEqual([]);
  });

  it("covers every diagnostic code validateBundle reports, once", () => {
    const covered = TABLE.map((row) => row.code);
    expect(new Set(covered).size).toBe(covered.length);
    const expected = (Object.keys(DIAGNOSTICS) as DiagnosticCode[]).filter(
      (code) => !NOT_FROM_VALIDATE_BUNDLE.includes(code),
    );
    expect([...covered].sort()).toEqual([...expected].sort());
  });

  for (const { code, data, fire, pointer, near, options, nearOptions } of TABLE) {
    describe(code, () => {
      it(`fires at ${pointer || '""'}`, () => {
        const findings = validateMutated(fire, options);
        expect(findings).toContainEqual(
          expect.objectContaining({ code, path: pointer, severity: DIAGNOSTICS[code].severity, data }),
        );
        expect(findings.filter((f) => f.code === code).map((f) => f.path)).toEqual([pointer]);
      });

      it("renders its message from the data alone", () => {
        const finding = validateMutated(fire, options).find((f) => f.code === code)!;
        expect(findingMessage(finding)).toBe(findingMessage({ ...finding, path: "" }));
        expect(findingMessage(finding)).not.toMatch(/undefined|\[object /);
      });

      it("does not fire on a near miss", () => {
        const findings = validateMutated(near, nearOptions ?? options);
        expect(findings.filter((f) => f.code === code)).toEqual([]);
      });
    });
  }
});

describe("validateBundle regressions", () => {
  const codesAt = (mutate: (b: Raw) => void) =>
    validateMutated(mutate, undefined).map((f) => `${f.code} ${f.path}`);

  it("reports a reference path under a key without .$ in an action definition, not text that starts with $", () => {
    const findings = validateMutated((b) => {
      const definition = actionDefinition(b, "GetUserProfile");
      definition.headers = [{ key: "X-Ticket", value: "$.ticket['id']" }];
      definition.queryParams = [
        { key: "table_name", value: "$.endpoint" },
        { key: "price", value: "$100" },
        { key: "all", value: "$" },
        { key: "first", value: "$[0]" },
        { key: "label", value: "$ off" },
      ];
      actionDefinition(b, "InitiateRefund").requestBody.id = "$.ticket.id";
    }, undefined);
    const at = "/resources/GetUserProfile/properties/definition";
    expect(findings.filter((f) => f.code === "path_without_dollar_key")).toEqual([
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: `${at}/headers/0/value`,
        data: { path: "$.ticket['id']" },
      },
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: `${at}/queryParams/0/value`,
        data: { path: "$.endpoint" },
      },
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: `${at}/queryParams/2/value`,
        data: { path: "$" },
      },
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: `${at}/queryParams/3/value`,
        data: { path: "$[0]" },
      },
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: "/resources/InitiateRefund/properties/definition/requestBody/id",
        data: { path: "$.ticket.id" },
      },
    ]);
  });

  it("reports every States.<Name>( intrinsic function in a .$ value, in states and action definitions", () => {
    const findings = validateMutated((b) => {
      const parameters = states(b).InitiateRefund.Parameters;
      parameters["order_id.$"] =
        "States.StringToJson($.input.activity_event.user_activity.properties.order_id)";
      parameters["refund_amount.$"] = "States.JsonToString($.input)";
      parameters["profile_id.$"] = "States.Array($.a, $.b)";
      actionDefinition(b, "InitiateRefund").requestBody["note.$"] = "States.Format ('order {}', $.order_id)";
      // Not a call: text that names an intrinsic, and the error name of Catch.
      states(b).CreateZendeskTicket.Parameters["subject.$"] = "States.Format is not supported";
    }, undefined);
    expect(findings.filter((f) => f.code === "intrinsic_function").map((f) => [f.path, f.data])).toEqual([
      [`${STATES}/InitiateRefund/Parameters/order_id.$`, { name: "States.StringToJson" }],
      [`${STATES}/InitiateRefund/Parameters/refund_amount.$`, { name: "States.JsonToString" }],
      [`${STATES}/InitiateRefund/Parameters/profile_id.$`, { name: "States.Array" }],
      ["/resources/InitiateRefund/properties/definition/requestBody/note.$", { name: "States.Format" }],
    ]);
    expect(findings.filter((f) => f.severity === "error").map((f) => f.code)).toEqual([
      "intrinsic_function",
      "intrinsic_function",
      "intrinsic_function",
      "intrinsic_function",
    ]);
  });

  it("reports the {{…}} placeholders without .$ of an action definition once, at the definition", () => {
    const findings = validateMutated((b) => {
      const definition = actionDefinition(b, "GetUserProfile");
      renameKey(definition, "path.$", "path");
      definition.headers = [{ key: "X-Profile", value: "{{$.profile_id}}" }];
    }, undefined);
    const at = "/resources/GetUserProfile/properties/definition";
    expect(findings.filter((f) => f.code === "placeholder_without_dollar_key")).toEqual([
      {
        code: "placeholder_without_dollar_key",
        severity: "warning",
        path: at,
        data: {
          members: [
            { pointer: `${at}/path`, path: "$.profile_id" },
            { pointer: `${at}/headers/0/value`, path: "$.profile_id" },
          ],
        },
      },
    ]);
  });

  it("walks a .$ value that is not a string, whose {{…}} the run still fills in", () => {
    const findings = validateMutated((b) => {
      states(b).CreateZendeskTicket.Parameters["tags.$"] = ["{{$.nowhere}}"];
    }, undefined);
    const at = `${STATES}/CreateZendeskTicket/Parameters/tags.$`;
    expect(findings.filter((f) => f.path.startsWith(at)).map((f) => [f.code, f.path])).toEqual([
      ["dollar_key_not_string", at],
      ["path_never_written", `${at}/0`],
    ]);
  });

  it("result_member_unknown suggests the path with the result's one member put in", () => {
    const finding = validateMutated(readSettingsBelowLoadConfig, undefined).find(
      (f) => f.code === "result_member_unknown",
    )!;
    expect(findingMessage(finding)).toBe(
      '"$.settings.profile" reads a member the built-in\'s result there does not have (its members: config); did you mean "$.settings.config.profile"?',
    );
  });

  it("reads an array's string items as the run does: placeholders filled in, a bare path sent as text", () => {
    const findings = validateMutated((b) => {
      actionDefinition(b, "CreateZendeskTicket").requestBody.ticket.tags = [
        "{{$.subject}}",
        "$.subject",
        "vip",
      ];
    }, undefined);
    const at = "/resources/CreateZendeskTicket/properties/definition/requestBody/ticket/tags";
    expect(findings.filter((f) => f.code.endsWith("_without_dollar_key"))).toEqual([
      {
        code: "placeholder_without_dollar_key",
        severity: "warning",
        path: "/resources/CreateZendeskTicket/properties/definition",
        data: { members: [{ pointer: `${at}/0`, path: "$.subject" }] },
      },
      {
        code: "path_without_dollar_key",
        severity: "warning",
        path: `${at}/1`,
        data: { path: "$.subject" },
      },
    ]);
  });

  it("reports a missing enum or literal property as missing_property", () => {
    expect(codesAt((b) => delete actionDefinition(b, "GetUserProfile").method)).toEqual([
      "missing_property /resources/GetUserProfile/properties/definition/method",
    ]);
    expect(codesAt((b) => delete b.zis_template_version)).toEqual(["missing_property /zis_template_version"]);
  });

  it("lets an unreachable state that replaces the data silence nothing", () => {
    expect(
      codesAt((b) => {
        states(b).Orphan = {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: { expr: ".", "data.$": "$.input" },
          Next: "GetUserProfile",
        };
        states(b).GetUserProfile.Parameters = { "profile_id.$": "$.nothing.here" };
      }),
    ).toEqual([
      `unreachable_state ${STATES}/Orphan`,
      `path_never_written ${STATES}/GetUserProfile/Parameters/profile_id.$`,
    ]);
  });

  it("lets a Catch without ResultPath silence only the states after its own Next", () => {
    expect(
      codesAt((b) => {
        states(b).GetUserProfile.Catch = [{ ErrorEquals: ["States.ALL"], Next: "CreateZendeskTicket" }];
        states(b).CheckForPremiumMembership.Choices[0].Variable = "$.nothing.here";
      }),
    ).toEqual([`path_never_written ${STATES}/CheckForPremiumMembership/Choices/0/Variable`]);
  });

  it("recognises states and choice rules by position, not by the names of path segments", () => {
    expect(
      codesAt((b) => {
        b.resources.States = {
          type: "ZIS::JobSpec",
          properties: { ...b.resources.RefundRequestJobSpec.properties, name: "Other", End: true },
        };
        states(b).Choices = { Type: "Pass", StringMatches: "x", End: true };
      }),
    ).toEqual([
      `unknown_property ${STATES}/Choices/StringMatches`,
      "unknown_property /resources/States/properties/End",
      `unreachable_state ${STATES}/Choices`,
    ]);
  });
});

describe("parseJsonText (invalid_json, duplicate_json_key)", () => {
  it("reports a syntax error with its line and column", () => {
    const text = '{\n  "name": "x",\n  "resources" {}\n}';
    const result = parseJsonText(text);
    // Line 3 is `  "resources" {}`: the ':' is missing before the '{' at column 15.
    expect(result).toMatchObject({ ok: false, line: 3, column: 15 });
  });

  it("reads a valid bundle without errors or duplicate keys", () => {
    const text = JSON.stringify(base(), null, 2);
    // The base reuses names across objects (a resource key and a state are both "GetUserProfile"; "Next"
    // appears in many states), which is not a duplicate.
    expect(parseJsonText(text)).toEqual({ ok: true, value: base(), duplicateKeys: [] });
  });

  it("reports a key repeated in States with its path", () => {
    const text = JSON.stringify(base(), null, 2).replace(
      '"States": {',
      '"States": {\n "Finish": { "Type": "Fail", "Error": "refund_failed", "Cause": "unknown" },',
    );
    const result = parseJsonText(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const statesPath = ["resources", "RefundRequestFlow", "properties", "definition", "States"];
    expect(result.duplicateKeys).toEqual([[...statesPath, "Finish"]]);
    expect(toPointer(result.duplicateKeys[0]!)).toBe(`${STATES}/Finish`);
    expect(duplicateKeyFindings(result.duplicateKeys)).toEqual([
      { code: "duplicate_json_key", severity: "error", path: `${STATES}/Finish`, data: { key: "Finish" } },
    ]);
  });
});

describe("compileBundle (duplicate_step_name)", () => {
  interface Data {
    readonly input: TicketEventInput;
  }
  const compileWith = (build: Parameters<typeof flow<Data>>[1]) => {
    const testFlow = flow<Data>("RouteTicket", build);
    const definition = bundle({
      name: "test",
      jobSpecs: [
        jobSpec("OnTicketCreated", {
          event_source: "support",
          event_type: "ticket.TicketCreated",
          flow: testFlow,
        }),
      ],
    });
    return compileBundle(definition, { integration: INTEGRATION });
  };

  it("fires when two different states share a name", () => {
    const { findings } = compileWith(($) =>
      choice("IsUrgent")
        .when(
          stringEquals($.input.ticket_event.ticket.priority, "urgent"),
          pass("Done", { result: "urgent" }),
        )
        .otherwise(succeed("Done")),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: "duplicate_step_name",
        path: "/resources/RouteTicket/properties/definition/States/Done",
        severity: DIAGNOSTICS.duplicate_step_name.severity,
        data: { name: "Done" },
      }),
    );
  });

  it("does not fire when one state is reached twice", () => {
    const { findings } = compileWith(($) => {
      const done = succeed("Done");
      return choice("IsUrgent")
        .when(stringEquals($.input.ticket_event.ticket.priority, "urgent"), done)
        .otherwise(done);
    });
    expect(findings.filter((f) => f.code === "duplicate_step_name")).toEqual([]);
  });
});

describe("compileBundle (url_not_absolute and build parameters)", () => {
  interface Data {
    readonly input: TicketEventInput;
  }
  const URL_AT = "/resources/NotifySlack/properties/definition/url";
  const compileWith = (url: Raw, params: Record<string, string> = {}) => {
    const notify = httpAction<{ text: string }, unknown>("NotifySlack", ($) => ({
      method: "POST",
      url,
      requestBody: { text: $.text },
    }));
    const testFlow = flow<Data>("Notify", ($) =>
      action("Post", invoke(notify, { text: $.input.ticket_event.ticket.status })).next(succeed("Done")),
    );
    const definition = bundle({
      name: "test",
      jobSpecs: [
        jobSpec("OnTicketCreated", {
          event_source: "support",
          event_type: "ticket.TicketCreated",
          flow: testFlow,
        }),
      ],
    });
    return compileBundle(definition, { integration: INTEGRATION, params });
  };
  const urlFindings = (result: ReturnType<typeof compileWith>) =>
    result.findings.filter((f) => f.code === "url_not_absolute");

  it("does not warn about a build parameter without a value, alone or in str", () => {
    expect(urlFindings(compileWith(param("SLACK_WEBHOOK_URL")))).toEqual([]);
    expect(urlFindings(compileWith(str`${param("HOOKS_HOST")}/services/T000`))).toEqual([]);
  });

  it("a url built from values that is not absolute is an error: every request of the action would fail", () => {
    const result = compileWith(param("SLACK_WEBHOOK_URL"), { SLACK_WEBHOOK_URL: "hooks.slack.com/x" });
    expect(urlFindings(result)).toEqual([]);
    expect(result.findings.filter((f) => f.code === "url_parameter_not_absolute")).toEqual([
      {
        code: "url_parameter_not_absolute",
        severity: "error",
        path: URL_AT,
        data: { url: "hooks.slack.com/x", parameters: ["SLACK_WEBHOOK_URL"] },
      },
    ]);
    expect(findingMessage(result.findings.find((f) => f.code === "url_parameter_not_absolute")!)).toBe(
      '"hooks.slack.com/x", built from SLACK_WEBHOOK_URL, is not an absolute http(s) URL',
    );
    const inText = compileWith(str`${param("HOOKS_HOST")}/services/T000`, { HOOKS_HOST: "hooks.slack.com" });
    expect(inText.findings.filter((f) => f.code === "url_parameter_not_absolute").map((f) => f.data)).toEqual(
      [{ url: "hooks.slack.com/services/T000", parameters: ["HOOKS_HOST"] }],
    );
    const absolute = compileWith(param("SLACK_WEBHOOK_URL"), {
      SLACK_WEBHOOK_URL: "https://hooks.slack.com/x",
    });
    expect(absolute.findings.filter((f) => f.code.startsWith("url_"))).toEqual([]);
  });

  it("still warns about a literal url that is not absolute", () => {
    expect(urlFindings(compileWith("SLACK_WEBHOOK_URL"))).toEqual([
      { code: "url_not_absolute", severity: "warning", path: URL_AT, data: { url: "SLACK_WEBHOOK_URL" } },
    ]);
  });

  it("treats a tpl url (written under url.$) as any url: its parameters, then its fixed start", () => {
    const TPL_AT = `${URL_AT}.$`;
    const jira = (params: Record<string, string> = {}) =>
      compileWith(
        tpl`${param("JIRA_BASE_URL")}/rest/api/2/issue/${path<string>("$.text")}`,
        params,
      ).findings.filter((f) => f.code.startsWith("url_"));
    expect(jira()).toEqual([]);
    expect(jira({ JIRA_BASE_URL: "acme.atlassian.net" })).toEqual([
      {
        code: "url_parameter_not_absolute",
        severity: "error",
        path: TPL_AT,
        data: { url: "acme.atlassian.net/rest/api/2/issue/{{$.text}}", parameters: ["JIRA_BASE_URL"] },
      },
    ]);
    expect(jira({ JIRA_BASE_URL: "https://acme.atlassian.net" })).toEqual([]);
  });
});

describe("url_not_absolute on url.$", () => {
  const findingsFor = (url: string) =>
    validateMutated((b) => {
      const definition = actionDefinition(b, "InitiateRefund");
      delete definition.url;
      definition["url.$"] = url;
    }, undefined).filter((f) => f.code === "url_not_absolute");
  const at = "/resources/InitiateRefund/properties/definition/url.$";

  it("fires where the template's fixed start is not http(s)://", () => {
    expect(findingsFor("JIRA_BASE_URL/rest/{{$.order_id}}")).toEqual([
      {
        code: "url_not_absolute",
        severity: "warning",
        path: at,
        data: { url: "JIRA_BASE_URL/rest/{{$.order_id}}" },
      },
    ]);
  });

  it("not where it starts with http(s)://, or takes its start from data (a placeholder first, or a path)", () => {
    for (const url of ["https://{{$.order_id}}.example.com/r", "{{$.order_id}}/refunds", "$.order_id"])
      expect(findingsFor(url), url).toEqual([]);
  });
});
