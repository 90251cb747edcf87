import { describe, expect, it } from "vitest";
import { HarnessError, VirtualClock } from "../../src/interpreter/index.js";
import { installMatchers, runFlow } from "../../src/testing/index.js";
import { flowBundle, ticketInput } from "../support/bundles.js";

installMatchers(expect);

const run = (states: Record<string, unknown>, options: Partial<Parameters<typeof runFlow>[1]> = {}) =>
  runFlow(flowBundle(states), { input: ticketInput(), ...options });

describe("initial data and ResultPath", () => {
  it("starts from account_id, integration_key, subdomain and input", async () => {
    const result = await run({ Done: { Type: "Succeed" } }, { accountId: 42, subdomain: "acme" });
    expect(result.output).toEqual({
      account_id: 42,
      integration_key: "test_int",
      subdomain: "acme",
      input: ticketInput(),
    });
  });

  it("writes at nested paths, creating objects, and keeps everything else", async () => {
    const result = await run({
      A: { Type: "Pass", Result: { x: 1 }, ResultPath: "$.deep.er.value", Next: "B" },
      B: { Type: "Pass", Result: "two", ResultPath: "$.deep.other", End: true },
    });
    expect(result.output).toMatchObject({
      deep: { er: { value: { x: 1 } }, other: "two" },
      input: ticketInput(),
    });
  });

  it("replaces the whole data for ResultPath $ and when ResultPath is omitted", async () => {
    const explicit = await run({ A: { Type: "Pass", Result: { only: true }, ResultPath: "$", End: true } });
    const omitted = await run({ A: { Type: "Pass", Result: [1, 2], End: true } });
    expect(explicit.output).toEqual({ only: true });
    expect(omitted.output).toEqual([1, 2]);
  });

  it("fails with States.ResultPathMatchFailure when a value on the way is not an object", async () => {
    const result = await run({
      A: { Type: "Pass", Result: 1, ResultPath: "$.input.ticket_event.ticket.id.x", End: true },
    });
    expect(result).toHaveFailedWith({ Error: "States.ResultPathMatchFailure" });
  });

  it("never mutates the bundle, the input or earlier snapshots", async () => {
    const bundle = flowBundle({
      A: { Type: "Pass", Result: { n: 1 }, ResultPath: "$.r", Next: "B" },
      B: { Type: "Pass", Result: { n: 2 }, ResultPath: "$.r.n", End: true },
    });
    const input = ticketInput();
    const before = JSON.stringify([bundle, input]);
    const result = await runFlow(bundle, { input });
    expect(JSON.stringify([bundle, input])).toBe(before);
    expect((result.trace[1]!.input as { r: unknown }).r).toEqual({ n: 1 });
    expect(result.output).toMatchObject({ r: { n: { n: 2 } } });
  });
});

