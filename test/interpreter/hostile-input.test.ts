/**
 * Hostile input (issue 14): whatever a caller passes, `runFlow` resolves or rejects with a HarnessError naming
 * what is wrong, never a RangeError or TypeError; and keys such as `__proto__` are keys like any other.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HarnessError, MAX_DATA_DEPTH, ZisStore, type Mocks } from "../../src/interpreter/index.js";
import { mergePatch, parseNameAttributes } from "../../src/interpreter/stores.js";
import { installMatchers, runFlow } from "../../src/testing/index.js";
import { flowBundle, ticketInput } from "../support/bundles.js";
import { ROOT } from "../support/shared.js";

installMatchers(expect);

/** `{"a": {"a": … 1}}`, `levels` objects deep. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const succeed = flowBundle({ S: { Type: "Succeed" } });

/** A flow of one custom action whose response is the result. */
const callBundle = flowBundle(
  { Call: { Type: "Action", ActionName: "zis:test_int:action:Get", ResultPath: "$.got", End: true } },
  { actions: { Get: { method: "GET", url: "https://api.test/get" } } },
);

describe("deep values", () => {
  it("refuse an event payload nested deeper than MAX_DATA_DEPTH as invalid_input, at any depth", async () => {
    expect(MAX_DATA_DEPTH).toBe(1000);
    expect(await runFlow(succeed, { input: { deep: nested(MAX_DATA_DEPTH - 1) } })).toHaveSucceeded();
    for (const levels of [MAX_DATA_DEPTH, 100_000]) {
      await expect(runFlow(succeed, { input: { deep: nested(levels) } })).rejects.toMatchObject({
        code: "invalid_input",
        message: "the event payload is nested deeper than 1000 levels (or is circular)",
      });
    }
  });

  it("refuse a circular payload, and one JSON cannot write, as invalid_input", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(runFlow(succeed, { input: circular })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(runFlow(succeed, { input: { n: 10n } })).rejects.toMatchObject({
      code: "invalid_input",
      message: "the event payload is not JSON: Do not know how to serialize a BigInt",
    });
  });

  it("refuse a payload that shares its parts 2^40 times without walking them", async () => {
    let doubled: unknown = "x";
    for (let i = 0; i < 40; i++) doubled = [doubled, doubled];
    await expect(runFlow(succeed, { input: { doubled } })).rejects.toMatchObject({
      code: "budget_exceeded",
      budget: "payloadBytes",
      message: "budget exceeded: payloadBytes (1048576): the event payload is over 1048576 bytes",
    });
  });

  it("refuse response bodies nested too deep, as JSON text or as a value", async () => {
    const deepText = "[".repeat(5000) + "]".repeat(5000);
    for (const body of [deepText, nested(5000)]) {
      await expect(
        runFlow(callBundle, { input: {}, mocks: { http: [{ match: {}, response: { status: 200, body } }] } }),
      ).rejects.toMatchObject({
        code: "invalid_mocks",
        message:
          "the response body for GET https://api.test/get (action Get) is nested deeper than 1000 levels",
      });
    }
  });

  it("refuse configs and link metadata nested too deep in mocks, naming the pointer", async () => {
    await expect(
      runFlow(succeed, { input: {}, mocks: { configs: { settings: { deep: nested(5000) } } } }),
    ).rejects.toThrow("mocks: /configs/settings: nested deeper than 1000 levels");
    const link = {
      link_type: "t",
      left_object: { name: "a:1" },
      right_object: { name: "b:1", metadata: { deep: nested(5000) } },
    };
    await expect(runFlow(succeed, { input: {}, mocks: { links: [link] } })).rejects.toThrow(
      "mocks: /links/0/right_object/metadata: nested deeper than 1000 levels",
    );
  });

  it("refuse a bundle nested deeper than MAX_DATA_DEPTH as invalid_bundle", async () => {
    const bundle = flowBundle({ P: { Type: "Pass", Result: nested(100_000), ResultPath: "$.r", End: true } });
    await expect(runFlow(bundle, { input: {} })).rejects.toMatchObject({
      code: "invalid_bundle",
      message: "the bundle is nested deeper than 1000 levels (or is circular)",
    });
  });
});

