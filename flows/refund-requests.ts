/**
 * The seed tutorial's bundle: route refund requests sent as user activity events through the Events API.
 * Builds to dist-bundles/my_zis_bundle.json, identical to the tutorial's step 9.
 */
import {
  action,
  bundle,
  choice,
  flow,
  httpAction,
  invoke,
  jobSpec,
  jq,
  numericLessThanEquals,
  param,
  stringEquals,
  succeed,
  tpl,
  type EventInput,
} from "zisflow";

/** What the store sends as the refund_request activity's properties. */
interface RefundRequestProperties {
  readonly order_id: string;
  readonly refund_amount: string;
}

/** The part of GET /api/v2/user_profiles/{id} the flow reads. */
interface UserProfileResponse {
  readonly profile: { readonly attributes: { readonly membership?: string } };
}

const getUserProfile = httpAction<{ profile_id: string }, UserProfileResponse>("GetUserProfile", ($) => ({
  method: "GET",
  path: tpl`/api/v2/user_profiles/${$.profile_id}`,
  connectionName: "zendesk",
}));

const createZendeskTicket = httpAction<{ subject: string; comment_body: string; requester_id: number }>(
  "CreateZendeskTicket",
  ($) => ({
    method: "POST",
    path: tpl`/api/v2/tickets.json`,
    connectionName: "zendesk",
    headers: { "Content-Type": "application/json" },
    requestBody: {
      ticket: {
        subject: $.subject,
        comment: { body: $.comment_body },
        requester_id: $.requester_id,
      },
    },
  }),
);

const initiateRefund = httpAction<{ order_id: string; refund_amount: string; profile_id: string }>(
  "InitiateRefund",
  ($) => ({
    method: "POST",
    url: param("EXTERNAL_TARGET_URL"),
    requestBody: {
      order_id: $.order_id,
      refund_amount: $.refund_amount,
      user_profile_id: $.profile_id,
    },
  }),
);

interface RefundFlowData {
  readonly input: EventInput<"sunshine", "activity.UserActivityCreated", RefundRequestProperties>;
  readonly refund_amount_num: number;
  readonly customer: UserProfileResponse;
}

export const refundRequestFlow = flow<RefundFlowData>("RefundRequestFlow", ($) => {
  const activity = $.input.activity_event.user_activity;

  const checkEventSourceAndType = choice("CheckEventSourceAndType");
  const convertRefundAmountToNum = action(
    "ConvertRefundAmountToNum",
    jq<number>(".activity_event.user_activity.properties.refund_amount | tonumber", $.input),
    { resultPath: $.refund_amount_num },
  );
  const checkRefundAmount = choice("CheckRefundAmount");
  const getProfile = action("GetUserProfile", invoke(getUserProfile, { profile_id: activity.profile_id }), {
    resultPath: $.customer,
  });
  const checkForPremiumMembership = choice("CheckForPremiumMembership");
  const createTicket = action(
    "CreateZendeskTicket",
    invoke(createZendeskTicket, {
      subject: tpl`Refund request for order ${activity.properties.order_id}`,
      comment_body: tpl`Hi,\n I'm requesting a $${activity.properties.refund_amount} refund for order ${activity.properties.order_id}.`,
      requester_id: activity.user_id,
    }),
  );
  const refund = action(
    "InitiateRefund",
    invoke(initiateRefund, {
      order_id: activity.properties.order_id,
      refund_amount: activity.properties.refund_amount,
      profile_id: activity.profile_id,
    }),
  );
  const finish = succeed("Finish");

  checkEventSourceAndType
    .when(stringEquals(activity.type, "refund_request"), convertRefundAmountToNum)
    .otherwise(finish);
  convertRefundAmountToNum.next(checkRefundAmount);
  checkRefundAmount.when(numericLessThanEquals($.refund_amount_num, 100), refund).otherwise(getProfile);
  getProfile.next(checkForPremiumMembership);
  checkForPremiumMembership
    .when(stringEquals($.customer.profile.attributes.membership, "premium"), refund)
    .otherwise(createTicket);
  createTicket.next(finish);
  refund.next(finish);
  return checkEventSourceAndType;
});

export const refundRequestJobSpec = jobSpec("RefundRequestJobSpec", {
  event_source: "sunshine",
  event_type: "activity.UserActivityCreated",
  flow: refundRequestFlow,
});

export default bundle({
  name: "Example ZIS integration for custom activity events",
  description: "Approve and route refund requests",
  fileName: "my_zis_bundle.json",
  jobSpecs: [refundRequestJobSpec],
});