describe("parameters: .$ keys and {{…}} placeholders", () => {
  const echo = { method: "POST", url: "https://echo.test/", "requestBody.$": "$" };
  const mocks = { http: [{ match: { action: "Echo" }, response: { status: 200, body: { ok: 1 } } }] };

  it("resolve paths natively, render placeholders as text, and recurse into objects and arrays", async () => {
    const result = await runFlow(
      flowBundle(
        {
          Call: {
            Type: "Action",
            ActionName: "zis:test_int:action:Echo",
            Parameters: {
              "id.$": "$.input.ticket_event.ticket.id",
              "text.$":
                "Ticket {{$.input.ticket_event.ticket.id}} costs ${{ $.input.ticket_event.ticket.price }}",
              "whole.$":
                "{{$.input.ticket_event.ticket.tags}} / {{$.input.ticket_event.ticket.open}} / {{$.input.ticket_event.ticket.none}}",
              literal: "$.not.a.path",
              nested: [{ "tag.$": "$.input.ticket_event.ticket.tags[1]" }, 3],
            },
            End: true,
          },
        },
        { actions: { Echo: echo } },
      ),
      { input: ticketInput({ price: 12.5, open: true, none: null }), mocks },
    );
    expect(result.requests[0]!.body).toEqual({
      id: 1001,
      text: "Ticket 1001 costs $12.5",
      whole: '["a","b"] / true / null',
      literal: "$.not.a.path",
      nested: [{ tag: "b" }, 3],
    });
  });

  it("a missing path is the runtime error JSON path not found, which Catch can handle", async () => {
    const result = await runFlow(
      flowBundle(
        {
          Call: {
            Type: "Action",
            ActionName: "zis:test_int:action:Echo",
            Parameters: { "x.$": "$.input.nothing" },
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: "$.error" }],
            End: true,
          },
          Handle: { Type: "Succeed", Message: "caught: {{$.error.Cause}}" },
        },
        { actions: { Echo: echo } },
      ),
      { input: ticketInput(), mocks },
    );
    expect(result).toHaveSucceeded();
    expect(result.log).toBe("caught: JSON path not found: $.input.nothing");
    expect(result).toHaveOutputAt("$.error", {
      Error: "States.Runtime",
      Cause: "JSON path not found: $.input.nothing",
    });
  });

  it("missingPlaceholder: empty renders a missing placeholder as nothing", async () => {
    const result = await run(
      { Done: { Type: "Succeed", Message: "[{{$.nope}}]" } },
      { missingPlaceholder: "empty" },
    );
    expect(result.log).toBe("[]");
  });
});

