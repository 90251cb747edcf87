/** fast-check arbitraries for random JSON: plain, non-ASCII, deep, wide, and shaped like a bundle. */
import fc from "fast-check";
import { PROTOTYPE_NAMES } from "./hostile.js";

const name = fc.oneof(
  fc.constantFrom("Start", "Next", "Done", "A", "B", "Flow", "Action", "", ...PROTOTYPE_NAMES),
  fc.string({ maxLength: 12 }),
);

const jsonPath = fc.oneof(
  fc.constantFrom(
    "$",
    "$.input",
    "$.a.b",
    "$.input.items",
    "$.a[0]",
    "$.a[*]",
    "$..x",
    "$.__proto__",
    "$['a']",
    "",
  ),
  fc.string({ maxLength: 20 }),
);

const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

const choiceRule = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small" },
    fc.record(
      {
        Variable: jsonPath,
        StringEquals: fc.string(),
        NumericGreaterThan: number,
        BooleanEquals: fc.boolean(),
        IsPresent: fc.boolean(),
        Next: name,
      },
      { requiredKeys: [] },
    ),
    fc.record({ Not: tie("rule"), Next: name }, { requiredKeys: ["Not"] }),
    fc.record(
      {
        And: fc.array(tie("rule"), { maxLength: 3 }),
        Or: fc.array(tie("rule"), { maxLength: 3 }),
        Next: name,
      },
      { requiredKeys: [] },
    ),
  ),
}));

const handlers = fc.array(
  fc.record(
    { ErrorEquals: fc.array(fc.constantFrom("States.ALL", "States.TaskFailed", "")), Next: name },
    { requiredKeys: [] },
  ),
  { maxLength: 2 },
);

const state = fc.record(
  {
    Type: fc.constantFrom("Action", "Choice", "Pass", "Wait", "Succeed", "Fail", "Map", "Parallel", "Task"),
    Next: name,
    End: fc.boolean(),
    Default: name,
    ActionName: fc.constantFrom(
      "zis:common:transform:Jq",
      "zis:common:action:LoadConfig",
      "zis:common:action:PatchConfig",
      "zis:common:action:LoadLinks",
      "zis:i:action:Action",
      "zis:i:action:__proto__",
      "bogus",
    ),
    Parameters: fc.dictionary(
      fc.oneof(
        name,
        name.map((key) => `${key}.$`),
      ),
      fc.oneof(jsonPath, fc.jsonValue()),
    ),
    ResultPath: jsonPath,
    ItemsPath: jsonPath,
    Seconds: number,
    SecondsPath: jsonPath,
    Choices: fc.array(choiceRule.rule, { maxLength: 3 }),
    Retry: handlers,
    Catch: handlers,
    Result: fc.jsonValue({ maxDepth: 2 }),
    Message: fc.string(),
  },
  { requiredKeys: [] },
);

const stateMachine = fc.record(
  { StartAt: name, States: fc.dictionary(name, state, { maxKeys: 8 }) },
  { requiredKeys: [] },
);

const resource = fc.oneof(
  fc.record({
    type: fc.constant("ZIS::Flow"),
    properties: fc.record({ name, definition: stateMachine }, { requiredKeys: [] }),
  }),
  fc.record({
    type: fc.constant("ZIS::Action::Http"),
    properties: fc.record(
      {
        name,
        definition: fc.record(
          {
            method: fc.constantFrom("GET", "POST", "get", "BREW"),
            url: fc.oneof(fc.webUrl(), fc.string()),
            "path.$": fc.string(),
            requestBody: fc.jsonValue({ maxDepth: 3 }),
            connectionName: name,
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    type: fc.constant("ZIS::JobSpec"),
    properties: fc.record(
      {
        name,
        event_source: fc.constantFrom("support", "sunshine", ""),
        event_type: fc.constantFrom("ticket.TicketCreated", "activity.UserActivityCreated", ""),
        flow_name: fc.oneof(
          name.map((flow) => `zis:i:flow:${flow}`),
          fc.string(),
        ),
      },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ type: fc.string(), properties: fc.jsonValue({ maxDepth: 3 }) }),
);

/** Random JSON of several kinds, by a name for the case's label. */
export const RANDOM_JSON: readonly (readonly [name: string, arbitrary: fc.Arbitrary<unknown>])[] = [
  ["JSON", fc.jsonValue()],
  ["non-ASCII JSON", fc.jsonValue({ stringUnit: "binary" })],
  ["deep JSON", fc.jsonValue({ maxDepth: 200, depthSize: "large" })],
  ["wide JSON", fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2_000, size: "max" })],
  [
    "bundle-like JSON",
    fc.record(
      {
        name: fc.string(),
        zis_template_version: fc.constantFrom("2019-10-14", "2020-01-01", ""),
        resources: fc.dictionary(name, resource, { maxKeys: 6 }),
      },
      { requiredKeys: [] },
    ),
  ],
];
