/**
 * The run budget (issue 14): every limit ends a flow that would otherwise spin, wait or grow without end with a
 * HarnessError `budget_exceeded` naming the budget and the state, at once and on the virtual clock.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_RUN_BUDGET, HarnessError, VirtualClock } from "../../src/interpreter/index.js";
import { installMatchers, runFlow } from "../../src/testing/index.js";
import { flowBundle, ticketInput } from "../support/bundles.js";

installMatchers(expect);

const run = (states: Record<string, unknown>, options: Partial<Parameters<typeof runFlow>[1]> = {}) =>
  runFlow(flowBundle(states), { input: ticketInput(), ...options });

/** A custom action that always answers 503, so its Retry goes on until a limit stops it. */
const failingCall = (retry: Record<string, unknown>) =>
  flowBundle(
    {
      Call: {
        Type: "Action",
        ActionName: "zis:test_int:action:Thing",
        Retry: [{ ErrorEquals: ["States.ALL"], ...retry }],
        ResultPath: "$.thing",
        End: true,
      },
    },
    { actions: { Thing: { method: "GET", url: "https://api.test/thing" } } },
  );
const unavailable = { http: [{ match: { action: "Thing" }, response: { status: 503 } }] };

describe("copiedMembers", () => {
  it("ends a run whose writes copy more members than the limit, naming the state", async () => {
    const chain = flowBundle({
      A: { Type: "Pass", Result: 1, ResultPath: "$.a", Next: "B" },
      B: { Type: "Pass", Result: 2, ResultPath: "$.b", Next: "C" },
      C: { Type: "Pass", Result: 3, ResultPath: "$.c", End: true },
    });
    // $ starts with account_id, integration_key, subdomain and input; each Pass copies it to write beside its
    // members: 4, then 5, then 6 (the input's own members are shared, not copied).
    const input = { wide: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`m${i}`, i])) };
    expect(await runFlow(chain, { input, budget: { copiedMembers: 15 } })).toHaveSucceeded();
    await expect(runFlow(chain, { input, budget: { copiedMembers: 10 } })).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "copiedMembers",
      state: "C",
      message:
        'budget exceeded: copiedMembers (10) at state "C": the run has copied 15 members to write results',
    });
  });
});

describe("the budget's defaults and options", () => {
  it("are ZIS's 100 s, 10,000 transitions, 100 retries, 4 MiB of data, 1 MiB payloads, 5·10^6 copied members, 10^7 jq steps, 2 s of jq-wasm", () => {
    expect(DEFAULT_RUN_BUDGET).toEqual({
      flowSeconds: 100,
      transitions: 10_000,
      retryAttempts: 100,
      dataBytes: 4_194_304,
      payloadBytes: 1_048_576,
      copiedMembers: 5_000_000,
      jqSteps: 10_000_000,
      jqMilliseconds: 2000,
    });
    expect(Object.isFrozen(DEFAULT_RUN_BUDGET)).toBe(true);
  });

  it.each([
    [{ transitions: 0 }, "budget: transitions must be a positive number"],
    [{ flowSeconds: Number.NaN }, "budget: flowSeconds must be a positive number"],
    [{ jqSteps: "10" }, "budget: jqSteps must be a positive number"],
    [{ maxTransitions: 5 }, 'budget: unknown limit "maxTransitions" (limits: flowSeconds, transitions,'],
  ])("refuses %j as invalid_input", async (budget, message) => {
    await expect(run({ S: { Type: "Succeed" } }, { budget: budget as never })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringContaining(message),
    });
  });

  it("keeps the defaults for limits left out, and lifts a limit set to Infinity", async () => {
    const loop = { A: { Type: "Pass", Next: "A" } };
    await expect(run(loop, { budget: { flowSeconds: 5 } })).rejects.toThrow(
      'budget exceeded: transitions (10000) at state "A"',
    );
    const wait = { W: { Type: "Wait", Seconds: 1e6, End: true } };
    expect(await run(wait, { budget: { flowSeconds: Infinity } })).toHaveSucceeded();
  });
});