describe("Choice", () => {
  it("refuses a rule with two operators, or none, before it runs, as the validator names it", async () => {
    const twoOperators = run({
      C: {
        Type: "Choice",
        Choices: [{ Variable: "$.input.a", StringEquals: "x", IsPresent: true, Next: "S" }],
        Default: "S",
      },
      S: { Type: "Succeed" },
    });
    await expect(twoOperators).rejects.toMatchObject({
      code: "invalid_bundle",
      problem: {
        pointer: "/resources/TestFlow/properties/definition/States/C/Choices/0",
        diagnostic: "choice_rule_shape",
      },
    });
    const noOperator = run({
      C: { Type: "Choice", Choices: [{ Variable: "$.input.a", Next: "S" }], Default: "S" },
      S: { Type: "Succeed" },
    });
    await expect(noOperator).rejects.toMatchObject({
      code: "invalid_bundle",
      problem: { diagnostic: "choice_rule_shape" },
    });
  });

  const choice = (rule: Record<string, unknown>, input = ticketInput()) =>
    runFlow(
      flowBundle({
        C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" },
        Yes: { Type: "Succeed" },
        No: { Type: "Succeed" },
      }),
      { input },
    ).then((r) => r.states.at(-1));
  const v = (value: unknown) => ticketInput({ v: value, w: 5, t: "2024-06-01T12:00:00Z", s: "mango" });

  it.each([
    [{ Variable: "$.input.ticket_event.ticket.v", StringEquals: "a" }, "a", "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", StringEquals: "a" }, "A", "No"],
    [
      { Variable: "$.input.ticket_event.ticket.v", StringEqualsPath: "$.input.ticket_event.ticket.s" },
      "mango",
      "Yes",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", StringLessThan: "b" }, "a", "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", StringGreaterThan: "b" }, "a", "No"],
    [{ Variable: "$.input.ticket_event.ticket.v", StringLessThanEquals: "a" }, "a", "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", StringGreaterThanEquals: "\u{1F600}" }, "\uFFFF", "No"],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericEquals: 1 }, 1.0, "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericEquals: 1 }, "1", "No"],
    [
      { Variable: "$.input.ticket_event.ticket.v", NumericEqualsPath: "$.input.ticket_event.ticket.w" },
      5,
      "Yes",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericLessThan: 100 }, 99.5, "Yes"],
    [
      { Variable: "$.input.ticket_event.ticket.v", NumericLessThanPath: "$.input.ticket_event.ticket.w" },
      5,
      "No",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericGreaterThan: 100 }, 101, "Yes"],
    [
      { Variable: "$.input.ticket_event.ticket.v", NumericGreaterThanPath: "$.input.ticket_event.ticket.w" },
      6,
      "Yes",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericLessThanEquals: 100 }, 100, "Yes"],
    [
      {
        Variable: "$.input.ticket_event.ticket.v",
        NumericLessThanEqualsPath: "$.input.ticket_event.ticket.w",
      },
      6,
      "No",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", NumericGreaterThanEquals: 100 }, 100, "Yes"],
    [
      {
        Variable: "$.input.ticket_event.ticket.v",
        NumericGreaterThanEqualsPath: "$.input.ticket_event.ticket.w",
      },
      4,
      "No",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", BooleanEquals: true }, true, "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", BooleanEquals: true }, "true", "No"],
    [
      { Variable: "$.input.ticket_event.ticket.v", BooleanEqualsPath: "$.input.ticket_event.ticket.v" },
      false,
      "Yes",
    ],
    [
      { Variable: "$.input.ticket_event.ticket.v", TimestampEquals: "2024-06-01T12:00:00Z" },
      "2024-06-01T14:00:00+02:00",
      "Yes",
    ],
    [
      { Variable: "$.input.ticket_event.ticket.v", TimestampLessThan: "2024-06-01T12:00:00Z" },
      "2024-06-01T11:59:59.5Z",
      "Yes",
    ],
    [
      { Variable: "$.input.ticket_event.ticket.v", TimestampGreaterThan: "2024-06-01T12:00:00Z" },
      "2024-06-01 13:00:00Z",
      "No",
    ],
    [
      { Variable: "$.input.ticket_event.ticket.v", TimestampLessThanEquals: "2024-06-01T12:00:00Z" },
      "2024-06-01T12:00:00Z",
      "Yes",
    ],
    [
      { Variable: "$.input.ticket_event.ticket.v", TimestampGreaterThanEquals: "2024-06-01T12:00:00Z" },
      1717243200,
      "No",
    ],
    [{ Variable: "$.input.ticket_event.ticket.v", IsNull: true }, null, "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.v", IsNull: false }, null, "No"],
    [{ Variable: "$.input.ticket_event.ticket.v", IsPresent: true }, null, "Yes"],
    [{ Variable: "$.input.ticket_event.ticket.missing", IsPresent: false }, 1, "Yes"],
    [
      {
        And: [
          { Variable: "$.input.ticket_event.ticket.v", IsPresent: true },
          { Variable: "$.input.ticket_event.ticket.v", NumericGreaterThan: 1 },
        ],
      },
      2,
      "Yes",
    ],
    [
      {
        Or: [
          { Variable: "$.input.ticket_event.ticket.v", StringEquals: "x" },
          { Not: { Variable: "$.input.ticket_event.ticket.v", NumericEquals: 2 } },
        ],
      },
      2,
      "No",
    ],
    [{ Not: { And: [{ Variable: "$.input.ticket_event.ticket.v", NumericLessThan: 0 }] } }, 2, "Yes"],
  ])("%o with %o → %s", async (rule, value, expected) => {
    expect(await choice(rule, v(value))).toBe(expected);
  });

  it("takes the first matching rule, records it in the trace, and falls back to Default", async () => {
    const result = await runFlow(
      flowBundle({
        C: {
          Type: "Choice",
          Choices: [
            { Variable: "$.input.ticket_event.ticket.id", NumericGreaterThan: 5000, Next: "Big" },
            { Variable: "$.input.ticket_event.ticket.id", NumericGreaterThan: 1000, Next: "Medium" },
            { Variable: "$.input.ticket_event.ticket.id", NumericGreaterThan: 10, Next: "Small" },
          ],
          Default: "Big",
        },
        Big: { Type: "Succeed" },
        Medium: { Type: "Succeed" },
        Small: { Type: "Succeed" },
      }),
      { input: ticketInput() },
    );
    expect(result).toHaveVisited(["C", "Medium"]);
    expect(result.trace[0]!.choice).toBe(1);
  });

  it("fails with States.NoChoiceMatched when nothing matches and there is no Default", async () => {
    const result = await run({
      C: {
        Type: "Choice",
        Choices: [{ Variable: "$.input.ticket_event.ticket.status", StringEquals: "closed", Next: "X" }],
      },
      X: { Type: "Succeed" },
    });
    expect(result).toHaveFailedWith({ Error: "States.NoChoiceMatched" });
  });

  it("a missing Variable is JSON path not found (only IsPresent tolerates it)", async () => {
    const result = await run({
      C: { Type: "Choice", Choices: [{ Variable: "$.nowhere", StringEquals: "x", Next: "X" }], Default: "X" },
      X: { Type: "Succeed" },
    });
    expect(result).toHaveFailedWith({ Error: "States.Runtime", Cause: "JSON path not found: $.nowhere" });
  });
});

