/**
 * Typed data through the flow: what each state writes at its ResultPath is checked against the type the
 * flow's data declares there. `tsc --noEmit` (part of `npm test`) fails if a `@ts-expect-error` line compiles.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  action,
  choice,
  createLink,
  deleteLink,
  httpAction,
  invoke,
  jq,
  loadConfig,
  loadLinks,
  map,
  pass,
  patchConfig,
  patchLink,
  stringEquals,
  succeed,
  tpl,
  type ActionCall,
  type CaughtError,
  type EventInput,
  type Link,
  type LinkObject,
  type LinkResult,
  type LoadConfigResult,
  type LoadLinksResult,
  type Ref,
  type ResultTarget,
  type Target,
} from "../../src/index.js";
import { pathProxy } from "../../src/dsl/ref.js";
import { compileFlow } from "../support/dsl.js";

interface UserProfileResponse {
  readonly profile: { readonly attributes: { readonly membership?: string } };
}
type TicketThreadLink = Link<
  LinkObject<{ readonly ticket_id: number }>,
  LinkObject<{ readonly channel: string }>
>;
type OtherLink = Link<LinkObject<{ readonly order_id: string }>>;
interface Order {
  readonly id: string;
  readonly total: number;
}
interface Receipt {
  readonly receipt_id: string;
}

interface Data {
  readonly input: EventInput<"sunshine", "activity.UserActivityCreated", { refund_amount: string }>;
  readonly refund_amount_num: number;
  readonly customer: UserProfileResponse;
  readonly link_results: LoadLinksResult<TicketThreadLink>;
  readonly link_response: LinkResult<TicketThreadLink>;
  readonly settings: LoadConfigResult<{ readonly slack_channel: string }>;
  readonly patched: null;
  readonly error: CaughtError;
  readonly retries: { readonly count: number };
  readonly orders: readonly Order[];
  readonly receipts: readonly Receipt[];
  readonly label: string;
}
const $ = pathProxy<Data>();

const getUserProfile = httpAction<{ profile_id: string }, UserProfileResponse>("GetUserProfile", (p) => ({
  method: "GET",
  path: tpl`/api/v2/user_profiles/${p.profile_id}`,
  connectionName: "zendesk",
}));
const profileCall = invoke(getUserProfile, { profile_id: $.input.activity_event.user_activity.profile_id });
const links = { link_type: "ticket_to_slack_thread", left_object_name: "ticket_id:1" } as const;

describe("results written at a ResultPath", () => {
  it("are the type the call declares", () => {
    expectTypeOf(jq<number>(". | tonumber", $.input)).toEqualTypeOf<ActionCall<number>>();
    expectTypeOf(profileCall).toEqualTypeOf<ActionCall<UserProfileResponse>>();
    expectTypeOf(loadLinks<TicketThreadLink>(links)).toEqualTypeOf<
      ActionCall<LoadLinksResult<TicketThreadLink>>
    >();
    expectTypeOf(loadConfig<{ slack_channel: string }>({ scope: "s" })).toEqualTypeOf<
      ActionCall<LoadConfigResult<{ slack_channel: string }>>
    >();
    expectTypeOf(patchConfig({ scope: "s", config: {} })).toEqualTypeOf<ActionCall<null>>();
    expectTypeOf(deleteLink({ link_type: "t", left_object_name: "a", right_object_name: "b" })).toEqualTypeOf<
      ActionCall<null>
    >();
  });

  it("go only where the flow's data declares a type that accepts them", () => {
    action("Convert", jq<number>(".x | tonumber", $.input), { resultPath: $.refund_amount_num });
    // @ts-expect-error: jq declared a string; $.refund_amount_num is a number
    action("Convert", jq<string>(".x", $.input), { resultPath: $.refund_amount_num });

    action("GetUserProfile", profileCall, { resultPath: $.customer });
    // @ts-expect-error: a user profile is not a number
    action("GetUserProfile", profileCall, { resultPath: $.refund_amount_num });

    action("LoadTicketLinks", loadLinks<TicketThreadLink>(links), { resultPath: $.link_results });
    // @ts-expect-error: links of another link type do not fit link_results
    action("LoadTicketLinks", loadLinks<OtherLink>(links), { resultPath: $.link_results });
    // @ts-expect-error: LoadLinks returns { count, links, meta }, not { link }
    action("LoadTicketLinks", loadLinks<TicketThreadLink>(links), { resultPath: $.link_response });

    const linkObjects = { link_type: "t", left_object: { name: "a" }, right_object: { name: "b" } };
    action("Link", createLink<TicketThreadLink>(linkObjects), { resultPath: $.link_response });
    // @ts-expect-error: a link of another type does not fit link_response
    action("Link", createLink<OtherLink>(linkObjects), { resultPath: $.link_response });
    const patch = { link_type: "t", left_object_name: "a", right_object_name: "b" };
    action("Patch", patchLink<TicketThreadLink>(patch), { resultPath: $.link_response });

    action("LoadSettings", loadConfig<{ slack_channel: string }>({ scope: "s" }), { resultPath: $.settings });
    // @ts-expect-error: the stored config's declared shape differs from what the data declares
    action("LoadSettings", loadConfig<{ slack_channel: number }>({ scope: "s" }), { resultPath: $.settings });

    action("Save", patchConfig({ scope: "s", config: {} }), { resultPath: $.patched });
    // @ts-expect-error: PatchConfig writes null, and $.label is a string
    action("Save", patchConfig({ scope: "s", config: {} }), { resultPath: $.label });
  });

  it("make later reads typed by the data they were written to", () => {
    expectTypeOf($.customer.profile.attributes.membership).toExtend<Ref<string | undefined>>();
    expectTypeOf($.link_results.count).toExtend<Ref<number>>();
    expectTypeOf($.link_results.links[0].left_object.name_attrs.ticket_id).toExtend<Ref<number>>();
    expectTypeOf($.settings.config.slack_channel).toExtend<Ref<string>>();
    stringEquals($.customer.profile.attributes.membership, "premium");
    // @ts-expect-error: count is a number
    stringEquals($.link_results.count, "1");
  });

  it("stay unchecked only while the author declares no type (documented gradual typing)", () => {
    expectTypeOf<ResultTarget<unknown>>().toEqualTypeOf<Ref<unknown>>();
    expectTypeOf<ResultTarget<number>>().toEqualTypeOf<Target<number>>();
    expectTypeOf(jq(".", $.input)).toEqualTypeOf<ActionCall<unknown>>();
    expectTypeOf(loadLinks(links)).toEqualTypeOf<ActionCall<unknown>>();
    action("Untyped", jq(".", $.input), { resultPath: $.refund_amount_num });
  });

  it("check a Catch's {Error, Cause}, a Pass's result and a Map's results", () => {
    const failed = succeed("Failed");
    action("GetUserProfile", profileCall).catch(failed, { resultPath: $.error });
    // @ts-expect-error: {Error, Cause} does not fit a string
    action("GetUserProfile", profileCall).catch(failed, { resultPath: $.label });

    pass("InitRetries", { result: { count: 0 }, resultPath: $.retries });
    pass("Label", { result: "premium", resultPath: $.label });
    // @ts-expect-error: count must be a number
    pass("InitRetries", { result: { count: "0" }, resultPath: $.retries });
    // @ts-expect-error: a number is not a string
    pass("Label", { result: 3, resultPath: $.label });

    map("Receipts", {
      itemsPath: $.orders,
      iterator: (order) => {
        expectTypeOf(order.total).toExtend<Ref<number>>();
        // @ts-expect-error: orders have no amount
        void order.amount;
        return succeed("Done");
      },
      resultPath: $.orders,
    });
    map<Order, Receipt>("Receipts", {
      itemsPath: $.orders,
      iterator: () => succeed("Done"),
      resultPath: $.receipts,
    });
    map<Order, Receipt>("Receipts", {
      itemsPath: $.orders,
      iterator: () => succeed("Done"),
      // @ts-expect-error: receipts are not orders
      resultPath: $.orders,
    });
    // @ts-expect-error: ItemsPath must be an array
    map("Receipts", { itemsPath: $.label, iterator: () => succeed("Done") });
  });
});

describe("custom action parameters", () => {
  it("are exactly the ones the action declares", () => {
    const profileId = $.input.activity_event.user_activity.profile_id;
    // @ts-expect-error: profile_id is missing
    invoke(getUserProfile, {});
    // @ts-expect-error: the action takes no order_id
    invoke(getUserProfile, { profile_id: profileId, order_id: "o-1" });
    // @ts-expect-error: a number where the action uses a string
    invoke(getUserProfile, { profile_id: $.refund_amount_num });
    // @ts-expect-error: the definition may only reference declared parameters
    httpAction<{ profile_id: string }>("Get", (p) => ({ method: "GET", path: tpl`/users/${p.user_id}` }));
  });
});

describe("reading a path no state writes", () => {
  it("does not compile when the data does not declare it", () => {
    // @ts-expect-error: the data declares customer, not custmer
    void $.custmer.profile;
  });

  it("is an error of the build when the data declares it but no state writes it", () => {
    const { findings } = compileFlow<Data>(($) => {
      const convert = action("Convert", jq<number>(".x | tonumber", $.input), {
        resultPath: $.refund_amount_num,
      });
      convert.next(
        choice("CheckMembership")
          .when(stringEquals($.customer.profile.attributes.membership, "premium"), succeed("Premium"))
          .otherwise(succeed("Basic")),
      );
      return convert;
    });
    expect(findings.filter((f) => f.severity === "error").map((f) => [f.code, f.path])).toEqual([
      [
        "path_never_written",
        "/resources/TestFlow/properties/definition/States/CheckMembership/Choices/0/Variable",
      ],
    ]);
  });
});