describe("transitions", () => {
  it("count every state, Map iterations included", async () => {
    const states = {
      M: {
        Type: "Map",
        ItemsPath: "$.input.ticket_event.ticket.tags",
        Iterator: {
          StartAt: "P",
          States: { P: { Type: "Pass", Next: "Q" }, Q: { Type: "Pass", End: true } },
        },
        ResultPath: "$.r",
        Next: "Done",
      },
      Done: { Type: "Succeed" },
    };
    // M, then P and Q for each of the two tags, then Done: 6.
    expect(await run(states, { budget: { transitions: 6 } })).toHaveSucceeded();
    await expect(run(states, { budget: { transitions: 4 } })).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "transitions",
      state: "Q",
      message: 'budget exceeded: transitions (4) at state "Q"',
    });
  });

  it("count every Retry attempt", async () => {
    const bundle = failingCall({ IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 });
    // The state, then its three retries: 4.
    await expect(
      runFlow(bundle, { input: ticketInput(), mocks: unavailable, budget: { transitions: 4 } }),
    ).resolves.toHaveFailedWith({ Cause: "external action failed due to status code: 503" });
    await expect(
      runFlow(bundle, { input: ticketInput(), mocks: unavailable, budget: { transitions: 3 } }),
    ).rejects.toThrow('budget exceeded: transitions (3) at state "Call"');
  });
});

describe("retry storms", () => {
  it("end after retryAttempts retries whatever MaxAttempts says, when BackoffRate shrinks the waits", async () => {
    const clock = new VirtualClock();
    const storm = runFlow(failingCall({ IntervalSeconds: 1, BackoffRate: 0.5, MaxAttempts: 1_000_000_000 }), {
      input: ticketInput(),
      mocks: unavailable,
      clock,
    });
    await expect(storm).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "retryAttempts",
      state: "Call",
      message: 'budget exceeded: retryAttempts (100) at state "Call": its Retry allows 1000000000 attempts',
    });
    expect(clock.sleeps).toHaveLength(100);
  });

  it("end at the first wait past flowSeconds without sleeping through it (BackoffRate 1e308)", async () => {
    const clock = new VirtualClock();
    const storm = runFlow(
      failingCall({ IntervalSeconds: 1, BackoffRate: 1e308, MaxAttempts: 1_000_000_000 }),
      {
        input: ticketInput(),
        mocks: unavailable,
        clock,
      },
    );
    await expect(storm).rejects.toMatchObject({
      budget: "flowSeconds",
      state: "Call",
      message:
        'budget exceeded: flowSeconds (100) at state "Call": retry 2 of 1e+308 s would end 1e+308 s after the flow started',
    });
    expect(clock.sleeps).toEqual([1]);
  });

  it("end when the waits add up past flowSeconds (MaxAttempts 10^9, BackoffRate 1)", async () => {
    const clock = new VirtualClock();
    const storm = runFlow(failingCall({ IntervalSeconds: 7, BackoffRate: 1, MaxAttempts: 1_000_000_000 }), {
      input: ticketInput(),
      mocks: unavailable,
      clock,
    });
    await expect(storm).rejects.toThrow(
      'budget exceeded: flowSeconds (100) at state "Call": retry 15 of 7 s would end 105 s after the flow started',
    );
    expect(clock.elapsedSeconds).toBe(98);
  });
});

describe("flowSeconds", () => {
  it("ends a Wait that would end past it at once, and allows one that ends exactly at it", async () => {
    const clock = new VirtualClock();
    const waits = {
      A: { Type: "Wait", Seconds: 60, Next: "B" },
      B: { Type: "Wait", Seconds: 41, End: true },
    };
    await expect(run(waits, { clock })).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "flowSeconds",
      state: "B",
      message:
        'budget exceeded: flowSeconds (100) at state "B": a Wait of 41 s would end 101 s after the flow started',
    });
    expect(clock.sleeps).toEqual([60]);
    expect(await run(waits, { budget: { flowSeconds: 101 } })).toHaveSucceeded();
  });

  it("counts time the clock moves outside Waits and Retries, checked as each state starts", async () => {
    const clock = new VirtualClock();
    const bundle = flowBundle(
      {
        Call: { Type: "Action", ActionName: "zis:test_int:action:Slow", ResultPath: "$.slow", Next: "After" },
        After: { Type: "Succeed" },
      },
      { actions: { Slow: { method: "GET", url: "https://slow.test/" } } },
    );
    // A handler that takes 150 s of the run's time to answer.
    const slow = async () => {
      await clock.sleep(150);
      return { status: 200, body: {} };
    };
    await expect(
      runFlow(bundle, { input: ticketInput(), clock, mocks: { http: slow } }),
    ).rejects.toMatchObject({
      budget: "flowSeconds",
      state: "After",
      message: 'budget exceeded: flowSeconds (100) at state "After": the flow has run 150 s',
    });
  });
});

