/**
 * What the entry points export as values: states are made by their factories only (the step classes are
 * types), and run observers are explicit (`RunOptions.observers`, `testRuns` of zisflow/testing).
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import * as zisflow from "../src/index.js";
import * as testing from "../src/testing/index.js";
import { flowBundle, ticketInput } from "./support/bundles.js";

const STEP_CLASSES = [
  "ActionStep",
  "ChoiceStep",
  "FailStep",
  "MapStep",
  "PassStep",
  "SucceedStep",
  "WaitStep",
];
const FACTORIES = ["action", "choice", "fail", "map", "pass", "succeed", "wait"];

describe("zisflow", () => {
  it("exports the state factories, not the step classes", () => {
    expect(STEP_CLASSES.filter((name) => name in zisflow)).toEqual([]);
    expect(FACTORIES.map((name) => typeof (zisflow as Record<string, unknown>)[name])).toEqual(
      FACTORIES.map(() => "function"),
    );
    // @ts-expect-error the class is a type of the entry point, not a value
    expect(zisflow.ActionStep).toBeUndefined();
  });

  it("still names the step types, and a catch entry as CatchRoute", () => {
    const done = zisflow.succeed("Done");
    const call: zisflow.ActionStep = zisflow
      .action("Call", zisflow.jq(".", "{}"))
      .catch(done, { comment: "any error" });
    expect(call.kind).toBe("Action");
    expect(call.catchers).toEqual<zisflow.CatchRoute[]>([
      { handler: done, resultPath: undefined, comment: "any error" },
    ]);
    expectTypeOf<zisflow.CatchRoute["handler"]>().toEqualTypeOf<zisflow.Step>();
  });

  it("types run observers, which runs take in their options", () => {
    expectTypeOf<zisflow.RunOptions["observers"]>().toEqualTypeOf<
      readonly zisflow.RunObserver[] | undefined
    >();
    expectTypeOf<Parameters<zisflow.RunObserver>[0]>().toEqualTypeOf<zisflow.ObservedRun>();
  });
});

describe("zisflow/testing", () => {
  it("reports the runs of its runFlow and runScenario to testRuns; zisflow's runFlow reports to no one", async () => {
    const bundle = flowBundle({ Done: { Type: "Succeed" } });
    const seen: string[] = [];
    const stop = testing.testRuns.observe(({ result }) => seen.push(`${result.flow} ${result.status}`));
    try {
      await testing.runFlow(bundle, { input: ticketInput() });
      await testing.runScenario(bundle, [{ input: ticketInput() }, { input: ticketInput() }]);
      await zisflow.runFlow(bundle, { input: ticketInput() });
    } finally {
      stop();
    }
    await testing.runFlow(bundle, { input: ticketInput() });
    expect(seen).toEqual(["TestFlow succeeded", "TestFlow succeeded", "TestFlow succeeded"]);
  });
});
