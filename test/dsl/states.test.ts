import { describe, expect, it } from "vitest";
import {
  action,
  choice,
  DslError,
  fail,
  jq,
  map,
  pass,
  stringEquals,
  succeed,
  tpl,
  wait,
  type TicketEventInput,
} from "../../src/index.js";
import { compileFlow } from "../support/dsl.js";

interface Data {
  input: TicketEventInput;
  orders: { order_num: string }[];
  order_details: unknown[];
  delay: number;
  ticket: { id: number; subject: string };
  error: { Error: string; Cause: string };
}

describe("Pass", () => {
  it("renders Result, ResultPath and Next in canonical order", () => {
    const { states } = compileFlow<Data>(($) => {
      const mock = pass("Mock.GetTicket", {
        result: { id: 35436, subject: "Help, my printer is on fire!" },
        resultPath: $.ticket,
        comment: "mocked",
      });
      mock.next(succeed("Done"));
      return mock;
    });
    expect(states["Mock.GetTicket"]).toStrictEqual({
      Type: "Pass",
      Comment: "mocked",
      Result: { id: 35436, subject: "Help, my printer is on fire!" },
      ResultPath: "$.ticket",
      Next: "Done",
    });
  });

  it("ends the flow when it has no next state", () => {
    const { states } = compileFlow<Data>(() => pass("Only"));
    expect(states.Only).toStrictEqual({ Type: "Pass", End: true });
  });
});

describe("Wait", () => {
  it("renders Seconds", () => {
    const { states } = compileFlow<Data>(() => wait("WaitThreeSeconds", { seconds: 3 }));
    expect(states.WaitThreeSeconds).toStrictEqual({ Type: "Wait", Seconds: 3, End: true });
  });

  it("renders SecondsPath from a number ref", () => {
    const { states } = compileFlow<Data>(($) => wait("WaitAWhile", { secondsPath: $.delay }));
    expect(states.WaitAWhile).toStrictEqual({ Type: "Wait", SecondsPath: "$.delay", End: true });
  });
});

describe("Succeed and Fail", () => {
  it("render Message, Error and Cause with placeholders and no .$ suffix", () => {
    const { states } = compileFlow<Data>(($) => {
      const check = choice("Check");
      check
        .when(
          stringEquals($.input.ticket_event.ticket.status, "new"),
          succeed("Logs.Succeeded", { message: tpl`Posted ticket ${$.input.ticket_event.ticket.id}.` }),
        )
        .otherwise(
          fail("Logs.Failed", {
            error: "Failed to post Slack message.",
            cause: tpl`Ticket ${$.input.ticket_event.ticket.id} is ${$.input.ticket_event.ticket.status}`,
          }),
        );
      return check;
    });
    expect(states["Logs.Succeeded"]).toStrictEqual({
      Type: "Succeed",
      Message: "Posted ticket {{$.input.ticket_event.ticket.id}}.",
    });
    expect(states["Logs.Failed"]).toStrictEqual({
      Type: "Fail",
      Error: "Failed to post Slack message.",
      Cause: "Ticket {{$.input.ticket_event.ticket.id}} is {{$.input.ticket_event.ticket.status}}",
    });
  });
});

describe("Action", () => {
  it("renders Retry then Catch, both on States.ALL, before Next", () => {
    const { states } = compileFlow<Data>(($) => {
      const failed = fail("Failed", { error: "E", cause: tpl`${$.error.Cause}` });
      const transform = action("Transform", jq(".ticket_event.ticket.id | tostring", $.input), {
        resultPath: $.ticket.subject,
      });
      transform
        .retry({ intervalSeconds: 3, maxAttempts: 2, backoffRate: 2.5 })
        .catch(failed, { resultPath: $.error });
      transform.next(succeed("Done"));
      return transform;
    });
    expect(states.Transform).toStrictEqual({
      Type: "Action",
      ActionName: "zis:common:transform:Jq",
      Parameters: { expr: ".ticket_event.ticket.id | tostring", "data.$": "$.input" },
      ResultPath: "$.ticket.subject",
      Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 3, BackoffRate: 2.5, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed", ResultPath: "$.error" }],
      Next: "Done",
    });
  });

  it("refuses a second next state", () => {
    compileFlow<Data>(() => {
      const a = pass("A");
      a.next(pass("B"));
      expect(() => a.next(pass("C"))).toThrow(expect.objectContaining({ code: "next_already_set" }));
      return a;
    });
  });
});

