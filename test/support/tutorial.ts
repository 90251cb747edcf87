import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./shared.js";

/** The compiled tutorial bundle, as `npm run build` writes it to dist-bundles/. */
export const TUTORIAL_BUNDLE_FILE = path.join(ROOT, "dist-bundles/my_zis_bundle.json");

export function tutorialBundleJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(TUTORIAL_BUNDLE_FILE, "utf8")) as Record<string, unknown>;
}

/** The `$.input` a User Activity Created event carries for an Events API request like the tutorial's. */
export function activityEvent(
  type: string,
  properties: { order_id: string; refund_amount: string },
  profileId = "01HPROFILE",
) {
  return {
    activity_event: {
      meta: { occurred_at: "2026-11-23T10:00:00Z", ref: "1-1234567890", version: "1.0" },
      type: "User Activity Created",
      user_activity: {
        id: "01HACTIVITY",
        type,
        source: "online_order",
        user_id: 388200000001,
        profile_id: profileId,
        properties,
        created_at: "2026-11-23T10:00:00Z",
      },
    },
  };
}

/** What GET /api/v2/user_profiles/{id} answers for a customer of the given membership. */
export const profileResponse = (membership: string) => ({
  status: 200,
  body: { profile: { id: "01HPROFILE", attributes: { membership }, name: "Jane Doe" } },
});

/**
 * The Events API request body of one of the tutorial's curl commands (with example.com addresses: the
 * tutorial's are obfuscated).
 */
export function tutorialRefundEvent(
  orderId: string,
  amount: string,
  name: string,
  membership: string,
  email: string,
) {
  return {
    event: {
      source: "online_order",
      type: "refund_request",
      properties: { order_id: orderId, refund_amount: amount },
    },
    profile: {
      name,
      source: "acme_store",
      type: "customer",
      attributes: { membership },
      identifiers: [{ type: "email", value: email }],
    },
  };
}
