/**
 * Bundles for issue 15: a Jq state listing `data.$` before `expr` (written with `jq(…)`, its key order kept by a
 * raw `order` edit), and states whose emitter gives up part-way (kept whole as raw JSON, created as a bare
 * `pass(…)`), which must leave no import, build parameter or proxy parameter behind for tsc to reject.
 */
const flow = (name: string, startAt: string, states: Record<string, unknown>) => ({
  type: "ZIS::Flow",
  properties: { name, definition: { StartAt: startAt, States: states } },
});

export const JQ_DATA_FIRST_BUNDLE = {
  name: "jq_data_first",
  zis_template_version: "2019-10-14",
  resources: {
    Transform: flow("Transform", "Shape", {
      Shape: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { "data.$": "$.input", expr: ".ticket | {id, status}" },
        ResultPath: "$.shaped",
        Next: "Check",
      },
      Check: {
        Type: "Choice",
        Choices: [{ Variable: "$.shaped.status", StringEquals: "open", Next: "Again" }],
        Default: "Done",
      },
      Again: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { data: { id: "x" }, "expr.$": "{{$.shaped.id}} | tostring" },
        ResultPath: "$.again",
        Next: "Done",
      },
      Done: { Type: "Succeed", Message: "shaped {{$.shaped.id}}" },
    }),
  },
};

const STANDINS = "/resources/Partial/properties/definition/States";

/** The states kept whole: each emitter met an import, a build parameter or `$` before it gave up. */
export const STAND_IN_STATES = [`${STANDINS}/HalfChoice`, `${STANDINS}/PathExpr`];

export const STAND_IN_BUNDLE = {
  name: "stand_ins",
  zis_template_version: "2019-10-14",
  resources: {
    Partial: flow("Partial", "HalfChoice", {
      // The first rule is written (stringEquals, $.a), the second is not: the Choice is kept whole.
      HalfChoice: {
        Type: "Choice",
        Choices: [
          { Variable: "$.a", StringEquals: "x", Next: "PathExpr" },
          { Variable: "$.b", Unknown: 1, Next: "PathExpr" },
        ],
        Default: "PathExpr",
      },
      // The data is written (a build parameter FOO_TOKEN), the expr, a path, is not: kept whole.
      PathExpr: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { "expr.$": "$.e", data: { token: "%FOO_TOKEN%" } },
        ResultPath: "$.r",
        Next: "Done",
      },
      Done: { Type: "Succeed" },
    }),
    // A Map whose iterator never reads the item: the item type is Record<string, unknown>, declared as an alias.
    Items: flow("Items", "Each", {
      Each: {
        Type: "Map",
        ItemsPath: "$.input.items",
        Iterator: { StartAt: "Mark", States: { Mark: { Type: "Pass", Result: "seen", End: true } } },
        End: true,
      },
    }),
  },
};