describe("Choice", () => {
  it("renders rules in order, each with Next, then Default", () => {
    const { states } = compileFlow<Data>(($) => {
      const done = succeed("Done");
      return choice("Route", { comment: "by status" })
        .when(stringEquals($.input.ticket_event.ticket.status, "new"), done, { comment: "new tickets" })
        .when(stringEquals($.input.ticket_event.ticket.status, "open"), done)
        .otherwise(pass("Other"));
    });
    expect(states.Route).toStrictEqual({
      Type: "Choice",
      Comment: "by status",
      Choices: [
        {
          Variable: "$.input.ticket_event.ticket.status",
          StringEquals: "new",
          Next: "Done",
          Comment: "new tickets",
        },
        { Variable: "$.input.ticket_event.ticket.status", StringEquals: "open", Next: "Done" },
      ],
      Default: "Other",
    });
  });

  it("refuses a second default", () => {
    compileFlow<Data>(() => {
      const c = choice("C").otherwise(pass("A"));
      expect(() => c.otherwise(pass("B"))).toThrow(DslError);
      return c;
    });
  });
});

describe("Map", () => {
  it("renders its iterator as a nested state machine whose $ is the item", () => {
    const { states, findings } = compileFlow<Data>(($) =>
      map("IterateThroughOrders", {
        itemsPath: $.orders,
        iterator: (order) => pass("GetOrderDetails", { result: "looked up", resultPath: order.order_num }),
        resultPath: $.order_details,
      }),
    );
    expect(states.IterateThroughOrders).toStrictEqual({
      Type: "Map",
      ItemsPath: "$.orders",
      Iterator: {
        StartAt: "GetOrderDetails",
        States: {
          GetOrderDetails: { Type: "Pass", Result: "looked up", ResultPath: "$.order_num", End: true },
        },
      },
      ResultPath: "$.order_details",
      End: true,
    });
    // Nothing in this flow writes $.orders, and the validator says so.
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.code, f.path])).toEqual([
      [
        "path_never_written",
        "/resources/TestFlow/properties/definition/States/IterateThroughOrders/ItemsPath",
      ],
    ]);
  });
});

describe("Map iterator data", () => {
  const thrown = (build: () => unknown): unknown => {
    try {
      build();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it("refuses a read of the flow's $ while its iterator is built: an iteration sees only its item", () => {
    const error = thrown(() =>
      compileFlow<Data>(($) =>
        map("EachOrder", {
          itemsPath: $.orders,
          iterator: () => pass("Copy", { result: [1], resultPath: $.order_details }),
          resultPath: $.order_details,
        }),
      ),
    );
    expect(error).toBeInstanceOf(DslError);
    expect(error).toMatchObject({
      code: "ref_of_other_machine",
      message:
        "$.order_details is the flow's data, which a Map iterator does not see: inside the iterator $ is the item (put what it needs in the items, e.g. with a jq state before the Map)",
    });
  });

  it("refuses a read of an item by a state around the Map", () => {
    let item: { readonly order_num: unknown } | undefined;
    const error = thrown(() =>
      compileFlow<Data>(($) => {
        const each = map("EachOrder", {
          itemsPath: $.orders,
          iterator: (order) => {
            item = order;
            return succeed("Done");
          },
          resultPath: $.order_details,
        });
        // What a state after the Map would read.
        void item!.order_num;
        return each;
      }),
    );
    expect(error).toMatchObject({
      code: "ref_of_other_machine",
      message: "$.order_num is a Map iterator's item, which the states around the Map do not see",
    });
  });
});

describe("state machines", () => {
  it("list states in creation order, not graph order, including unwired ones", () => {
    const { states, findings } = compileFlow<Data>(() => {
      const last = succeed("Last");
      const first = pass("First");
      pass("Orphan");
      first.next(last);
      return first;
    });
    expect(Object.keys(states)).toEqual(["Last", "First", "Orphan"]);
    expect(findings.map((f) => f.code)).toContain("unreachable_state");
  });

  it("allow loops by object reference", () => {
    const { states } = compileFlow<Data>(($) => {
      const poll = wait("Poll", { seconds: 5 });
      const check = choice("Check");
      poll.next(check);
      check.when(stringEquals($.input.ticket_event.ticket.status, "solved"), succeed("Done")).otherwise(poll);
      return poll;
    });
    expect(states.Check!.Default).toBe("Poll");
    expect(states.Poll!.Next).toBe("Check");
  });

  it("report two different states with one name", () => {
    const { findings } = compileFlow<Data>(() => pass("Same").next(pass("Same")));
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: "duplicate_step_name",
        path: "/resources/TestFlow/properties/definition/States/Same",
      }),
    );
  });
});

describe("Map iterator scope", () => {
  it("reports a transition from an iterator to a state of its flow, at the iterator's pointer", () => {
    const { findings } = compileFlow<Data>(($) => {
      const after = succeed("After");
      const loop = map("Loop", {
        itemsPath: $.input.ticket_event.ticket.tags,
        iterator: () => {
          const inner = pass("Inner");
          inner.next(after);
          return inner;
        },
      });
      loop.next(after);
      return loop;
    });
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.code, f.path])).toContainEqual([
      "transition_out_of_scope",
      "/resources/TestFlow/properties/definition/States/Loop/Iterator/States/After",
    ]);
  });
});
