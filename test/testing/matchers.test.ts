import { stripVTControlCharacters } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import {
  installMatchers,
  runFlow,
  runScenario,
  ZisStore,
  type RunOptions,
  type RunResult,
} from "../../src/testing/index.js";
import { activityEvent, profileResponse, tutorialBundleJson } from "../support/tutorial.js";

installMatchers(expect);

/** The compiled tutorial bundle, as `npm run build` writes it. */
const tutorial: unknown = tutorialBundleJson();

const runTutorial = (
  properties: { order_id: string; refund_amount: string },
  http: NonNullable<RunOptions["mocks"]>["http"],
) =>
  runFlow(tutorial, {
    input: activityEvent("refund_request", properties),
    subdomain: "acme",
    mocks: { http },
  });

/** What a failed assertion threw, with colours removed from its message. */
function failure(assertion: () => void): { message: string; actual: unknown; expected: unknown } {
  try {
    assertion();
  } catch (error) {
    const { message, actual, expected } = error as Error & { actual?: unknown; expected?: unknown };
    return { message: stripVTControlCharacters(message), actual, expected };
  }
  throw new Error("the assertion passed");
}

const REFUND_STATES = [
  "CheckEventSourceAndType",
  "ConvertRefundAmountToNum",
  "CheckRefundAmount",
  "InitiateRefund",
];
const REFUND_CAUSE = "external action failed due to status code: 500";

/** $100.00: one POST to the external target. */
let refund: RunResult;
/** $200.00 basic: GET the profile, then POST a ticket. */
let ticket: RunResult;
/** $10.00 with the refund API answering 500. */
let failed: RunResult;

beforeAll(async () => {
  refund = await runTutorial({ order_id: "789", refund_amount: "100.00" }, [
    { match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } },
  ]);
  ticket = await runTutorial({ order_id: "123", refund_amount: "200.00" }, [
    { match: { action: "GetUserProfile" }, response: profileResponse("basic") },
    { match: { action: "CreateZendeskTicket" }, response: { status: 201, body: { ticket: { id: 75 } } } },
  ]);
  failed = await runTutorial({ order_id: "789", refund_amount: "10.00" }, [
    { match: { action: "InitiateRefund" }, response: { status: 500, body: "oops" } },
  ]);
});

describe("toHaveVisited", () => {
  it("passes on the states that ran, exactly and in order", () => {
    expect(refund).toHaveVisited([...REFUND_STATES, "Finish"]);
  });

  it("fails on a missing, an extra, or a reordered state, carrying both lists for the diff", () => {
    const missing = failure(() => expect(refund).toHaveVisited(REFUND_STATES));
    expect(missing.message).toBe("expected the run to visit exactly these states, in order");
    expect(missing.actual).toEqual([...REFUND_STATES, "Finish"]);
    expect(missing.expected).toEqual(REFUND_STATES);

    expect(() => expect(refund).toHaveVisited([...REFUND_STATES, "GetUserProfile", "Finish"])).toThrow(
      /^expected the run to visit exactly these states, in order$/,
    );
    expect(() =>
      expect(refund).toHaveVisited([
        "CheckEventSourceAndType",
        "CheckRefundAmount",
        "ConvertRefundAmountToNum",
        "InitiateRefund",
        "Finish",
      ]),
    ).toThrow(/visit exactly these states, in order/);
  });

  it(".not passes on other states and fails on the states that ran", () => {
    expect(refund).not.toHaveVisited(["CheckEventSourceAndType", "Finish"]);
    expect(() => expect(refund).not.toHaveVisited([...REFUND_STATES, "Finish"])).toThrow(
      /^expected the run not to visit exactly these states, in order$/,
    );
  });

  it("rejects a value that is not a run result", () => {
    expect(() => expect({ states: [] }).toHaveVisited([])).toThrow(
      new TypeError("expected the result of runFlow()"),
    );
  });
});

