import { describe, expect, it } from "vitest";
import { HarnessError, ZisStore } from "../../src/interpreter/index.js";
import { installMatchers, runFlow } from "../../src/testing/index.js";
import { flowBundle, ticketInput } from "../support/bundles.js";

installMatchers(expect);

const call = (
  actionName: string,
  parameters: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  Call: {
    Type: "Action",
    ActionName: actionName,
    Parameters: parameters,
    ResultPath: "$.result",
    End: true,
    ...extra,
  },
});

describe("custom HTTP actions", () => {
  it("resolve the definition against the state's Parameters: path, headers, queryParams, requestBody", async () => {
    const bundle = flowBundle(
      call("zis:test_int:action:UpdateTicket", {
        "ticket_id.$": "$.input.ticket_event.ticket.id",
        status: "open",
        "token.$": "$.input.ticket_event.ticket.token",
      }),
      {
        actions: {
          UpdateTicket: {
            method: "put",
            "path.$": "/api/v2/tickets/{{$.ticket_id}}.json",
            connectionName: "zendesk",
            headers: [
              { key: "Content-Type", value: "application/json" },
              { key: "X-Ticket", "value.$": "$.ticket_id" },
              { key: "X-Legacy", value: "Bearer {{$.token}}" },
            ],
            queryParams: [
              { key: "include", value: "users & orgs" },
              { key: "id", "value.$": "$.ticket_id" },
            ],
            requestBody: { ticket: { "status.$": "$.status", fixed: [1, { "id.$": "$.ticket_id" }] } },
          },
        },
      },
    );
    const result = await runFlow(bundle, {
      input: ticketInput({ token: "t0k" }),
      subdomain: "acme",
      connections: { zendesk: { type: "oauth", token: "zd-secret", allowed_domain: "acme.zendesk.com" } },
      mocks: {
        http: [
          { match: { action: "UpdateTicket" }, response: { status: 200, body: '{"ticket":{"id":1001}}' } },
        ],
      },
    });
    expect(result.requests).toEqual([
      {
        action: "UpdateTicket",
        method: "PUT",
        url: "https://acme.zendesk.com/api/v2/tickets/1001.json?include=users%20%26%20orgs&id=1001",
        headers: {
          "Content-Type": "application/json",
          "X-Ticket": "1001",
          "X-Legacy": "Bearer t0k",
          Authorization: "Bearer zd-secret",
        },
        body: { ticket: { status: "open", fixed: [1, { id: 1001 }] } },
        connection: "zendesk",
      },
    ]);
    expect(result).toHaveOutputAt("$.result", { ticket: { id: 1001 } });
  });

  it("send a whole body from requestBody.$ to an absolute url.$", async () => {
    const bundle = flowBundle(
      call("zis:test_int:action:Forward", {
        "target.$": "$.input.ticket_event.ticket.hook",
        "payload.$": "$.input.ticket_event",
      }),
      {
        actions: { Forward: { method: "POST", "url.$": "$.target", "requestBody.$": "$.payload" } },
      },
    );
    const result = await runFlow(bundle, {
      input: ticketInput({ hook: "https://hooks.test/in" }),
      mocks: {
        http: [{ match: { url: "https://hooks.test/in", method: "POST" }, response: { status: 204 } }],
      },
    });
    expect(result.requests[0]!.body).toEqual(ticketInput({ hook: "https://hooks.test/in" }).ticket_event);
    expect(result).toHaveOutputAt("$.result", null);
  });

  it("wrap a non-JSON response body in __httpresponse", async () => {
    const bundle = flowBundle(call("zis:test_int:action:Text", {}), {
      actions: { Text: { method: "GET", url: "https://text.test/" } },
    });
    const result = await runFlow(bundle, {
      input: ticketInput(),
      mocks: { http: [{ match: {}, response: { status: 200, body: "plain text" } }] },
    });
    expect(result).toHaveOutputAt("$.result", { __httpresponse: "plain text" });
  });

  it("measure response bodies against payloadBytes in UTF-8 bytes, text and JSON alike", async () => {
    const bundle = flowBundle(call("zis:test_int:action:Text", {}), {
      actions: { Text: { method: "GET", url: "https://text.test/" } },
    });
    // "héllo wörld ✓" is 13 UTF-16 code units and 17 UTF-8 bytes; the JSON text of [text] is 21 bytes.
    const text = "héllo wörld ✓";
    const answer = (body: unknown, payloadBytes: number) =>
      runFlow(bundle, {
        input: {},
        budget: { payloadBytes },
        mocks: { http: [{ match: {}, response: { status: 200, body } }] },
      });
    expect(await answer(text, 17)).toHaveOutputAt("$.result", { __httpresponse: text });
    await expect(answer(text, 16)).rejects.toThrow(
      'budget exceeded: payloadBytes (16) at state "Call": the response to GET https://text.test/ is 17 bytes',
    );
    expect(await answer([text], 21)).toHaveOutputAt("$.result", [text]);
    await expect(answer([text], 20)).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "payloadBytes",
      state: "Call",
      message:
        'budget exceeded: payloadBytes (20) at state "Call": the response to GET https://text.test/ is 21 bytes',
    });
  });

  it("apply api_key and basic_auth connections and refuse a host outside allowed_domain", async () => {
    const bundle = flowBundle(call("zis:test_int:action:A", {}, { Next: "Call2", End: undefined }), {
      actions: {
        A: { method: "GET", url: "https://api.vendor.test/a", connectionName: "vendor" },
        B: { method: "GET", url: "https://evil.test/b", connectionName: "vendor" },
      },
    });
    (bundle.resources as any).TestFlow.properties.definition.States.Call2 = {
      Type: "Action",
      ActionName: "zis:test_int:action:B",
      ResultPath: "$.b",
      End: true,
    };
    const http = [{ match: {}, response: { status: 200, body: {} } }];
    const apiKey = await runFlow(bundle, {
      input: ticketInput(),
      connections: {
        vendor: { type: "api_key", header_name: "X-Api-Key", api_key: "k", allowed_domain: "vendor.test" },
      },
      mocks: { http },
    });
    expect(apiKey.requests[0]!.headers).toEqual({ "X-Api-Key": "k" });
    expect(apiKey).toHaveFailedWith({
      Cause: 'connection "vendor" may only be used with vendor.test, not evil.test',
    });
    const basic = await runFlow(bundle, {
      input: ticketInput(),
      connections: { vendor: { type: "basic_auth", username: "u", password: "p" } },
      mocks: { http },
    });
    expect(basic.requests[0]!.headers).toEqual({
      Authorization: `Basic ${Buffer.from("u:p").toString("base64")}`,
    });
  });

  it("answer from a function handler, and fail the run on a handler that throws", async () => {
    const bundle = flowBundle(
      call("zis:test_int:action:Echo", { "id.$": "$.input.ticket_event.ticket.id" }),
      {
        actions: { Echo: { method: "POST", url: "https://echo.test/", "requestBody.$": "$" } },
      },
    );
    const result = await runFlow(bundle, {
      input: ticketInput(),
      mocks: { http: (request) => ({ status: 200, body: { echoed: request.body } }) },
    });
    expect(result).toHaveOutputAt("$.result", { echoed: { id: 1001 } });
    const broken = runFlow(bundle, {
      input: ticketInput(),
      mocks: {
        http: () => {
          throw new Error("handler bug");
        },
      },
    });
    await expect(broken).rejects.toThrow(expect.objectContaining({ code: "mock_handler_failed" }));
  });

  it("refuse a definition whose rendered url is not a string, naming the action and the field", async () => {
    const bundle = flowBundle(call("zis:test_int:action:Odd", { "id.$": "$.input.ticket_event.ticket.id" }), {
      actions: { Odd: { method: "GET", "url.$": "$.id" } },
    });
    const run = runFlow(bundle, { input: ticketInput(), mocks: { http: [] } });
    await expect(run).rejects.toThrow(HarnessError);
    await expect(run).rejects.toThrow(expect.objectContaining({ code: "invalid_bundle" }));
    await expect(run).rejects.toThrow(/HTTP action "Odd": the rendered definition at \/url/);
  });
});

