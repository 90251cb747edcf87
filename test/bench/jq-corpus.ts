/**
 * Jq programs of the corpus bundles (read from ../shared in place, by bundle and state) with an input each that
 * makes the program succeed, for `npm run bench`: jq_corpus_median_us and jq_corpus_slowest_us.
 */
import { readFileSync } from "node:fs";
import { CORPUS_DIR } from "../support/shared.js";

export interface CorpusProgram {
  readonly bundle: string;
  readonly state: string;
  readonly input: unknown;
}

const auditEvents = {
  ticket_audits: {
    audits: [
      { events: [{ type: "Comment", value: null }] },
      { events: [{ type: "ChatStartedEvent", value: { conversation_id: "conv-1" } }] },
    ],
  },
};

export const CORPUS_PROGRAMS: readonly CorpusProgram[] = [
  {
    bundle: "cxe-config-sync-generated.json",
    state: "ParseJob",
    input: {
      custom_object_event: {
        custom_object_record: {
          custom_object_key: "job",
          custom_object_fields: {
            cxe_job_client_id: 7,
            cxe_job_run_id: "r1",
            cxe_job_scope: "all",
            cxe_job_key: "k",
            cxe_job_root: "/",
            cxe_job_url: "https://example.com",
          },
        },
      },
    },
  },
  {
    bundle: "cxe-config-sync-generated.json",
    state: "MinimiseHealthTickets",
    input: {
      tickets: [{ id: 1, created_at: "2026-12-01", status: "open", via: { channel: "web" } }],
      metric_sets: [{ ticket_id: 1, replies: 2, reply_time_in_minutes: { calendar: 5 } }],
      end_of_stream: false,
    },
  },
  {
    bundle: "tsanet-connect-early.json",
    state: "TransformForUpdate",
    input: { collab: { status: "ACCEPTED", respondBy: "2026-12-01T10:00:00Z" } },
  },
  {
    bundle: "tsanet-connect.json",
    state: "BuildSubmitter",
    input: {
      collab: {
        customFields: [
          { displayOrder: "2", fieldName: "Case", value: " 123 " },
          { displayOrder: 1, fieldName: "Priority", value: "High" },
          { displayOrder: 3, fieldName: "Empty", value: "  " },
        ],
        submitterContactDetails: { name: "Jane", email: "jane@example.com" },
      },
    },
  },
  {
    bundle: "tsanet-connect.json",
    state: "TransformForUpdate",
    input: {
      collab: { status: "OPEN", respondBy: "2026-12-02T10:00:00Z", receiveCompanyName: "Acme" },
      zd: { ticket: { tags: ["b", "a"], updated_at: "2026-12-01T00:00:00Z" } },
    },
  },
  {
    bundle: "tsanet-connect.json",
    state: "Extract",
    input: {
      zd: {
        ticket: {
          id: 42,
          custom_fields: [
            { id: 1234567890, value: "token" },
            { id: 1234567895, value: "a note" },
          ],
        },
      },
    },
  },
  {
    bundle: "zwm-genesys-etg-sample-workflow-2.json",
    state: "004.Transform.GetConversationIdFromAudits",
    input: auditEvents,
  },
  {
    bundle: "zwm-genesys-etg-sample-workflow-2.json",
    state: "004.Transform.CheckFireTagsPresent",
    input: { input: { ticket_event: { tags_added: ["vip", "x"] } }, config: { fire_tags: ["vip", "fire"] } },
  },
  {
    bundle: "zwm-genesys-etg-sample-workflow-2.json",
    state: "008.Transform.GetAgenNewStatus",
    input: {
      input: { event: { new_unified_state: { id: "away" } } },
      config: {
        zd2genesys_status_map: [
          { zdid: "online", genesysid: "g1" },
          { zdid: "away", genesysid: "g2" },
        ],
      },
    },
  },
  {
    bundle: "zwm-genesys-etg-sample-workflow-2.json",
    state: "021.Transform.LogDone",
    input: { logger: "start", is_messaging_tag_present: "true" },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.GetLastAudit",
    input: {
      ticket_audit: {
        audits: [
          { via: { channel: "web" } },
          {
            via: {
              channel: "email",
              source: { to: { email_ccs: ["a@example.com"], address: "s@example.com" } },
            },
          },
        ],
      },
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.RemoveMainRecipient",
    input: {
      main_ticket: { ticket: { recipient: "s@example.com" } },
      emails: ["s@example.com", "a@example.com"],
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.CompareCcsWithRecipientAddresses",
    input: {
      emails: ["a@example.com"],
      recipients: { recipient_addresses: [{ email: "a@example.com" }, { email: "b@example.com" }] },
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.CreateListOfAttachmentLinks",
    input: {
      last_comment: {
        attachments: [
          { content_url: "https://example.com/1", file_name: "a.png" },
          { content_url: "https://example.com/2", file_name: "b.pdf" },
        ],
      },
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.RemoveAttributesFromMainTicketObject",
    input: {
      id: 1,
      url: "u",
      via: { channel: "email", source: {} },
      created_at: "c",
      updated_at: "u",
      raw_subject: "r",
      description: "d",
      fields: [],
      subject: "s",
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.StoreOutsideInformationInsideRecipientEmails",
    input: {
      recipient_addresses: [{ email: "a@example.com" }, { email: "b@example.com" }],
      connections: { zendesk: { access_token: "t" } },
      main_ticket: { ticket: { id: 1 } },
      private_comment_html: "<p>x</p>",
      full_email_link: "<a>l</a>",
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Map.LoopListOfRecipientEmails/Transform.IncludeTicketCommentHtml",
    input: {
      last_comment: { html_body: "<p>hi</p>", author_id: 5, public: false },
      main_ticket: { ticket: { id: 1, subject: "s" } },
    },
  },
  {
    bundle: "surveysparrow-survey-link.json",
    state: "BuildSurveyLink",
    input: {
      requester_result: { user: { phone: "+1555", external_id: null } },
      input: { ticket_event: { ticket: { id: 9 } } },
    },
  },
  {
    bundle: "zwm-postman-sample-bundle.json",
    state: "Transform.CheckMapResponseErrors",
    input: {
      recipient_addresses_response: [{ error_map_response: null }, { error_map_response: { code: 1 } }],
    },
  },
  {
    bundle: "zwm-genesys-etg-sample-workflow-2.json",
    state: "001.Transform.CheckNewTagPresent",
    input: { input: { ticket_event: { tags_added: ["a"] } } },
  },
];

/** The `expr` of a Jq action state of a corpus bundle (`Map/Inner` names a state of a Map's iterator). */
export function corpusProgram({ bundle, state }: CorpusProgram): string {
  const json = JSON.parse(readFileSync(`${CORPUS_DIR}/${bundle}`, "utf8")) as {
    resources: Record<
      string,
      { type: string; properties: { definition?: { States: Record<string, unknown> } } }
    >;
  };
  const [first, ...rest] = state.split("/");
  for (const resource of Object.values(json.resources)) {
    if (resource.type !== "ZIS::Flow") continue;
    let states = resource.properties.definition?.States ?? {};
    let found = states[first!] as
      { Iterator?: { States: Record<string, unknown> }; Parameters?: { expr?: string } } | undefined;
    for (const name of rest) {
      states = found?.Iterator?.States ?? {};
      found = states[name] as typeof found;
    }
    const expr = found?.Parameters?.expr;
    if (typeof expr === "string") return expr;
  }
  throw new Error(`${bundle}: no Jq state ${state}`);
}
