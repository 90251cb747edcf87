import { describe, expect, it } from "vitest";
import { compileBundle } from "zisflow";
import { installMatchers, runFlow } from "zisflow/testing";
import commentAdded from "../events/ticket-comment-added.json";
import definition from "../flows/tag-customer-replies.js";
// What the Zendesk API answers, as `zisflow run --mocks` takes it too.
import mocks from "../mocks/tag-customer-replies.json";

installMatchers(expect);

// The bundle JSON exactly as `npm run build` writes it; tests run the JSON, as ZIS would.
const { bundle, findings } = compileBundle(definition);

describe("tag-customer-replies", () => {
  it("compiles to the bundle JSON in the snapshot, without findings", () => {
    expect(findings).toEqual([]);
    expect(bundle).toMatchSnapshot();
  });

  it("tags the ticket when its customer comments in public", async () => {
    const result = await runFlow(bundle, { input: commentAdded, subdomain: "acme", mocks });
    expect(result).toHaveSucceeded();
    expect(result).toHaveVisited(["IsCustomerReply", "TagTicket", "Done"]);
    expect(result).toHaveSentRequests([
      {
        method: "PUT",
        url: "https://acme.zendesk.com/api/v2/tickets/4711/tags",
        body: { tags: ["customer_replied"] },
      },
    ]);
    expect(result).toHaveOutputAt("$.tagged.tags", ["billing", "customer_replied"]);
  });

  it("leaves an agent's comment alone", async () => {
    const agentComment = structuredClone(commentAdded);
    agentComment.ticket_event.comment.author.is_staff = true;
    const result = await runFlow(bundle, { input: agentComment });
    expect(result).toHaveSucceeded();
    expect(result).toHaveVisited(["IsCustomerReply", "Done"]);
    expect(result.requests).toEqual([]);
  });
});