describe("Jq", () => {
  it("transforms: a program on a reference, one on an array, one on JSON text data", async () => {
    const result = await runFlow(
      flowBundle({
        Fast: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: { expr: ".ticket_event.ticket.id | tostring", "data.$": "$.input" },
          ResultPath: "$.id_text",
          Next: "Real",
        },
        Real: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: {
            expr: '[.[] | select(. != "a")] | join(",")',
            "data.$": "$.input.ticket_event.ticket.tags",
          },
          ResultPath: "$.tags",
          Next: "FromString",
        },
        FromString: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: {
            "expr.$": '.statuses | index(["{{$.input.ticket_event.ticket.status}}"])',
            data: '{"statuses": ["open", "new"]}',
          },
          ResultPath: "$.index",
          End: true,
        },
      }),
      { input: ticketInput() },
    );
    expect(result.output).toMatchObject({ id_text: "1001", tags: "b", index: 1 });
  });

  it("makes a jq error a catchable state error with jq's message", async () => {
    const result = await runFlow(
      flowBundle({
        Bad: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: { expr: ".ticket_event.ticket.status | tonumber", "data.$": "$.input" },
          ResultPath: "$.n",
          Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled", ResultPath: "$.jq_error" }],
          End: true,
        },
        Handled: { Type: "Succeed" },
      }),
      { input: ticketInput() },
    );
    expect(result).toHaveVisited(["Bad", "Handled"]);
    expect(result).toHaveOutputAt("$.jq_error", {
      Error: "States.TaskFailed",
      Cause: 'jq: error (at /dev/stdin:0): string ("new") cannot be parsed as a number',
    });
  });

  it("refuses programs that read the environment or input, and programs with several outputs", async () => {
    const jq = (expr: string) =>
      runFlow(
        flowBundle({
          J: {
            Type: "Action",
            ActionName: "zis:common:transform:Jq",
            Parameters: { expr, "data.$": "$.input" },
            ResultPath: "$.r",
            End: true,
          },
        }),
        {
          input: ticketInput(),
        },
      );
    expect(await jq("$ENV.HOME")).toHaveFailedWith({ Cause: "jq: $ENV is not available in ZIS flows" });
    expect(await jq("input")).toHaveFailedWith({ Cause: "jq: input is not available in ZIS flows" });
    expect(await jq(".ticket_event.ticket.tags[]")).toHaveFailedWith({ Cause: /produced 2 outputs/ });
    expect((await jq("empty")).output).toMatchObject({ r: null });
    expect((await jq('"input is fine inside a string"')).output).toMatchObject({
      r: "input is fine inside a string",
    });
  });
});

