import { beforeAll, describe, expect, it } from "vitest";
import { HarnessError } from "../../src/interpreter/errors.js";
import { installMatchers, runFlow, type RunOptions } from "../../src/testing/index.js";
import { activityEvent, profileResponse, tutorialBundleJson } from "../support/tutorial.js";

installMatchers(expect);

/** The compiled tutorial bundle, as `npm run build` writes it. */
const bundle = tutorialBundleJson();

const run = (input: unknown, http: NonNullable<RunOptions["mocks"]>["http"]) =>
  runFlow(bundle, { input, subdomain: "acme", mocks: { http } });

describe("the tutorial's refund flow, run from dist-bundles/my_zis_bundle.json", () => {
  beforeAll(() => {
    expect(bundle.name).toBe("Example ZIS integration for custom activity events");
  });

  it("$100.00 basic: one POST to the external target, nothing else", async () => {
    const result = await run(activityEvent("refund_request", { order_id: "789", refund_amount: "100.00" }), [
      {
        match: { action: "InitiateRefund", method: "POST", url: "EXTERNAL_TARGET_URL" },
        response: { status: 200, body: { ok: true } },
      },
    ]);
    expect(result).toHaveSucceeded();
    expect(result).toHaveVisited([
      "CheckEventSourceAndType",
      "ConvertRefundAmountToNum",
      "CheckRefundAmount",
      "InitiateRefund",
      "Finish",
    ]);
    expect(result).toHaveSentRequests([
      {
        action: "InitiateRefund",
        method: "POST",
        url: "EXTERNAL_TARGET_URL",
        body: { order_id: "789", refund_amount: "100.00", user_profile_id: "01HPROFILE" },
      },
    ]);
    const converted = result.trace.find((entry) => entry.state === "ConvertRefundAmountToNum")!;
    expect((converted.output as { refund_amount_num: unknown }).refund_amount_num).toBe(100);
    // InitiateRefund has no ResultPath, so its response replaces the whole flow data (ASL's default).
    expect(result.output).toEqual({ ok: true });
  });

  it("$200.00 premium: GET the profile, then the refund POST", async () => {
    const result = await run(activityEvent("refund_request", { order_id: "456", refund_amount: "200.00" }), [
      { match: { action: "GetUserProfile" }, response: profileResponse("premium") },
      { match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } },
    ]);
    expect(result).toHaveVisited([
      "CheckEventSourceAndType",
      "ConvertRefundAmountToNum",
      "CheckRefundAmount",
      "GetUserProfile",
      "CheckForPremiumMembership",
      "InitiateRefund",
      "Finish",
    ]);
    expect(result).toHaveSentRequests([
      { method: "GET", url: "https://acme.zendesk.com/api/v2/user_profiles/01HPROFILE", body: undefined },
      {
        method: "POST",
        url: "EXTERNAL_TARGET_URL",
        body: { order_id: "456", refund_amount: "200.00", user_profile_id: "01HPROFILE" },
      },
    ]);
    expect(result.requests[0]!.connection).toBe("zendesk");
  });

  it("$200.00 basic: POST /api/v2/tickets.json with the tutorial's subject and comment", async () => {
    const result = await run(activityEvent("refund_request", { order_id: "123", refund_amount: "200.00" }), [
      { match: { action: "GetUserProfile" }, response: profileResponse("basic") },
      {
        match: {
          action: "CreateZendeskTicket",
          method: "POST",
          url: "https://acme.zendesk.com/api/v2/tickets.json",
        },
        response: { status: 201, body: { ticket: { id: 75 } } },
      },
    ]);
    expect(result).toHaveSucceeded();
    expect(result).toHaveSentRequest({
      method: "POST",
      url: "https://acme.zendesk.com/api/v2/tickets.json",
      headers: { "Content-Type": "application/json" },
      body: {
        ticket: {
          subject: "Refund request for order 123",
          comment: { body: "Hi,\n I'm requesting a $200.00 refund for order 123." },
          requester_id: 388200000001,
        },
      },
    });
    expect(result.states.at(-2)).toBe("CreateZendeskTicket");
  });

  it("a non-refund event touches nothing", async () => {
    const result = await run(activityEvent("page_view", { order_id: "1", refund_amount: "5.00" }), []);
    expect(result).toHaveSucceeded();
    expect(result).toHaveVisited(["CheckEventSourceAndType", "Finish"]);
    expect(result.requests).toEqual([]);
    expect(result.log).toBe("Execution Successful");
  });

  it("fails the flow with the documented Cause when the refund API answers 500", async () => {
    const result = await run(activityEvent("refund_request", { order_id: "789", refund_amount: "10.00" }), [
      { match: { action: "InitiateRefund" }, response: { status: 500, body: "oops" } },
    ]);
    expect(result).toHaveFailedWith({
      Error: "States.TaskFailed",
      Cause: "external action failed due to status code: 500",
    });
    expect(result.states.at(-1)).toBe("InitiateRefund");
  });

  it("stops with a harness error naming a request no mock answers, carrying the trace until then", async () => {
    const error = await run(
      activityEvent("refund_request", { order_id: "789", refund_amount: "10.00" }),
      [],
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toMatch(
      /no mock answers POST EXTERNAL_TARGET_URL \(action InitiateRefund\)/,
    );
    const trace = (error as HarnessError).trace!;
    expect(trace.map((entry) => entry.state)).toEqual([
      "CheckEventSourceAndType",
      "ConvertRefundAmountToNum",
      "CheckRefundAmount",
      "InitiateRefund",
    ]);
    // The request nothing answered: sent, without a status.
    expect(trace.at(-1)!.requests.map((r) => r.url)).toEqual(["EXTERNAL_TARGET_URL"]);
    expect(trace.at(-1)!.statuses).toEqual([]);
  });
});
