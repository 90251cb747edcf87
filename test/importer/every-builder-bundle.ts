/**
 * A bundle that takes every state type, comparison kind, logical operator and built-in the importer writes,
 * plus what it must keep raw: a state type ZIS does not run, an Action naming no action, a resource type the
 * DSL has no builder for.
 */
const flow = (name: string, startAt: string, states: Record<string, unknown>) => ({
  type: "ZIS::Flow",
  properties: { name, definition: { StartAt: startAt, States: states } },
});

const MAIN = "/resources/Main/properties/definition/States";

/** The states kept whole as raw JSON. */
export const RAW_STATES = [`${MAIN}/Unknown`, `${MAIN}/Bad`];

export const EVERY_BUILDER_BUNDLE = {
  name: "every_builder",
  description: "every state type, comparison and built-in",
  zis_template_version: "2019-10-14",
  resources: {
    post_msg: {
      type: "ZIS::Action::Http",
      properties: {
        name: "post_msg",
        definition: {
          method: "POST",
          "url.$": "https://{{$.host}}/x/{{$.id}}",
          connectionName: "conn",
          headers: [
            { key: "X-A", "value.$": "$.a" },
            { key: "X-B", value: "B_PLACEHOLDER" },
          ],
          queryParams: [{ key: "q", value: "%QUERY_VALUE%" }],
          requestBody: { text: "hi ${TOKEN}", "n.$": "$.count", nested: { "deep.$": "$.deep.v[2]" } },
        },
      },
    },
    get_body: {
      type: "ZIS::Action::Http",
      properties: {
        name: "get.body",
        definition: { method: "PUT", path: "/api/v2/x", "requestBody.$": "$.body" },
      },
    },
    unused_action: {
      type: "ZIS::Action::Http",
      properties: { name: "unused", definition: { method: "DELETE", url: "https://x.test/{{$.id}}" } },
    },
    Main: flow("Main", "Load", {
      Load: {
        Type: "Action",
        ActionName: "zis:common:action:LoadConfig",
        Parameters: { scope: "cfg" },
        ResultPath: "$.config",
        Next: "Choose",
      },
      Choose: {
        Type: "Choice",
        Comment: "pick",
        Choices: [
          {
            And: [
              { Variable: "$.input.a", StringEquals: "x" },
              { Variable: "$.input.n", NumericGreaterThanEquals: 3 },
            ],
            Next: "WaitPath",
          },
          {
            Or: [
              { Variable: "$.input.t", TimestampLessThan: "2020-01-01T00:00:00Z" },
              { Not: { Variable: "$.input.b", BooleanEquals: true } },
            ],
            Next: "Links",
            Comment: "c",
          },
          { Variable: "$.input.n", NumericLessThanPath: "$.input.m", Next: "Fail1" },
          { Variable: "$.input.s", StringEqualsPath: "$.input.s2", Next: "Fail1" },
          { Variable: "$.input.z", IsPresent: false, Next: "MapIt" },
          { Variable: "$.input.z", IsNull: true, Next: "MapIt" },
          { Variable: "$.input.s", StringGreaterThanEquals: "m", Next: "Done" },
          { Variable: "$.input.t", TimestampEquals: "2020-01-01T00:00:00Z", Next: "Done" },
        ],
        Default: "Post",
      },
      WaitPath: { Type: "Wait", SecondsPath: "$.input.delay", Next: "Post", Comment: "w" },
      Post: {
        Type: "Action",
        ActionName: "zis:every_builder:action:post_msg",
        Parameters: { "host.$": "$.input.host", "id.$": "$.input.id", count: 3, "a.$": "{{$.input.a}}" },
        ResultPath: "$.posted",
        TimeoutSeconds: 10,
        Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 1.5 }],
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Fail1", ResultPath: "$.err", Comment: "oops" }],
        Next: "Body",
      },
      Body: {
        Type: "Action",
        ActionName: "zis:every_builder:action:get.body",
        Parameters: { "body.$": "$.input" },
        Next: "Jq",
      },
      Jq: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { "expr.$": ".x | {{$.input.a}}", data: { "v.$": "$.input.v" } },
        ResultPath: "$.jq",
        Next: "Links",
      },
      Links: {
        Type: "Action",
        ActionName: "zis:common:action:LoadLinks",
        Parameters: { link_type: "t", "left_object_name.$": "$.input.left" },
        ResultPath: "$.links",
        Next: "Create",
      },
      Create: {
        Type: "Action",
        ActionName: "zis:common:action:CreateLink",
        Parameters: {
          link_type: "t",
          left_object: { "name.$": "$.input.left", metadata: { "k.$": "$.input.k" } },
          right_object: { name: "r" },
        },
        Next: "Patch",
      },
      Patch: {
        Type: "Action",
        ActionName: "zis:common:action:PatchConfig",
        Parameters: { "scope.$": "$.input.scope", config: { retries: 1 } },
        Next: "MapIt",
      },
      MapIt: {
        Type: "Map",
        ItemsPath: "$.input.items",
        Iterator: {
          StartAt: "Each",
          States: {
            Each: { Type: "Pass", Result: { a: 1 }, ResultPath: "$.out", Next: "EachWait" },
            EachWait: { Type: "Wait", Seconds: 1, End: true },
          },
        },
        ResultPath: "$.mapped",
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Fail1" }],
        Next: "Unknown",
      },
      Unknown: { Type: "Parallel", Branches: [], Next: "Bad" },
      Bad: { Type: "Action", ActionName: "nonsense", Next: "Done" },
      Fail1: { Type: "Fail", Error: "E {{$.input.a}}", Cause: "because" },
      Done: { Type: "Succeed", Message: "done {{$.input.id}}", Comment: "end" },
    }),
    Job: {
      type: "ZIS::JobSpec",
      properties: {
        name: "Job",
        event_source: "acme",
        event_type: "thing",
        flow_name: "zis:every_builder:flow:Main",
      },
    },
    Other: { type: "ZIS::Config", properties: { x: 1 } },
    Side: flow("Side", "path", {
      raw: { Type: "Pass", End: true },
      path: { Type: "Pass", Result: 1, Next: "raw" },
    }),
  },
};