describe("jq field names and object keys that look like forbidden builtins", () => {
  it("are allowed: .input, .env, {env: …}", async () => {
    const result = await runFlow(
      flowBundle({
        J: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: {
            expr: '{env: ((.input.ticket_event.ticket.id | tostring) + "!"), debug: .input.debug}',
            "data.$": "$",
          },
          ResultPath: "$.r",
          End: true,
        },
      }),
      { input: { ...ticketInput(), debug: false } },
    );
    expect(result).toHaveOutputAt("$.r", { env: "1001!", debug: false });
  });
});

describe("a connection on a URL that is not absolute", () => {
  it("fails the state with a clear Cause instead of rejecting the run", async () => {
    const result = await runFlow(
      flowBundle(call("zis:test_int:action:Rel", {}), {
        actions: { Rel: { method: "GET", url: "/api/v2/users/1.json", connectionName: "zendesk" } },
      }),
      { input: ticketInput(), connections: { zendesk: { type: "oauth", token: "t" } } },
    );
    expect(result).toHaveFailedWith({
      Error: "States.TaskFailed",
      Cause: 'connection "zendesk" cannot be used with "/api/v2/users/1.json": not an absolute URL',
    });
  });
});

describe("LoadConfig and PatchConfig", () => {
  it("load { config }, merge patches (RFC 7386) and keep them across runs sharing a store", async () => {
    const store = new ZisStore(1, "test_int");
    const bundle = flowBundle({
      Patch: {
        Type: "Action",
        ActionName: "zis:common:action:PatchConfig",
        Parameters: {
          "scope.$": "settings:{{$.account_id}}",
          config: { retries: { "count.$": "$.input.ticket_event.ticket.id" }, drop: null },
        },
        Next: "Load",
      },
      Load: {
        Type: "Action",
        ActionName: "zis:common:action:LoadConfig",
        Parameters: { "scope.$": "settings:{{$.account_id}}" },
        ResultPath: "$.config_result",
        End: true,
      },
    });
    const result = await runFlow(bundle, {
      input: ticketInput(),
      store,
      mocks: { configs: { "settings:1": { channel: "#support", drop: "me" } } },
    });
    expect(result).toHaveOutputAt("$.config_result", {
      config: { channel: "#support", retries: { count: 1001 } },
    });
    expect(result.trace[0]!.output).toEqual(result.trace[0]!.input);
    expect(store.configs.get("settings:1")).toEqual({ channel: "#support", retries: { count: 1001 } });
  });

  it("makes a missing scope a catchable runtime error", async () => {
    const result = await runFlow(
      flowBundle({
        Load: {
          Type: "Action",
          ActionName: "zis:common:action:LoadConfig",
          Parameters: { scope: "absent" },
          ResultPath: "$.c",
          End: true,
        },
      }),
      { input: ticketInput() },
    );
    expect(result).toHaveFailedWith({
      Error: "States.TaskFailed",
      Cause: 'config not found for scope "absent"',
    });
  });
});