describe("dataBytes", () => {
  it("ends a loop that doubles the data by copying $ into $.a and $.b, long before lap 40", async () => {
    const growth = run({
      A: { Type: "Pass", ResultPath: "$.a", Next: "B" },
      B: { Type: "Pass", ResultPath: "$.b", Next: "A" },
    });
    await expect(growth).rejects.toBeInstanceOf(HarnessError);
    await expect(growth).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "dataBytes",
      message: expect.stringMatching(
        /^budget exceeded: dataBytes \(4194304\) at state "[AB]": the flow data is over 4194304 bytes of JSON$/,
      ),
    });
  });

  it("measures the data as JSON.stringify writes it, in UTF-8 bytes", async () => {
    const states = { P: { Type: "Pass", Result: { note: "ü€😀" }, ResultPath: "$.r", End: true } };
    const { output } = await run(states);
    const bytes = Buffer.byteLength(JSON.stringify(output), "utf8");
    expect(await run(states, { budget: { dataBytes: bytes } })).toHaveSucceeded();
    await expect(run(states, { budget: { dataBytes: bytes - 1 } })).rejects.toMatchObject({
      budget: "dataBytes",
      state: "P",
    });
  });

  it("refuses data a ResultPath of 5,000 steps would make, without a RangeError", async () => {
    const deepPath = "$" + ".a".repeat(5000);
    await expect(
      run({ P: { Type: "Pass", Result: 1, ResultPath: deepPath, End: true } }),
    ).rejects.toMatchObject({
      code: "data_too_deep",
      state: "P",
    });
  });

  it("refuses data a state nests deeper than 1000 levels ($ written into $.a again and again)", async () => {
    const nesting = run({ P: { Type: "Pass", ResultPath: "$.a", Next: "P" } });
    await expect(nesting).rejects.toMatchObject({
      code: "data_too_deep",
      state: "P",
      message: 'state "P" wrote flow data nested deeper than 1000 levels',
    });
  });
});

/** A flow of one Jq action on the event payload. */
const jqFlow = (expr: string) =>
  flowBundle({
    J: {
      Type: "Action",
      ActionName: "zis:common:transform:Jq",
      Parameters: { expr, "data.$": "$.input" },
      ResultPath: "$.out",
      End: true,
    },
  });

describe("jq", () => {
  it.each([
    "last(range(1e8))",
    "reduce range(1e9) as $i (0; .)",
    // Data that doubles: appended elements count, and so do the values of a shared output.
    "reduce range(40) as $i ([1]; . + .) | length",
    "reduce range(40) as $i (1; [., .])",
    "reduce range(40) as $i (1; [., .]) | tojson | length",
  ])("ends %s in the own engine after jqSteps steps", async (expr) => {
    await expect(
      runFlow(jqFlow(expr), { input: ticketInput(), budget: { jqSteps: 100_000 } }),
    ).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "jqSteps",
      state: "J",
      message: 'budget exceeded: jqSteps (100000) at state "J"',
    });
  });

  // The own engine runs out of stack on these and leaves them to jq-wasm, where they never end.
  it.each(["def f: f; f", "until(false; .)", "repeat(1)"])(
    "ends %s in jq-wasm after jqMilliseconds, and the next program runs on a fresh worker",
    async (expr) => {
      await expect(
        runFlow(jqFlow(expr), { input: ticketInput(), budget: { jqMilliseconds: 150 } }),
      ).rejects.toMatchObject({
        code: "budget_exceeded",
        budget: "jqMilliseconds",
        state: "J",
        message: 'budget exceeded: jqMilliseconds (150) at state "J"',
      });
      const next = await runFlow(jqFlow(". as [$a] ?// $a | .ticket_event.ticket.id"), {
        input: ticketInput(),
      });
      expect(next).toHaveOutputAt("$.out", 1001);
    },
  );

  it("reads the run's clock for now, in both engines", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 250));
    const states = {
      Own: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { expr: "now" },
        ResultPath: "$.own",
        Next: "Later",
      },
      Later: { Type: "Wait", Seconds: 10, Next: "Wasm" },
      // `?//` is left to jq-wasm.
      Wasm: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { expr: ". as [$a] ?// $a | now" },
        ResultPath: "$.wasm",
        End: true,
      },
    };
    const result = await run(states, { clock });
    expect(result).toHaveOutputAt("$.own", 1767225600.25);
    expect(result).toHaveOutputAt("$.wasm", 1767225610.25);
  });
});
