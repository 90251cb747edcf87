import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import refundBundle from "../../flows/refund-requests.js";
import { formatBundleJson } from "../../src/project/index.js";
import { compileBundle } from "../../src/compiler/compile.js";
import { validateBundle } from "../../src/compiler/validate.js";
import { ROOT, SHARED_AVAILABLE, SHARED_SKIP_REASON, tutorialBundle } from "../support/shared.js";

describe.skipIf(!SHARED_AVAILABLE)(`the seed tutorial's bundle${SHARED_SKIP_REASON}`, () => {
  it("compiles to step 9 of the tutorial: same values, same key order everywhere", () => {
    const { bundle } = compileBundle(refundBundle);
    expect(JSON.stringify(bundle)).toBe(JSON.stringify(tutorialBundle()));
  });

  it("is what dist-bundles/my_zis_bundle.json holds", () => {
    const text = readFileSync(path.join(ROOT, "dist-bundles/my_zis_bundle.json"), "utf8");
    expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(tutorialBundle()));
  });
});

describe("building the tutorial bundle", () => {
  it("keeps the tutorial's placeholders when no parameters are given", async () => {
    const { bundle, findings } = compileBundle(refundBundle);
    const text = await formatBundleJson(bundle);
    expect(text).toContain('"ActionName": "zis:INTEGRATION:action:GetUserProfile"');
    expect(text).toContain('"flow_name": "zis:INTEGRATION:flow:RefundRequestFlow"');
    expect(text).toContain('"url": "EXTERNAL_TARGET_URL"');
    // The url is param("EXTERNAL_TARGET_URL") without a value: a build parameter, not a url to warn about.
    expect(findings).toEqual([]);
  });

  it("checks the url a build parameter's value gives it: not absolute, it is an error", () => {
    const { findings } = compileBundle(refundBundle, {
      params: { EXTERNAL_TARGET_URL: "refunds.example.com" },
    });
    expect(findings).toEqual([
      {
        code: "url_parameter_not_absolute",
        severity: "error",
        path: "/resources/InitiateRefund/properties/definition/url",
        data: { url: "refunds.example.com", parameters: ["EXTERNAL_TARGET_URL"] },
      },
    ]);
  });

  it("still warns about the placeholder in the built JSON, which no longer says it is a parameter", async () => {
    const { bundle } = compileBundle(refundBundle);
    expect(validateBundle(bundle).map((f) => `${f.severity} ${f.code} ${f.path}`)).toEqual([
      "warning url_not_absolute /resources/InitiateRefund/properties/definition/url",
    ]);
  });

  it("fills in the integration key and build parameters", async () => {
    const { bundle, findings, params } = compileBundle(refundBundle, {
      integration: "acme_refunds",
      params: { EXTERNAL_TARGET_URL: "https://refunds.example.com/start" },
    });
    const text = await formatBundleJson(bundle);
    expect(text).toContain('"ActionName": "zis:acme_refunds:action:CreateZendeskTicket"');
    expect(text).toContain('"flow_name": "zis:acme_refunds:flow:RefundRequestFlow"');
    expect(text).toContain('"url": "https://refunds.example.com/start"');
    expect(text).not.toContain("INTEGRATION");
    expect(findings).toEqual([]);
    expect([...params]).toEqual(["EXTERNAL_TARGET_URL"]);
  });

  it("renders the ticket comment with a literal $ before the placeholder and a real newline", () => {
    const { bundle } = compileBundle(refundBundle);
    const states = (bundle as any).resources.RefundRequestFlow.properties.definition.States;
    expect(states.CreateZendeskTicket.Parameters["comment_body.$"]).toBe(
      "Hi,\n I'm requesting a ${{$.input.activity_event.user_activity.properties.refund_amount}} refund for order {{$.input.activity_event.user_activity.properties.order_id}}.",
    );
  });

  it("is byte-for-byte deterministic", async () => {
    const first = await formatBundleJson(compileBundle(refundBundle).bundle);
    const second = await formatBundleJson(compileBundle(refundBundle).bundle);
    expect(second).toBe(first);
  });
});