describe("built-in parameters, read with the model's schema of each built-in", () => {
  const builtin = (name: string, parameters: Record<string, unknown>) =>
    flowBundle({
      Call: {
        Type: "Action",
        ActionName: `zis:common:action:${name}`,
        Parameters: parameters,
        ResultPath: "$.r",
        End: true,
      },
    });

  it.each([
    ["LoadConfig", {}, "LoadConfig: scope is required"],
    ["LoadConfig", { "scope.$": "$.input.ticket_event.ticket" }, "LoadConfig: scope Invalid input"],
    ["PatchConfig", { scope: "s", config: [1] }, "PatchConfig: config Invalid input"],
    [
      "CreateLink",
      { link_type: "t", left_object: { name: "a" }, right_object: {} },
      "CreateLink: right_object.name Invalid input",
    ],
    [
      "PatchLink",
      { link_type: "t", left_object_name: "a", right_object_name: "b" },
      "PatchLink: needs left_object or right_object",
    ],
    [
      "LoadLinks",
      { link_type: "t", left_object_name: "a", page_size: "5" },
      "LoadLinks: page_size Invalid input",
    ],
  ])("%s %j fails the state with States.TaskFailed", async (name, parameters, cause) => {
    const result = await runFlow(builtin(name, parameters), { input: ticketInput() });
    expect(result.status).toBe("failed");
    expect(result.error?.Error).toBe("States.TaskFailed");
    expect(result.error?.Cause.startsWith(cause)).toBe(true);
  });

  it("reads a number where text is expected as its decimal text", async () => {
    const result = await runFlow(builtin("LoadConfig", { "scope.$": "$.input.ticket_event.ticket.id" }), {
      input: ticketInput(),
      mocks: { configs: { "1001": { on: true } } },
    });
    expect(result).toHaveOutputAt("$.r", { config: { on: true } });
  });
});

