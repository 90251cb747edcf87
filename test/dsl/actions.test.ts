import { describe, expect, it } from "vitest";
import {
  action,
  createLink,
  deleteLink,
  httpAction,
  invoke,
  jq,
  loadConfig,
  loadLinks,
  param,
  patchConfig,
  patchLink,
  raw,
  tpl,
  integrationKey,
  type TicketEventInput,
} from "../../src/index.js";
import { compileFlow } from "../support/dsl.js";

interface Data {
  input: TicketEventInput;
  config_result: { config: { channel: string } };
  links: unknown;
  response: unknown;
  settings: { first: string; last: string };
}

describe("custom HTTP actions", () => {
  it("render their definition in documented field order, with .$ where values are dynamic", () => {
    const postMessage = httpAction<{ ticket_id: number; text: string; token: string }>(
      "external_api.post_message",
      ($) => ({
        method: "POST",
        path: tpl`/api/v2/tickets/${$.ticket_id}/comments`,
        connectionName: "zendesk",
        headers: {
          Accept: "application/json",
          Authorization: tpl`Bearer ${$.token}`,
          "X-Ticket": $.ticket_id,
        },
        queryParams: { include: "users" },
        requestBody: { comment: { body: $.text, public: false }, tags: ["zis", "refund"] },
      }),
    );
    const { resources, findings } = compileFlow<Data>(($) =>
      action(
        "Post",
        invoke(postMessage, {
          ticket_id: $.input.ticket_event.ticket.id,
          text: tpl`Ticket ${$.input.ticket_event.ticket.id} is ${$.input.ticket_event.ticket.status}`,
          token: "secret",
        }),
        { resultPath: $.response },
      ),
    );
    expect(resources["external_api.post_message"]).toStrictEqual({
      type: "ZIS::Action::Http",
      properties: {
        name: "external_api.post_message",
        definition: {
          method: "POST",
          "path.$": "/api/v2/tickets/{{$.ticket_id}}/comments",
          connectionName: "zendesk",
          headers: [
            { key: "Accept", value: "application/json" },
            { key: "Authorization", "value.$": "Bearer {{$.token}}" },
            { key: "X-Ticket", "value.$": "$.ticket_id" },
          ],
          queryParams: [{ key: "include", value: "users" }],
          requestBody: { comment: { "body.$": "$.text", public: false }, tags: ["zis", "refund"] },
        },
      },
    });
    expect((resources.TestFlow as any).properties.definition.States.Post).toStrictEqual({
      Type: "Action",
      ActionName: "zis:INTEGRATION:action:external_api.post_message",
      Parameters: {
        "ticket_id.$": "$.input.ticket_event.ticket.id",
        "text.$": "Ticket {{$.input.ticket_event.ticket.id}} is {{$.input.ticket_event.ticket.status}}",
        token: "secret",
      },
      ResultPath: "$.response",
      End: true,
    });
    expect(findings.map((f) => f.code)).toEqual(["action_name_format"]);
  });

  it("can send a whole body from a path (requestBody.$) and take the URL from a build parameter", () => {
    const forward = httpAction<{ body: object }>("Forward", ($) => ({
      method: "PUT",
      url: param("TARGET_URL"),
      requestBody: $.body,
    }));
    const { resources } = compileFlow<Data>(($) => action("F", invoke(forward, { body: $.input })), {
      params: { TARGET_URL: "https://example.com/hook" },
    });
    expect((resources.Forward as any).properties.definition).toStrictEqual({
      method: "PUT",
      url: "https://example.com/hook",
      "requestBody.$": "$.body",
    });
  });
});