describe("malformed mocks from JavaScript", () => {
  it.each([
    [{ http: [null] }, "mocks: /http/0: Invalid input: expected object, received null"],
    [
      { http: [{ response: { status: 200 } }] },
      "mocks: /http/0/match: Invalid input: expected object, received undefined",
    ],
    [
      { http: [{ match: {}, response: null }] },
      "mocks: /http/0/response: expected object or a function, received null",
    ],
    [{ http: { match: {} } }, "mocks: /http: expected array or a function, received object"],
    [
      { http: [{ match: { method: 1 }, response: { status: 200 } }] },
      "mocks: /http/0/match/method: Invalid input: expected string, received number",
    ],
    [
      { http: [{ match: {}, response: { status: "200" } }] },
      "mocks: /http/0/response/status: Invalid input: expected number, received string",
    ],
    [
      { links: [{ link_type: "t", right_object: { name: "b" } }] },
      "mocks: /links/0/left_object: Invalid input: expected object, received undefined",
    ],
    [
      { configs: { settings: null } },
      "mocks: /configs/settings: Invalid input: expected record, received null",
    ],
    [{ htp: [] }, "mocks: /: unknown properties htp"],
    [null, "mocks: /: Invalid input: expected object, received null"],
  ])("refuses %j as invalid_mocks naming the pointer", async (mocks, message) => {
    const run = runFlow(callBundle, { input: {}, mocks: mocks as unknown as Mocks });
    await expect(run).rejects.toBeInstanceOf(HarnessError);
    await expect(run).rejects.toMatchObject({ code: "invalid_mocks", message });
  });

  it("seeds links whose names hold a * as they are, not as LoadLinks patterns", async () => {
    const store = new ZisStore(1, "test_int");
    const link = (left: string) => ({
      link_type: "t",
      left_object: { name: left },
      right_object: { name: "b" },
    });
    await runFlow(succeed, {
      input: {},
      store,
      mocks: { links: [link("abc"), link("a*"), link("*"), link("x*y")] },
    });
    expect(store.links.all().map((stored) => stored.left_object.name)).toEqual(["abc", "a*", "*", "x*y"]);
  });

  it("takes handler functions where Mocks allows them", async () => {
    const perEntry = await runFlow(callBundle, {
      input: {},
      mocks: { http: [{ match: {}, response: () => ({ status: 200, body: { one: 1 } }) }] },
    });
    expect(perEntry).toHaveOutputAt("$.got", { one: 1 });
  });

  it.each([
    [() => null, "answered no response: /: Invalid input: expected object, received null"],
    [() => ({ status: 99 }), "answered no response: /status: Too small: expected number to be >=100"],
    [
      () => {
        throw "a string";
      },
      "threw: a string",
    ],
  ])(
    "refuses a handler's answer that is no response as mock_handler_failed (%s)",
    async (handler, message) => {
      await expect(
        runFlow(callBundle, { input: {}, mocks: { http: handler as never } }),
      ).rejects.toMatchObject({
        code: "mock_handler_failed",
        message: `the mock handler for GET https://api.test/get (action Get) ${message}`,
      });
    },
  );

  it("refuses a flow option that is not a name", async () => {
    await expect(runFlow(succeed, { input: {}, flow: ["TestFlow"] as never })).rejects.toMatchObject({
      code: "unknown_flow",
      message: "flow must be a flow's name (a string), not object",
    });
  });

  it("refuses malformed connections as invalid_input naming the pointer", async () => {
    await expect(
      runFlow(succeed, { input: {}, connections: { zendesk: null } as never }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(/^connections: \/zendesk: /),
    });
    await expect(
      runFlow(succeed, { input: {}, connections: { zendesk: { type: "oauth" } } as never }),
    ).rejects.toThrow("connections: /zendesk/token: Invalid input: expected string, received undefined");
  });
});