describe("Wait", () => {
  it("sleeps Seconds on the injected clock, taking no real time", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 23));
    const started = Date.now();
    const result = await run(
      {
        W: { Type: "Wait", Seconds: 3600, Next: "V" },
        V: { Type: "Wait", SecondsPath: "$.input.ticket_event.ticket.delay", End: true },
      },
      // An hour is over ZIS's flow timeout (flowSeconds, 100 s by default).
      { clock, input: ticketInput({ delay: 1.5 }), budget: { flowSeconds: 3601.5 } },
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(clock.sleeps).toEqual([3600, 1.5]);
    expect(result.trace[1]!.at - result.trace[0]!.at).toBe(3_600_000);
    expect(result.output).toEqual(result.trace[0]!.input);
  });

  it("continues at once when SecondsPath is ≤ 0", async () => {
    const clock = new VirtualClock();
    await run(
      { W: { Type: "Wait", SecondsPath: "$.input.ticket_event.ticket.delay", End: true } },
      { clock, input: ticketInput({ delay: -5 }) },
    );
    expect(clock.sleeps).toEqual([]);
  });
});

describe("Map", () => {
  const mapFlow = (
    itemsPath: string,
    iterator: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) => ({
    M: {
      Type: "Map",
      ItemsPath: itemsPath,
      Iterator: { StartAt: Object.keys(iterator)[0], States: iterator },
      ResultPath: "$.results",
      ...extra,
    },
    Done: { Type: "Succeed" },
  });

  it("runs each item alone, in order, and collects the results", async () => {
    const result = await run(
      mapFlow(
        "$.input.ticket_event.ticket.items",
        {
          Double: { Type: "Pass", Result: "seen", ResultPath: "$.mark", Next: "Check" },
          Check: {
            Type: "Choice",
            Choices: [{ Variable: "$.input", IsPresent: true, Next: "Leak" }],
            Default: "Ok",
          },
          Leak: { Type: "Fail", Error: "Leak", Cause: "the iteration saw the flow's data" },
          Ok: { Type: "Succeed" },
        },
        { Next: "Done" },
      ),
      { input: ticketInput({ items: [{ n: 1 }, { n: 2 }, { n: 3 }] }) },
    );
    expect(result).toHaveSucceeded();
    expect(result).toHaveOutputAt("$.results", [
      { n: 1, mark: "seen" },
      { n: 2, mark: "seen" },
      { n: 3, mark: "seen" },
    ]);
    expect(result.trace.filter((e) => e.state === "Double").map((e) => e.iteration)).toEqual([[0], [1], [2]]);
  });

  it("fails as a whole when an iteration fails, and Catch handles it", async () => {
    const result = await run(
      mapFlow(
        "$.input.ticket_event.ticket.items",
        { Boom: { Type: "Fail", Error: "ItemFailed", Cause: "item {{$.n}} is bad" } },
        { Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done", ResultPath: "$.error" }], Next: "Done" },
      ),
      { input: ticketInput({ items: [{ n: 7 }] }) },
    );
    expect(result).toHaveSucceeded();
    expect(result).toHaveOutputAt("$.error", { Error: "ItemFailed", Cause: "item 7 is bad" });
  });

  it("ends the flow over 100 items, whatever Catch says", async () => {
    const result = await run(
      mapFlow(
        "$.input.ticket_event.ticket.items",
        { P: { Type: "Pass", End: true } },
        {
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Done" }],
          Next: "Done",
        },
      ),
      { input: ticketInput({ items: Array.from({ length: 101 }, (_, i) => i) }) },
    );
    expect(result).toHaveFailedWith({ Error: "States.MapItemLimitExceeded", Cause: /101 items/ });
    expect(result.states).toEqual(["M"]);
  });

  it("runs exactly 100 items", async () => {
    const result = await run(
      mapFlow("$.input.ticket_event.ticket.items", { P: { Type: "Pass", End: true } }, { Next: "Done" }),
      {
        input: ticketInput({ items: Array.from({ length: 100 }, (_, i) => i) }),
      },
    );
    expect((result.output as { results: unknown[] }).results).toHaveLength(100);
  });
});

describe("Succeed and Fail", () => {
  it("Succeed logs its Message with placeholders", async () => {
    const result = await run({
      S: { Type: "Succeed", Message: "Posted ticket {{$.input.ticket_event.ticket.id}}." },
    });
    expect(result.log).toBe("Posted ticket 1001.");
  });

  it("Fail reports Error and Cause with placeholders", async () => {
    const result = await run({
      F: {
        Type: "Fail",
        Error: "Bad{{$.input.ticket_event.ticket.status}}",
        Cause: "ticket {{$.input.ticket_event.ticket.id}}",
      },
    });
    expect(result).toHaveFailedWith({ Error: "Badnew", Cause: "ticket 1001" });
    expect(result.log).toBe("ticket 1001");
  });
});

describe("Retry and Catch", () => {
  const failing = { method: "GET", url: "https://api.test/thing" };

  it("retries after interval × backoff^(n-1) on the virtual clock, then catches", async () => {
    const clock = new VirtualClock();
    const result = await runFlow(
      flowBundle(
        {
          Call: {
            Type: "Action",
            ActionName: "zis:test_int:action:Thing",
            Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handle", ResultPath: "$.error_response" }],
            ResultPath: "$.thing",
            End: true,
          },
          Handle: { Type: "Succeed" },
        },
        { actions: { Thing: failing } },
      ),
      {
        input: ticketInput(),
        clock,
        mocks: { http: [{ match: { action: "Thing" }, response: { status: 404 } }] },
      },
    );
    expect(clock.sleeps).toEqual([3, 6]);
    expect(result.requests).toHaveLength(3);
    expect(result.trace[0]!.retries).toEqual([3, 6]);
    expect(result.trace[0]!.statuses).toEqual([404, 404, 404]);
    expect(result.trace[0]!.errorAttempt).toBe(2);
    expect(result).toHaveOutputAt("$.error_response", {
      Error: "States.TaskFailed",
      Cause: "external action failed due to status code: 404",
    });
    expect(result).toHaveVisited(["Call", "Handle"]);
  });

  it("succeeds when a retry succeeds (mock answers counted with times)", async () => {
    const result = await runFlow(
      flowBundle(
        {
          Call: {
            Type: "Action",
            ActionName: "zis:test_int:action:Thing",
            Retry: [{ ErrorEquals: ["States.ALL"] }],
            ResultPath: "$.thing",
            End: true,
          },
        },
        { actions: { Thing: failing } },
      ),
      {
        input: ticketInput(),
        mocks: {
          http: [
            { match: { action: "Thing" }, response: { status: 503 }, times: 2 },
            { match: { action: "Thing" }, response: { status: 200, body: { third: "time" } } },
          ],
        },
      },
    );
    expect(result).toHaveSucceeded();
    expect(result.trace[0]!.retries).toEqual([1, 2]);
    expect(result.trace[0]!.statuses).toEqual([503, 503, 200]);
    // The error kept is the second attempt's: the third succeeded.
    expect(result.trace[0]!.errorAttempt).toBe(1);
    expect(result).toHaveOutputAt("$.thing", { third: "time" });
  });
});

describe("guards", () => {
  it.each([
    [
      { C: { Type: "Choice", Choices: "oops", Default: "S" }, S: { Type: "Succeed" } },
      "/States/C/Choices",
      "invalid_type",
    ],
    [{ P: { Type: "Pass", Next: "S", End: true }, S: { Type: "Succeed" } }, "/States/P", "next_and_end"],
    [{ W: { Type: "Wait", Seconds: "10", End: true } }, "/States/W/Seconds", "invalid_type"],
    [{ W: { Type: "Wait", End: true } }, "/States/W", "wait_duration"],
    [{ P: { Type: "Pass", Next: "Nowhere" } }, "/States/P/Next", "unknown_next_state"],
    [{ X: { Type: "Parallel", End: true } }, "/States/X/Type", "unsupported_state_type"],
    // The validator's verdict, where the run once read null as "$" and wiped the flow data.
    [
      { P: { Type: "Pass", Result: 1, ResultPath: null, End: true } },
      "/States/P/ResultPath",
      "result_path_null",
    ],
  ])("refuses %j before it runs: %s, %s", async (states, pointer, diagnostic) => {
    await expect(runFlow(flowBundle(states), { input: ticketInput() })).rejects.toMatchObject({
      code: "invalid_bundle",
      problem: { pointer: `/resources/TestFlow/properties/definition${pointer}`, diagnostic },
    });
  });

  it("stops a loop at the transitions budget with a harness error naming the budget and the state", async () => {
    const loop = run(
      { A: { Type: "Pass", Next: "B" }, B: { Type: "Wait", Seconds: 1, Next: "A" } },
      { budget: { transitions: 50 } },
    );
    await expect(loop).rejects.toThrow(HarnessError);
    await expect(loop).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "transitions",
      state: "A",
      message: 'budget exceeded: transitions (50) at state "A"',
    });
  });

  it("rejects an event payload that is not an object, or is too large", async () => {
    await expect(runFlow(flowBundle({ S: { Type: "Succeed" } }), { input: [] })).rejects.toThrow(
      /must be a JSON object/,
    );
    await expect(
      runFlow(flowBundle({ S: { Type: "Succeed" } }), {
        input: { big: "x".repeat(2000) },
        budget: { payloadBytes: 1000 },
      }),
    ).rejects.toThrow("budget exceeded: payloadBytes (1000): the event payload is over 1000 bytes");
  });

  it("measures the event payload against payloadBytes in UTF-8 bytes of its JSON text", async () => {
    const bundle = flowBundle({ S: { Type: "Succeed" } });
    // {"note":"ü€😀"}: 15 UTF-16 code units, 20 UTF-8 bytes (ü 2, € 3, 😀 4).
    const input = { note: "ü€😀" };
    expect(JSON.stringify(input)).toHaveLength(15);
    expect(await runFlow(bundle, { input, budget: { payloadBytes: 20 } })).toHaveSucceeded();
    await expect(runFlow(bundle, { input, budget: { payloadBytes: 19 } })).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "payloadBytes",
      state: undefined,
      message: "budget exceeded: payloadBytes (19): the event payload is 20 bytes",
    });
  });

  it("names the flow when the bundle has several and none was chosen", async () => {
    await expect(runFlow({ resources: {} }, { input: {} })).rejects.toThrow(/has no flow/);
    await expect(
      runFlow(flowBundle({ S: { Type: "Succeed" } }), { input: {}, flow: "Other" }),
    ).rejects.toThrow(/no flow named "Other" \(flows: TestFlow\)/);
  });
});

describe("the caller's bundle", () => {
  it("stays writable after a run (the interpreter freezes its own copy)", async () => {
    const bundle = flowBundle({ A: { Type: "Pass", Result: { n: 1 }, ResultPath: "$.r", End: true } });
    await runFlow(bundle, { input: ticketInput() });
    const state = (bundle.resources as any).TestFlow.properties.definition.States.A;
    state.Result.n = 2;
    expect(Object.isFrozen(state.Result)).toBe(false);
    expect(state.Result).toEqual({ n: 2 });
  });
});