describe("toHaveSucceeded", () => {
  it("passes on a succeeded run", () => {
    expect(refund).toHaveSucceeded();
    expect(ticket).toHaveSucceeded();
  });

  it("fails on a failed run, naming the error and the states that ran", () => {
    expect(() => expect(failed).toHaveSucceeded()).toThrow(
      "expected the flow to succeed, but it failed with States.TaskFailed: external action failed due to status code: 500 " +
        "(states: CheckEventSourceAndType → ConvertRefundAmountToNum → CheckRefundAmount → InitiateRefund)",
    );
  });

  it(".not passes on a failed run and fails on a succeeded one", () => {
    expect(failed).not.toHaveSucceeded();
    expect(() => expect(refund).not.toHaveSucceeded()).toThrow(
      /^expected the flow to fail, but it succeeded$/,
    );
  });
});

describe("toHaveFailedWith", () => {
  it("passes on the Error and Cause, on either alone, and on nothing given", () => {
    expect(failed).toHaveFailedWith({ Error: "States.TaskFailed", Cause: REFUND_CAUSE });
    expect(failed).toHaveFailedWith({ Error: "States.TaskFailed" });
    expect(failed).toHaveFailedWith({ Cause: REFUND_CAUSE });
    expect(failed).toHaveFailedWith();
  });

  it("accepts a RegExp Cause", () => {
    expect(failed).toHaveFailedWith({ Error: "States.TaskFailed", Cause: /status code: 5\d\d$/ });
    expect(failed).not.toHaveFailedWith({ Cause: /status code: 4\d\d$/ });
    expect(() => expect(failed).toHaveFailedWith({ Cause: /timed out/ })).toThrow(
      /^expected the flow to fail with .*\/timed out\/.*, it failed with .*"Cause": "external action failed due to status code: 500"/s,
    );
  });

  it("fails on another Error or Cause, showing what was expected and what the run failed with", () => {
    const wrongError = failure(() =>
      expect(failed).toHaveFailedWith({ Error: "States.Timeout", Cause: REFUND_CAUSE }),
    );
    expect(wrongError.message).toMatch(
      /^expected the flow to fail with Object \{.*"Error": "States\.Timeout"/s,
    );
    expect(wrongError.message).toMatch(/, it failed with Object \{.*"Error": "States\.TaskFailed"/s);
    expect(wrongError.actual).toEqual({ Error: "States.TaskFailed", Cause: REFUND_CAUSE });
    expect(wrongError.expected).toEqual({ Error: "States.Timeout", Cause: REFUND_CAUSE });

    expect(() =>
      expect(failed).toHaveFailedWith({ Cause: "external action failed due to status code: 502" }),
    ).toThrow(/status code: 502.*it failed with.*status code: 500/s);
  });

  it("fails on a succeeded run, naming the states that ran", () => {
    expect(() => expect(refund).toHaveFailedWith({ Error: "States.TaskFailed" })).toThrow(
      "expected the flow to fail, but it succeeded (states: CheckEventSourceAndType → ConvertRefundAmountToNum → CheckRefundAmount → InitiateRefund → Finish)",
    );
    expect(() => expect(refund).toHaveFailedWith()).toThrow(/^expected the flow to fail, but it succeeded/);
  });

  it(".not passes on a succeeded run or another error, and fails on the error the run failed with", () => {
    expect(refund).not.toHaveFailedWith();
    expect(failed).not.toHaveFailedWith({ Error: "States.Timeout" });
    expect(() => expect(failed).not.toHaveFailedWith({ Error: "States.TaskFailed" })).toThrow(
      /"Error": "States\.TaskFailed"/,
    );
  });
});

describe("toHaveSentRequest", () => {
  it("compares only the members given", () => {
    expect(refund).toHaveSentRequest({ url: "EXTERNAL_TARGET_URL" });
    expect(refund).toHaveSentRequest({ action: "InitiateRefund", method: "POST" });
    expect(refund).toHaveSentRequest({
      method: "POST",
      url: "EXTERNAL_TARGET_URL",
      body: { order_id: "789", refund_amount: "100.00", user_profile_id: "01HPROFILE" },
    });
    expect(ticket).toHaveSentRequest({ headers: { "Content-Type": "application/json" } });
    expect(ticket).toHaveSentRequest({
      action: "GetUserProfile",
      url: "https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE",
      body: undefined,
    });
  });

  it("matches any of the requests, not only the first", () => {
    expect(ticket).toHaveSentRequest({
      method: "POST",
      url: "https://acme.zendesk.com/api/v2/tickets.json",
      body: {
        ticket: {
          subject: "Refund request for order 123",
          comment: { body: "Hi,\n I'm requesting a $200.00 refund for order 123." },
          requester_id: 388200000001,
        },
      },
    });
  });

  it("compares the body deeply: a part of it does not match", () => {
    expect(refund).not.toHaveSentRequest({ body: { order_id: "789" } });
    expect(refund).not.toHaveSentRequest({
      body: { order_id: "789", refund_amount: "100.00", user_profile_id: "01HPROFILE", note: "extra" },
    });
  });

  it("fails with what was expected and the given members of every request sent", () => {
    const miss = failure(() =>
      expect(ticket).toHaveSentRequest({ method: "POST", url: "https://acme.zendesk.com/api/v2/users.json" }),
    );
    expect(miss.message).toMatch(
      /^expected a request like Object \{.*"url": "https:\/\/acme\.zendesk\.com\/api\/v2\/users\.json".*\}; the run sent 2: Array \[/s,
    );
    expect(miss.message).toContain('"url": "https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE"');
    expect(miss.message).toContain('"url": "https://acme.zendesk.com/api/v2/tickets.json"');
    expect(miss.message).not.toContain("requester_id");
    expect(miss.actual).toEqual([
      { method: "GET", url: "https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE" },
      { method: "POST", url: "https://acme.zendesk.com/api/v2/tickets.json" },
    ]);

    expect(() => expect(refund).toHaveSentRequest({ method: "GET" })).toThrow(/the run sent 1: /);
  });

  it(".not passes when no request matches and fails when one does", () => {
    expect(refund).not.toHaveSentRequest({ action: "GetUserProfile" });
    expect(() => expect(refund).not.toHaveSentRequest({ action: "InitiateRefund" })).toThrow(
      /^expected no request like .*"action": "InitiateRefund"/s,
    );
  });
});

describe("toHaveSentRequests", () => {
  it("passes on exactly these requests, in order, each on the members given", () => {
    expect(ticket).toHaveSentRequests([
      { action: "GetUserProfile", method: "GET" },
      { url: "https://acme.zendesk.com/api/v2/tickets.json" },
    ]);
    expect(refund).toHaveSentRequests([{ action: "InitiateRefund" }]);
  });

  it("fails on the wrong order, fewer or more requests", () => {
    expect(() =>
      expect(ticket).toHaveSentRequests([{ action: "CreateZendeskTicket" }, { action: "GetUserProfile" }]),
    ).toThrow(/^expected exactly 2 request\(s\) like these, in order$/);
    expect(() => expect(ticket).toHaveSentRequests([{ action: "GetUserProfile" }])).toThrow(
      /^expected exactly 1 request\(s\) like these, in order$/,
    );
    const more = failure(() =>
      expect(refund).toHaveSentRequests([{ action: "InitiateRefund" }, { action: "InitiateRefund" }]),
    );
    expect(more.message).toBe("expected exactly 2 request(s) like these, in order");
    expect(more.actual).toEqual([{ action: "InitiateRefund" }]);
  });

  it("passes on no requests for a run that sent none, and .not works", async () => {
    const pageView = await runFlow(tutorial, {
      input: activityEvent("page_view", { order_id: "1", refund_amount: "5.00" }),
    });
    expect(pageView).toHaveSentRequests([]);
    expect(refund).not.toHaveSentRequests([]);
    expect(() => expect(pageView).not.toHaveSentRequests([])).toThrow(/exactly 0 request\(s\)/);
  });
});

describe("toHaveOutputAt", () => {
  it("reads nested paths of the final flow data, with or without $.", () => {
    // The failed run ends with the data InitiateRefund saw.
    expect(failed).toHaveOutputAt("$.input.activity_event.user_activity.properties.order_id", "789");
    expect(failed).toHaveOutputAt("input.activity_event.user_activity.properties", {
      order_id: "789",
      refund_amount: "10.00",
    });
    expect(failed).toHaveOutputAt("$.refund_amount_num", 10);
    expect(failed).toHaveOutputAt("$.subdomain", "acme");
    expect(failed).toHaveOutputAt("$.integration_key", "INTEGRATION");
    expect(refund).toHaveOutputAt("$", { ok: true });
    expect(refund).toHaveOutputAt("$.ok", true);
  });

  it("a path that is not there reads as undefined", () => {
    expect(failed).toHaveOutputAt("$.customer.profile.attributes.membership", undefined);
    expect(failed).not.toHaveOutputAt("$.customer", null);
  });

  it("fails naming the path and the expected value, carrying the value found", () => {
    const wrong = failure(() => expect(failed).toHaveOutputAt("$.refund_amount_num", 100));
    expect(wrong.message).toBe("expected $.refund_amount_num of the final flow data to equal 100");
    expect(wrong.actual).toBe(10);
    expect(wrong.expected).toBe(100);
    expect(() => expect(ticket).toHaveOutputAt("$.ticket.id", 76)).toThrow(
      /^expected \$\.ticket\.id of the final flow data to equal .*76/,
    );
  });

  it(".not fails on the value found", () => {
    expect(ticket).not.toHaveOutputAt("$.ticket.id", 76);
    expect(() => expect(ticket).not.toHaveOutputAt("$.ticket.id", 75)).toThrow(/\$\.ticket\.id/);
  });
});

/** One flow: link the order to its customer, then load the customer's orders. */
describe("matcher regressions", () => {
  it("a global RegExp Cause gives the same answer every time", () => {
    const pattern = /500/g;
    for (let i = 0; i < 3; i++) expect(failed).toHaveFailedWith({ Cause: pattern });
  });

  it(".not messages say what was not expected", () => {
    expect(
      failure(() => expect(failed).not.toHaveFailedWith({ Error: "States.TaskFailed" })).message,
    ).toMatch(/^expected the flow not to fail with .*States\.TaskFailed.*, but it failed with /s);
    expect(failure(() => expect(ticket).not.toHaveOutputAt("$.ticket.id", 75)).message).toBe(
      "expected $.ticket.id of the final flow data not to equal 75",
    );
  });

  it("toHaveOutputAt reads reference paths with indexes and bracket keys", async () => {
    const result = await runFlow(
      {
        resources: {
          F: {
            type: "ZIS::Flow",
            properties: {
              name: "F",
              definition: {
                StartAt: "P",
                States: {
                  P: {
                    Type: "Pass",
                    Result: { items: [{ "a.b": 1 }, { "a.b": 2 }] },
                    ResultPath: "$.r",
                    End: true,
                  },
                },
              },
            },
          },
        },
      },
      { input: {} },
    );
    expect(result).toHaveOutputAt("$.r.items[1]['a.b']", 2);
    expect(result).not.toHaveOutputAt("$.r.items[0]['a.b']", undefined);
    expect(result).toHaveOutputAt("$.r.items[5]", undefined);
  });
});

const ORDER_LINKS = {
  name: "Order links",
  zis_template_version: "2019-10-14",
  resources: {
    RecordOrder: {
      type: "ZIS::Flow",
      properties: {
        name: "RecordOrder",
        definition: {
          StartAt: "LinkOrderToCustomer",
          States: {
            LinkOrderToCustomer: {
              Type: "Action",
              ActionName: "zis:common:action:CreateLink",
              Parameters: {
                link_type: "order_to_customer",
                left_object: { "name.$": "order_id:{{$.input.order.id}}" },
                right_object: { "name.$": "customer_id:{{$.input.order.customer_id}}" },
              },
              ResultPath: "$.created",
              Next: "LoadCustomerOrders",
            },
            LoadCustomerOrders: {
              Type: "Action",
              ActionName: "zis:common:action:LoadLinks",
              Parameters: {
                link_type: "order_to_customer",
                "right_object_name.$": "customer_id:{{$.input.order.customer_id}}",
              },
              ResultPath: "$.orders",
              Next: "Done",
            },
            Done: { Type: "Succeed" },
          },
        },
      },
    },
  },
};

const order = (id: number, customerId: number) => ({ input: { order: { id, customer_id: customerId } } });

describe("runScenario", () => {
  it("shares one store across events and returns one result per event", async () => {
    const { results, store } = await runScenario(ORDER_LINKS, [
      order(5001, 42),
      order(5002, 42),
      order(5003, 77),
    ]);
    expect(results).toHaveLength(3);
    const [first, second, third] = results;
    for (const result of results) {
      expect(result).toHaveSucceeded();
      expect(result).toHaveVisited(["LinkOrderToCustomer", "LoadCustomerOrders", "Done"]);
      expect(result).toHaveSentRequests([]);
    }
    expect(first).toHaveOutputAt("$.orders.count", 1);
    expect(first).toHaveOutputAt("$.created.link.left_object.name", "order_id:5001");
    expect(second).toHaveOutputAt("$.orders.count", 2);
    expect(second).toHaveOutputAt("$.created.link.left_object.name", "order_id:5002");
    const loaded = (second!.output as { orders: { links: Array<{ left_object: { name: string } }> } }).orders;
    expect(loaded.links.map((link) => link.left_object.name)).toEqual(["order_id:5001", "order_id:5002"]);
    expect(third).toHaveOutputAt("$.orders.count", 1);

    expect(store.links.all().map((link) => [link.left_object.name, link.right_object.name])).toEqual([
      ["order_id:5001", "customer_id:42"],
      ["order_id:5002", "customer_id:42"],
      ["order_id:5003", "customer_id:77"],
    ]);
    expect(store.links.all().map((link) => [link.account_id, link.integration])).toEqual([
      [12345678, "INTEGRATION"],
      [12345678, "INTEGRATION"],
      [12345678, "INTEGRATION"],
    ]);
  });

  it("runs each event on its own: a later failure does not undo earlier links", async () => {
    const { results, store } = await runScenario(ORDER_LINKS, [order(5001, 42), order(5001, 42)]);
    expect(results.map((r) => r.status)).toEqual(["succeeded", "failed"]);
    expect(results[1]).toHaveFailedWith({
      Error: "States.TaskFailed",
      Cause: /order_to_customer link between "order_id:5001" and "customer_id:42" already exists/,
    });
    expect(results[1]).toHaveVisited(["LinkOrderToCustomer"]);
    expect(store.links.all()).toHaveLength(1);
  });

  it("uses the store it is given, with its account and integration, across calls", async () => {
    const store = new ZisStore(90210, "order_sync");
    await runScenario(ORDER_LINKS, [order(6001, 8)], { store });
    const { results, store: returned } = await runScenario(ORDER_LINKS, [order(6002, 8)], { store });
    expect(returned).toBe(store);
    expect(results[0]).toHaveOutputAt("$.orders.count", 2);
    expect(results[0]).toHaveOutputAt("$.account_id", 90210);
    expect(results[0]).toHaveOutputAt("$.integration_key", "order_sync");
    expect(store.links.all().map((link) => [link.account_id, link.integration])).toEqual([
      [90210, "order_sync"],
      [90210, "order_sync"],
    ]);
  });

  it("passes the options to every run and an event's own flow name", async () => {
    const { results } = await runScenario(
      ORDER_LINKS,
      [
        { ...order(7001, 3), flow: "RecordOrder" },
        { ...order(7002, 3), flow: "zis:shop:flow:RecordOrder" },
      ],
      { accountId: 555, integration: "shop", subdomain: "shop" },
    );
    expect(results.map((r) => r.flow)).toEqual(["RecordOrder", "RecordOrder"]);
    expect(results[1]).toHaveOutputAt("$.orders.count", 2);
    expect(results[1]).toHaveOutputAt("$.account_id", 555);
    expect(results[1]).toHaveOutputAt("$.subdomain", "shop");
    expect(results[1]).toHaveOutputAt("$.orders.links[0].integration", "shop");
  });

  it("returns no results for no events", async () => {
    const { results, store } = await runScenario(ORDER_LINKS, []);
    expect(results).toEqual([]);
    expect(store.links.all()).toEqual([]);
  });
});