describe("keys that name Object.prototype's members", () => {
  it("resolve __proto__.$ and constructor.$ parameters like any other key", async () => {
    const bundle = flowBundle(
      {
        Call: {
          Type: "Action",
          ActionName: "zis:test_int:action:Echo",
          Parameters: {
            "__proto__.$": "$.input.ticket_event.ticket.id",
            "constructor.$": "$.input.ticket_event.ticket.status",
            toString: "plain",
          },
          ResultPath: "$.echo",
          End: true,
        },
      },
      { actions: { Echo: { method: "POST", url: "https://echo.test/", "requestBody.$": "$" } } },
    );
    const result = await runFlow(bundle, {
      input: ticketInput(),
      mocks: { http: (request) => ({ status: 200, body: request.body }) },
    });
    const body = result.requests[0]!.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(JSON.stringify(body)).toBe('{"__proto__":1001,"constructor":"new","toString":"plain"}');
    expect(JSON.stringify((result.output as { echo: unknown }).echo)).toBe(JSON.stringify(body));
  });

  it("run states named __proto__ and constructor, of a resource keyed __proto__, as the validator reads them", async () => {
    const bundle = JSON.parse(`{
      "name": "b", "zis_template_version": "2019-10-14",
      "resources": { "__proto__": { "type": "ZIS::Flow", "properties": { "name": "zis:test_int:flow:F",
        "definition": { "StartAt": "__proto__", "States": {
          "__proto__": { "Type": "Pass", "Result": 1, "ResultPath": "$.first", "Next": "constructor" },
          "constructor": { "Type": "Map", "ItemsPath": "$.input.items", "ResultPath": "$.mapped", "End": true,
            "Iterator": { "StartAt": "__proto__", "States": { "__proto__": { "Type": "Pass", "End": true } } } }
        } } } } }
    }`) as unknown;
    const result = await runFlow(bundle, { input: { items: [7] } });
    expect(result).toHaveSucceeded();
    expect(result.trace.map((step) => [step.state, step.scope])).toEqual([
      ["__proto__", []],
      ["constructor", []],
      ["__proto__", ["constructor"]],
    ]);
    expect(JSON.stringify(result.output)).toContain('"first":1,"mapped":[7]');
  });

  it("pass a parameter named __proto__ to an action as any other", async () => {
    const bundle = flowBundle(
      {
        Call: {
          Type: "Action",
          ActionName: "zis:test_int:action:Echo",
          Parameters: JSON.parse('{"__proto__": "plain", "id": 1}') as Record<string, unknown>,
          End: true,
        },
      },
      { actions: { Echo: { method: "POST", url: "https://echo.test/", "requestBody.$": "$" } } },
    );
    const result = await runFlow(bundle, {
      input: {},
      mocks: { http: [{ match: {}, response: { status: 200, body: {} } }] },
    });
    expect(JSON.stringify(result.requests[0]!.body)).toBe('{"__proto__":"plain","id":1}');
  });

  it("write ResultPath $.constructor.x and $.__proto__.x as new members", async () => {
    const result = await runFlow(
      flowBundle({
        A: { Type: "Pass", Result: 1, ResultPath: "$.constructor.x", Next: "B" },
        B: { Type: "Pass", Result: 2, ResultPath: "$.__proto__.x", End: true },
      }),
      { input: {} },
    );
    expect(result).toHaveSucceeded();
    expect(JSON.stringify(result.output)).toContain('"constructor":{"x":1},"__proto__":{"x":2}');
    expect(Object.getPrototypeOf(result.output)).toBe(Object.prototype);
  });

  it("find no connection named constructor unless one is given", async () => {
    const bundle = flowBundle(
      { Call: { Type: "Action", ActionName: "zis:test_int:action:Get", ResultPath: "$.got", End: true } },
      { actions: { Get: { method: "GET", url: "https://api.test/get", connectionName: "constructor" } } },
    );
    const result = await runFlow(bundle, {
      input: {},
      mocks: { http: [{ match: {}, response: { status: 200, body: {} } }] },
    });
    expect(result.requests[0]!.headers).toEqual({});
  });

  it("keep __proto__ as a key in merged configs and link name attributes", () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const patched = mergePatch({ a: 1 }, patch);
    expect(Object.keys(patched)).toEqual(["a", "__proto__"]);
    expect(Object.getPrototypeOf(patched)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const attributes = parseNameAttributes("__proto__:1/ticket:2")!;
    expect(Object.keys(attributes)).toEqual(["__proto__", "ticket"]);
    expect(JSON.stringify(attributes)).toBe('{"__proto__":1,"ticket":2}');
  });

  it("keep __proto__ as a key of a PatchConfig config, through the built-in's parameter schema", async () => {
    const store = new ZisStore(12345678, "test_int");
    const config = JSON.parse('{"__proto__": {"polluted": true}, "channel": "#support"}') as Record<
      string,
      unknown
    >;
    const bundle = flowBundle({
      Patch: {
        Type: "Action",
        ActionName: "zis:common:action:PatchConfig",
        Parameters: { scope: "settings", config },
        End: true,
      },
    });
    expect((await runFlow(bundle, { input: {}, store })).status).toBe("succeeded");
    expect(JSON.stringify(store.configs.get("settings"))).toBe(
      '{"__proto__":{"polluted":true},"channel":"#support"}',
    );
  });
});

describe("jq-wasm running out of memory", () => {
  it("is a jq crash of the state, and leaves no stray Aborted() on the process's stderr", () => {
    // `?//` is left to jq-wasm; a string that doubles 40 times runs its memory out in a fraction of a second.
    const script = `
      import { runWasmJq } from "./src/interpreter/jq/index.js";
      const program = '. as [$a] ?// $a | reduce range(40) as $i ("x"; . + .) | length';
      console.log(JSON.stringify(await runWasmJq(program, null, { milliseconds: 60000, now: 0 })));
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual({
      ok: false,
      message: "jq crashed: Aborted(). Build with -sASSERTIONS for more info.",
    });
    expect(child.status).toBe(0);
  });
});
