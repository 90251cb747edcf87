/** The model's state traits and transitions: read once, off the schemas, for every layer. */
import { describe, expect, it } from "vitest";
import { endsMachine, reachableFrom, transitionsOf } from "../../src/model/bundle-view.js";
import { buildBundleView } from "../../src/model/bundle-view.js";
import { StateSchema, STATE_TRAITS, STATE_TYPES } from "../../src/model/states/index.js";

describe("state traits", () => {
  it("agree with the schemas", () => {
    expect(STATE_TYPES).toEqual(StateSchema.options.map((schema) => schema.shape.Type.value));
    for (const schema of StateSchema.options) {
      const fields = Object.keys(schema.shape);
      const traits = STATE_TRAITS[schema.shape.Type.value];
      expect(traits.continuation, schema.shape.Type.value).toBe(
        fields.includes("Next") ? "next" : fields.includes("Choices") ? "choices" : "none",
      );
      expect(traits.handlesErrors, schema.shape.Type.value).toBe(fields.includes("Catch"));
      expect(traits.writesResult, schema.shape.Type.value).toBe(fields.includes("ResultPath"));
    }
  });

  it("are, per type", () => {
    expect(STATE_TYPES).toEqual(["Action", "Choice", "Pass", "Wait", "Map", "Succeed", "Fail"]);
    expect(
      Object.fromEntries(
        STATE_TYPES.map((type) => {
          const { continuation, handlesErrors, writesResult } = STATE_TRAITS[type];
          return [type, [continuation, handlesErrors, writesResult]];
        }),
      ),
    ).toEqual({
      Action: ["next", true, true],
      Choice: ["choices", false, false],
      Pass: ["next", false, true],
      Wait: ["next", false, false],
      Map: ["next", true, true],
      Succeed: ["none", false, false],
      Fail: ["none", false, false],
    });
  });
});

describe("transitions", () => {
  it("are read by what the state's type takes, in the order ZIS tries them", () => {
    const choice = {
      Type: "Choice",
      Choices: [{ Variable: "$.a", IsPresent: true, Next: "A" }, { Next: 7 }],
      Default: "D",
      Next: "ignored: a Choice has no Next",
    };
    expect(transitionsOf(choice, ["States", "C"])).toEqual([
      { target: "A", kind: "choice", index: 0, at: ["States", "C", "Choices", 0, "Next"] },
      { target: "D", kind: "default", index: undefined, at: ["States", "C", "Default"] },
    ]);
    const action = { Type: "Action", Next: "N", Catch: [{ ErrorEquals: ["States.ALL"], Next: "H" }] };
    expect(transitionsOf(action, []).map((t) => [t.kind, t.target, t.at])).toEqual([
      ["next", "N", ["Next"]],
      ["catch", "H", ["Catch", 0, "Next"]],
    ]);
    // A Pass takes no Catch; a state of no known type is read for every kind.
    expect(transitionsOf({ Type: "Pass", End: true, Catch: [{ Next: "H" }] }, [])).toEqual([]);
    expect(transitionsOf({ Type: "Parallel", Next: "N", Default: "D" }, []).map((t) => t.target)).toEqual([
      "D",
      "N",
    ]);
  });

  it("decide reachability and which states end a machine", () => {
    const view = buildBundleView({
      resources: {
        f: {
          type: "ZIS::Flow",
          properties: {
            definition: {
              StartAt: "A",
              States: {
                A: { Type: "Pass", Next: "B" },
                B: { Type: "Choice", Choices: [{ Next: "A" }], Default: "C" },
                C: { Type: "Succeed" },
                Lost: { Type: "Pass", End: true },
              },
            },
          },
        },
      },
    });
    const machine = view.machines[0]!;
    expect([...reachableFrom(machine, "A", true)]).toEqual(["A", "B", "C"]);
    expect([...reachableFrom(machine, "C", false)]).toEqual([]);
    expect(machine.states.filter((s) => endsMachine(s.raw)).map((s) => s.name)).toEqual(["C", "Lost"]);
  });
});