describe("links", () => {
  const linkFlow = (states: Record<string, unknown>) => flowBundle(states);
  const create = (left: string, right: string, metadata?: Record<string, unknown>) => ({
    Type: "Action",
    ActionName: "zis:common:action:CreateLink",
    Parameters: {
      link_type: "ticket_to_message_link",
      left_object: { name: left },
      right_object: { name: right, ...(metadata ? { metadata } : {}) },
    },
    ResultPath: "$.created",
    End: true,
  });

  it("CreateLink returns the link with name_attrs parsed from key:value names, as the links seed shows", async () => {
    const result = await runFlow(
      linkFlow({
        C: create(
          "ticket_id:{{$.input.ticket_event.ticket.id}}".replace(
            "{{$.input.ticket_event.ticket.id}}",
            "1234567",
          ),
          "channel:zendesk-tickets/thread_ts:1234567890.123456",
          { team_name: "My Corp" },
        ),
      }),
      { input: ticketInput(), accountId: 12345678, integration: "INTEGRATION_NAME" },
    );
    expect(result.output).toMatchObject({
      created: {
        link: {
          account_id: 12345678,
          integration: "INTEGRATION_NAME",
          left_object: { name: "ticket_id:1234567", name_attrs: { ticket_id: 1234567 } },
          link_type: "ticket_to_message_link",
          right_object: {
            metadata: { team_name: "My Corp" },
            name: "channel:zendesk-tickets/thread_ts:1234567890.123456",
            name_attrs: { channel: "zendesk-tickets", thread_ts: 1234567890.123456 },
          },
        },
      },
    });
    const link = (result.output as any).created.link;
    expect(Object.keys(link)).toEqual([
      "account_id",
      "integration",
      "left_object",
      "link_type",
      "right_object",
      "uuid",
    ]);
    expect(link.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      await runFlow(linkFlow({ C: create("1234567", "1234567890.123456") }), { input: ticketInput() }).then(
        (r) => (r.output as any).created.link.left_object,
      ),
    ).toEqual({ name: "1234567" });
  });

  it("LoadLinks matches by left and/or right name with a trailing *, pages forward and back with cursors", async () => {
    const store = new ZisStore(1, "test_int");
    for (let i = 1; i <= 25; i++)
      store.links.create({
        link_type: "t",
        left_object: { name: `ticket_id:${i}` },
        right_object: { name: `msg:${i % 2}` },
      });
    store.links.create({
      link_type: "other",
      left_object: { name: "ticket_id:1" },
      right_object: { name: "msg:1" },
    });
    const load = async (parameters: Record<string, unknown>) => {
      const result = await runFlow(
        linkFlow({
          L: {
            Type: "Action",
            ActionName: "zis:common:action:LoadLinks",
            Parameters: { link_type: "t", ...parameters },
            ResultPath: "$.links",
            End: true,
          },
        }),
        { input: ticketInput(), store },
      );
      if (result.status === "failed") return result.error;
      return (result.output as any).links;
    };
    const first = await load({ left_object_name: "ticket_id:*" });
    expect(first.count).toBe(20);
    expect(first.meta.has_more).toBe(true);
    expect(first.meta.before).toBeUndefined();
    const second = await load({ left_object_name: "ticket_id:*", page_after_cursor: first.meta.after });
    expect(second.count).toBe(5);
    expect(second.links.map((l: any) => l.left_object.name)).toEqual([
      "ticket_id:21",
      "ticket_id:22",
      "ticket_id:23",
      "ticket_id:24",
      "ticket_id:25",
    ]);
    expect(second.meta).toEqual({ before: second.meta.before, has_more: false });
    const back = await load({
      left_object_name: "ticket_id:*",
      page_size: 3,
      page_before_cursor: second.meta.before,
    });
    expect(back.links.map((l: any) => l.left_object.name)).toEqual([
      "ticket_id:18",
      "ticket_id:19",
      "ticket_id:20",
    ]);
    expect(back.meta.has_more).toBe(true);
    expect((await load({ left_object_name: "ticket_id:1", right_object_name: "msg:1" })).count).toBe(1);
    expect((await load({ right_object_name: "msg:0", page_size: 100 })).count).toBe(12);
    expect(await load({ left_object_name: "nothing" })).toEqual({
      count: 0,
      links: [],
      meta: { has_more: false },
    });
    expect(await load({ left_object_name: "*" })).toEqual({
      Error: "States.TaskFailed",
      Cause: 'a lone "*" wildcard is not supported',
    });
    // The validator's rule, the same at run time: a * matches a prefix only as the last character.
    expect(await load({ left_object_name: "ticket_*:1" })).toEqual({
      Error: "States.TaskFailed",
      Cause: 'the "*" wildcard must be the last character',
    });
    expect(await load({ left_object_name: "ticket_id:*", page_size: 101 })).toMatchObject({
      Cause: /page_size must be an integer from 1 to 100/,
    });
  });

  it("PatchLink changes only what it names and merges metadata; DeleteLink removes the link", async () => {
    const store = new ZisStore(1, "test_int");
    store.links.create({
      link_type: "t",
      left_object: { name: "ticket_id:1", metadata: { a: 1 } },
      right_object: { name: "msg:1", metadata: { keep: true, org_email_domain: "old.test" } },
    });
    const result = await runFlow(
      linkFlow({
        P: {
          Type: "Action",
          ActionName: "zis:common:action:PatchLink",
          Parameters: {
            link_type: "t",
            left_object_name: "ticket_id:1",
            right_object_name: "msg:1",
            right_object: { name: "msg:2", metadata: { org_email_domain: "new.test" } },
          },
          ResultPath: "$.patched",
          Next: "D",
        },
        D: {
          Type: "Action",
          ActionName: "zis:common:action:DeleteLink",
          Parameters: { link_type: "t", left_object_name: "ticket_id:1", right_object_name: "msg:2" },
          Next: "D2",
        },
        D2: {
          Type: "Action",
          ActionName: "zis:common:action:DeleteLink",
          Parameters: { link_type: "t", left_object_name: "ticket_id:1", right_object_name: "msg:2" },
          End: true,
        },
      }),
      { input: ticketInput(), store },
    );
    expect((result.output as any).patched.link).toMatchObject({
      left_object: { name: "ticket_id:1", metadata: { a: 1 } },
      right_object: { name: "msg:2", metadata: { keep: true, org_email_domain: "new.test" } },
    });
    expect(result).toHaveFailedWith({ Cause: 'no t link between "ticket_id:1" and "msg:2"' });
    expect(result.states).toEqual(["P", "D", "D2"]);
    expect(store.links.all()).toEqual([]);
  });

  it("seeds links from mocks", async () => {
    const result = await runFlow(
      linkFlow({
        L: {
          Type: "Action",
          ActionName: "zis:common:action:LoadLinks",
          Parameters: { link_type: "t", right_object_name: "msg:9" },
          ResultPath: "$.l",
          End: true,
        },
      }),
      {
        input: ticketInput(),
        mocks: {
          links: [{ link_type: "t", left_object: { name: "ticket_id:9" }, right_object: { name: "msg:9" } }],
        },
      },
    );
    expect((result.output as any).l.links.map((l: any) => l.left_object.name)).toEqual(["ticket_id:9"]);
  });
});

describe("harness errors", () => {
  it("are not catchable by the flow", async () => {
    const bundle = flowBundle(
      call("zis:test_int:action:X", {}, { Catch: [{ ErrorEquals: ["States.ALL"], Next: "H" }] }),
      {
        actions: { X: { method: "GET", url: "https://x.test/" } },
      },
    );
    (bundle.resources as any).TestFlow.properties.definition.States.H = { Type: "Succeed" };
    await expect(runFlow(bundle, { input: ticketInput() })).rejects.toThrow(HarnessError);
  });
});
