import { describe, expect, it } from "vitest";
import { path, param, refPath, tpl } from "../../src/index.js";
import { pathProxy } from "../../src/dsl/ref.js";
import { renderText } from "../../src/dsl/text.js";
import { renderDynamicObject } from "../../src/dsl/values.js";

interface Data {
  input: { ticket_event: { ticket: { id: number; tags: string[] } } };
  "key-with-dash": string;
  "odd key": { "x.y": number };
  links: { right_object: { name: string } }[];
}
const $ = pathProxy<Data>();
const resolvePlaceholder = (p: { placeholder: string }) => p.placeholder;

describe("path proxies", () => {
  it("render dotted keys, indexes and bracketed keys", () => {
    expect(refPath($)).toBe("$");
    expect(refPath($.input.ticket_event.ticket.id)).toBe("$.input.ticket_event.ticket.id");
    expect(refPath($.links[0].right_object.name)).toBe("$.links[0].right_object.name");
    expect(refPath($.input.ticket_event.ticket.tags[3])).toBe("$.input.ticket_event.ticket.tags[3]");
    expect(refPath($["key-with-dash"])).toBe("$.key-with-dash");
    expect(refPath($["odd key"]["x.y"])).toBe("$['odd key']['x.y']");
  });

  it("path() parses text now and rejects what ZIS cannot resolve", () => {
    expect(refPath(path("$.links[42].right_object"))).toBe("$.links[42].right_object");
    expect(refPath(path("$['a b'].c"))).toBe("$['a b'].c");
    expect(() => path("$.links[*].name")).toThrow(
      expect.objectContaining({ code: "invalid_reference_path" }),
    );
    expect(() => path("$..name")).toThrow(expect.objectContaining({ code: "invalid_reference_path" }));
    expect(() => path("links")).toThrow(expect.objectContaining({ code: "invalid_reference_path" }));
  });
});

describe("tpl", () => {
  it("renders placeholders, a literal $ before one, numbers and build parameters", () => {
    const text = tpl`${param("BASE", { placeholder: "https://example.com" })}/t/${$.input.ticket_event.ticket.id}?n=${2} costs $${$.links[0].right_object.name}`;
    expect(renderText(text, resolvePlaceholder)).toBe(
      "https://example.com/t/{{$.input.ticket_event.ticket.id}}?n=2 costs ${{$.links[0].right_object.name}}",
    );
  });

  it("keeps escapes cooked: \\n is a newline", () => {
    expect(renderText(tpl`Hi,\n there`, resolvePlaceholder)).toBe("Hi,\n there");
  });
});

describe("dynamic objects", () => {
  it("add .$ to refs and templates only, keep order, drop undefined members", () => {
    expect(
      renderDynamicObject(
        {
          literal: "$.not.a.path",
          ref: $.input.ticket_event.ticket.id,
          text: tpl`id ${$.input.ticket_event.ticket.id}`,
          skipped: undefined,
          nested: [{ id: $.links[1].right_object.name }, 3, null],
          param: param("X"),
        },
        resolvePlaceholder,
      ),
    ).toStrictEqual({
      literal: "$.not.a.path",
      "ref.$": "$.input.ticket_event.ticket.id",
      "text.$": "id {{$.input.ticket_event.ticket.id}}",
      nested: [{ "id.$": "$.links[1].right_object.name" }, 3, null],
      param: "X",
    });
  });

  it("refuse a ref directly inside an array (ZIS has no .$ for array items): a type error, and at run time one naming where", () => {
    const body = { tags: ["vip", { nested: [$.input.ticket_event.ticket.id] }] };
    // @ts-expect-error: an array holds no ref itself
    const render = () => renderDynamicObject(body, resolvePlaceholder, 'HTTP action "Tag" requestBody');
    expect(render).toThrow(expect.objectContaining({ code: "ref_in_array" }));
    expect(render).toThrow(/^HTTP action "Tag" requestBody\/tags\/1\/nested\/0: /);
    // In an object member it is fine.
    expect(
      renderDynamicObject({ tags: [{ id: $.input.ticket_event.ticket.id }] }, resolvePlaceholder),
    ).toStrictEqual({ tags: [{ "id.$": "$.input.ticket_event.ticket.id" }] });
  });
});
