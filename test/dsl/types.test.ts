/**
 * Type-level tests: `tsc --noEmit` (part of `npm test`) fails if a `@ts-expect-error` line compiles.
 */
import { describe, expectTypeOf, it } from "vitest";
import {
  action,
  booleanEquals,
  flow,
  httpAction,
  invoke,
  jobSpec,
  numericLessThanEquals,
  pass,
  stringEquals,
  succeed,
  type PathProxy,
  type Ref,
  type UserActivityCreatedInput,
} from "../../src/index.js";
import { pathProxy } from "../../src/dsl/ref.js";

interface Data {
  input: UserActivityCreatedInput<{ order_id: string; refund_amount: string }>;
  refund_amount_num: number;
  links: { count: number; items: { name: string }[] };
}
const $ = pathProxy<Data & { account_id: number }>();

describe("typed paths", () => {
  it("carry the type of the value they point at", () => {
    expectTypeOf($.input.activity_event.user_activity.type).toExtend<Ref<string>>();
    expectTypeOf($.refund_amount_num).toExtend<Ref<number>>();
    expectTypeOf($.links.items[0].name).toExtend<Ref<string>>();
    expectTypeOf($.input.activity_event.user_activity.properties.order_id).toExtend<Ref<string>>();
  });

  it("reject unknown keys and operands of the wrong type", () => {
    // @ts-expect-error: no such key on user_activity
    void $.input.activity_event.user_activity.typo;
    // @ts-expect-error: a string path cannot go into a numeric comparison
    numericLessThanEquals($.input.activity_event.user_activity.type, 100);
    // @ts-expect-error: a number path cannot go into a string comparison
    stringEquals($.refund_amount_num, "100");
    // @ts-expect-error: the operand must be a number for numeric comparisons
    numericLessThanEquals($.refund_amount_num, "100");
    // @ts-expect-error: BooleanEquals needs a boolean path
    booleanEquals($.links.count, true);
    expectTypeOf(stringEquals($.input.activity_event.user_activity.type, "refund_request")).not.toBeAny();
  });

  it("check custom action parameters against the action's declared type", () => {
    const getProfile = httpAction<{ profile_id: string }>("GetUserProfile", (p) => {
      expectTypeOf(p).toEqualTypeOf<PathProxy<{ profile_id: string }>>();
      return { method: "GET", path: "/x", connectionName: "zendesk" };
    });
    invoke(getProfile, { profile_id: $.input.activity_event.user_activity.profile_id });
    // @ts-expect-error: profile_id is missing
    invoke(getProfile, {});
    // @ts-expect-error: a number path where a string is declared
    invoke(getProfile, { profile_id: $.refund_amount_num });
    const setFlag = httpAction<{ public: boolean; count: number; note: string | null }>("SetFlag", () => ({
      method: "PUT",
      url: "https://x.test/",
    }));
    const flags = pathProxy<{ on: boolean; n: number; maybe: string | null }>();
    invoke(setFlag, { public: flags.on, count: flags.n, note: flags.maybe });
    invoke(setFlag, { public: false, count: 3, note: null });
    // @ts-expect-error: a number path where a boolean is declared
    invoke(setFlag, { public: flags.n, count: 3, note: null });
  });

  it("make job specs take a flow object, not a name", () => {
    const f = flow<Data>("F", () => succeed("Done"));
    jobSpec("J", { event_source: "sunshine", event_type: "activity.UserActivityCreated", flow: f });
    // @ts-expect-error: a string is not a flow
    jobSpec("J", { event_source: "sunshine", event_type: "activity.UserActivityCreated", flow: "F" });
    // @ts-expect-error: a flow's data must declare its input
    flow<{ other: string }>("G", () => pass("P"));
    const call = invoke(
      httpAction("X", () => ({ method: "GET", url: "https://x" })),
      {},
    );
    // @ts-expect-error: resultPath takes a path, not a string
    action("A", call, { resultPath: "$.x" });
  });
});