describe("built-in actions", () => {
  const parametersOf = (states: Record<string, any>, name: string) => [
    states[name].ActionName,
    states[name].Parameters,
  ];

  it("Jq takes an expression and a path, an object or a JSON string as data", () => {
    const { states } = compileFlow<Data>(($) => {
      const a = action("FromPath", jq(".ticket_event.ticket.id", $.input));
      a.next(
        action(
          "FromObject",
          jq(tpl`.[] | select(. == "${$.input.ticket_event.ticket.status}")`, {
            id: $.input.ticket_event.ticket.id,
          }),
        ),
      ).next(action("FromString", jq(".a", '{"a": 1}')));
      return a;
    });
    expect(parametersOf(states, "FromPath")).toEqual([
      "zis:common:transform:Jq",
      { expr: ".ticket_event.ticket.id", "data.$": "$.input" },
    ]);
    expect(parametersOf(states, "FromObject")).toEqual([
      "zis:common:transform:Jq",
      {
        "expr.$": '.[] | select(. == "{{$.input.ticket_event.ticket.status}}")',
        data: { "id.$": "$.input.ticket_event.ticket.id" },
      },
    ]);
    expect(parametersOf(states, "FromString")).toEqual([
      "zis:common:transform:Jq",
      { expr: ".a", data: '{"a": 1}' },
    ]);
  });

  it("LoadConfig and PatchConfig take a scope (often templated) and a config", () => {
    const { states } = compileFlow<Data>(($) => {
      const load = action("Load", loadConfig({ scope: tpl`${integrationKey}:{{settings}}` }), {
        resultPath: $.config_result,
      });
      load.next(
        action(
          "Patch",
          patchConfig({
            scope: tpl`my-integration:${$.account_id}/name`,
            config: { name: { firstname: $.settings.first, lastname: $.settings.last } },
          }),
        ),
      );
      return load;
    });
    expect(parametersOf(states, "Load")).toEqual([
      "zis:common:action:LoadConfig",
      { "scope.$": "INTEGRATION:{{settings}}" },
    ]);
    expect(parametersOf(states, "Patch")).toEqual([
      "zis:common:action:PatchConfig",
      {
        "scope.$": "my-integration:{{$.account_id}}/name",
        config: { name: { "firstname.$": "$.settings.first", "lastname.$": "$.settings.last" } },
      },
    ]);
  });

  it("the link actions take every parameter the links seed shows", () => {
    const ticketId = tpl`ticket_id:{{$.input.ticket_event.ticket.id}}`;
    const { states } = compileFlow<Data>(($) => {
      const create = action(
        "Create",
        createLink({
          link_type: "ticket_to_message_link",
          left_object: { name: tpl`ticket_id:${$.input.ticket_event.ticket.id}` },
          right_object: {
            name: tpl`channel:${$.settings.first}/thread_ts:${$.settings.last}`,
            metadata: { team_name: $.settings.first, fixed: raw({ "kept.$": "as is" }) },
          },
        }),
      );
      create
        .next(
          action(
            "Load",
            loadLinks({
              link_type: "ticket_to_message_link",
              left_object_name: "ticket_id:*",
              page_size: 30,
              page_after_cursor: "01GYCRPVNTTQXZ1Y14Y9YE02QQ",
            }),
            { resultPath: $.links },
          ),
        )
        .next(
          action(
            "Back",
            loadLinks({
              link_type: "ticket_to_message_link",
              right_object_name: ticketId,
              page_before_cursor: "01GYCS199Q6SPGXARSQK6ZVKR0",
            }),
            { resultPath: $.links },
          ),
        )
        .next(
          action(
            "Patch",
            patchLink({
              link_type: "ticket_to_message_link",
              left_object_name: "ticket_id:1",
              right_object_name: "channel:a/thread_ts:1",
              right_object: {
                name: "channel:a/thread_ts:2",
                metadata: { org_email_domain: $.settings.last },
              },
            }),
          ),
        )
        .next(
          action(
            "Delete",
            deleteLink({
              link_type: "ticket_to_message_link",
              left_object_name: "ticket_id:1",
              right_object_name: "channel:a/thread_ts:2",
            }),
          ),
        );
      return create;
    });
    expect(parametersOf(states, "Create")).toEqual([
      "zis:common:action:CreateLink",
      {
        link_type: "ticket_to_message_link",
        left_object: { "name.$": "ticket_id:{{$.input.ticket_event.ticket.id}}" },
        right_object: {
          "name.$": "channel:{{$.settings.first}}/thread_ts:{{$.settings.last}}",
          metadata: { "team_name.$": "$.settings.first", fixed: { "kept.$": "as is" } },
        },
      },
    ]);
    expect(parametersOf(states, "Load")).toEqual([
      "zis:common:action:LoadLinks",
      {
        link_type: "ticket_to_message_link",
        left_object_name: "ticket_id:*",
        page_size: 30,
        page_after_cursor: "01GYCRPVNTTQXZ1Y14Y9YE02QQ",
      },
    ]);
    expect(parametersOf(states, "Back")).toEqual([
      "zis:common:action:LoadLinks",
      {
        link_type: "ticket_to_message_link",
        "right_object_name.$": "ticket_id:{{$.input.ticket_event.ticket.id}}",
        page_before_cursor: "01GYCS199Q6SPGXARSQK6ZVKR0",
      },
    ]);
    expect(parametersOf(states, "Patch")).toEqual([
      "zis:common:action:PatchLink",
      {
        link_type: "ticket_to_message_link",
        left_object_name: "ticket_id:1",
        right_object_name: "channel:a/thread_ts:1",
        right_object: {
          name: "channel:a/thread_ts:2",
          metadata: { "org_email_domain.$": "$.settings.last" },
        },
      },
    ]);
    expect(parametersOf(states, "Delete")).toEqual([
      "zis:common:action:DeleteLink",
      {
        link_type: "ticket_to_message_link",
        left_object_name: "ticket_id:1",
        right_object_name: "channel:a/thread_ts:2",
      },
    ]);
  });
});
