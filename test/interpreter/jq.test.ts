/**
 * The Jq action's jq: which engine answers, the sandbox, the data it gets, and the defects the issue listed,
 * each with its exact answer as jq 1.8.2 gives it.
 */
import { describe, expect, it } from "vitest";
import {
  JqBudgetExceeded,
  runJq,
  runJqProgram,
  runOwnJq,
  runWasmJq,
  WASM_MAX_INPUT_DEPTH,
} from "../../src/interpreter/jq/index.js";
import { installMatchers, runFlow } from "../../src/testing/index.js";
import { flowBundle, ticketInput } from "../support/bundles.js";

installMatchers(expect);

/** Both engines' answers, for programs the own engine must answer itself. */
async function bothEngines(program: string, input: unknown) {
  const own = runOwnJq(program, input);
  expect(own, `the own engine answers ${program}`).not.toBe("unsupported");
  return { own, wasm: await runWasmJq(program, input) };
}

describe("strings reach jq as strings", () => {
  it.each([
    ['split(" ")', "Refund please", ["Refund", "please"]],
    ["type", "1 2", "string"],
    ["type", "nan", "string"],
    ["length", "12345", 5],
    ['. as $status | if $status == "hold" then "on hold" else "other" end', "hold", "on hold"],
  ])("%s on %j", async (program, input, expected) => {
    const { own, wasm } = await bothEngines(program, input);
    expect(own).toEqual({ ok: true, outputs: [expected] });
    expect(wasm).toEqual(own);
  });
});

describe("numbers as jq 1.8.2 keeps their literals", () => {
  it.each([
    ["100.00", "100.00"],
    ["1.0", "1.0"],
    ["1e2", "1E+2"],
    ["-0", "-0"],
    ["0.00001", "0.00001"],
    ["12", "12"],
  ])('.amount | tonumber | tostring on "%s" is "%s"', async (amount, text) => {
    const { own, wasm } = await bothEngines(".amount | tonumber | tostring", { amount });
    expect(own).toEqual({ ok: true, outputs: [text] });
    expect(wasm).toEqual(own);
  });

  it("prints computed doubles as jq does, and input numbers as their JSON text reads", async () => {
    for (const [program, input, expected] of [
      [".a / 3 | tostring", { a: 1 }, "0.3333333333333333"],
      [".a * 1e16 | tostring", { a: 1 }, "1e+16"],
      [".a | tostring", { a: 1e16 }, "10000000000000000"],
      [".a | tostring", { a: 0.00001 }, "0.00001"],
      [".a + 0 | tostring", { a: 0.00001 }, "1e-05"],
    ] as const) {
      const { own, wasm } = await bothEngines(program, input);
      expect(own, program).toEqual({ ok: true, outputs: [expected] });
      expect(wasm).toEqual(own);
    }
  });
});

describe("jq's own quirks, which the own engine keeps", () => {
  it.each([
    // Dates: fields printed as given, weekday and day of the year from the date they normalize to.
    ['strftime("%Y-%m-%d %a %j")', [2024, 1, 30], "2024-02-30 Fri 061"],
    ["gmtime", -0.5, [1970, 0, 1, 0, 0, 0.5, 4, 0]],
    ["todate", 12.345, "1970-01-01T00:00:12Z"],
    ["mktime", [2024.9, 0.5, 15.9, -0.5], 1705276800],
    // Binary search probes [start, end), so an unsorted array gets jq's very answer.
    ["bsearch(1)", [false, [], 0, ""], -4],
    // Bad UTF-8: a sequence cut short by the end is one U+FFFD; one broken by a byte ends before it.
    ["@base64d | explode", "6WU=", [0xfffd]],
    ["@base64d | explode", "4IBl", [0xfffd, 0x65]],
    // jq names the csv row for @tsv too.
    ["try @tsv catch .", [{}], "object ({}) is not valid in a csv row"],
    ["try path(0 | [..]) catch .", null, "Invalid path expression near attempt to iterate through 0"],
    // repeat applies f to the same input each time; foreach's state is null after an update with no output.
    ["[limit(3; repeat(. * 2))]", 1, [2, 2, 2]],
    ["[foreach (1, 2, 3) as $x (10; if $x == 2 then empty else . + $x end)]", null, [11, 3]],
    // A computed pattern key reads the value destructured; array patterns match their last element first.
    ['{"k": "b", "b": 2} as {(.k): $v} | $v', null, 2],
    ["try ([1, 2] as [{a: $a}, {b: $b}] | 0) catch .", null, 'Cannot index number with string ("b")'],
    // NaN is below every number, itself included.
    ["[nan < nan, nan == nan, [nan] == [nan], ([1, nan] | max)]", null, [true, false, false, 1]],
    // any/all stop at the first answer; finites keeps NaN; range's first output is its bound as written.
    ['[true, {}] | any(. == true or error("boom"))', null, true],
    ["[1, nan] | [.[] | finites] | length", null, 2],
    ["[range(1.0; 3)] | tojson", null, "[1.0,2]"],
    ["try [limit(nan; 1, 2)] catch .", null, "limit doesn't support negative count"],
    // contains: true and false are two kinds at the top, and a kind mismatch deeper down is just false.
    [
      "try (true | contains(false)) catch .",
      null,
      "boolean (true) and boolean (false) cannot have their containment checked",
    ],
    ['{"a": 1} | contains({"a": "x"})', null, false],
    // Paths: getpath checks every key; delpaths deletes level by level, sub-paths one after another.
    ["try (null | getpath([true])) catch .", null, "Cannot index null with boolean (true)"],
    ["[[1, 2], [3, 4]] | delpaths([[-1, 0], [1, 1]])", null, [[1, 2], [4]]],
    ['try ({"a": 1} | delpaths([["a", 1]])) catch .', null, "Cannot delete fields from number"],
    ["try ([1] | .[{}]) catch .", null, "Array/string slice indices must be integers"],
    ["[1, 2, 3] | del(.[-0.5])", null, [1, 2, 3]],
    // Assignments update each path as it comes: the update's error comes before the second path's.
    ['try ((.a, error("x")) |= error("y")) catch .', {}, "y"],
    // Oniguruma's `.` takes \r; an empty capture has its keys in another order.
    ['test("a.b")', "a\rb", true],
    ['[match("(x?)b")] | .[0].captures[0] | keys_unsorted', "ab", ["offset", "string", "length", "name"]],
    // NaN is an empty csv field; code points that are not scalar values implode to U+FFFD.
    ["[nan, 1] | @csv", null, ",1"],
    ["[65.7, -1, 1114112] | implode | explode", null, [65, 65533, 65533]],
    ['["a", 1] | map(isnormal)', null, [false, true]],
    ['["a", null, nan] | map(isnan)', null, [false, false, true]],
    // A literal zero negated or measured keeps its digits, without the sign.
    ["[-0.0, (-0.00 | length), (-(-0.0))] | map(tojson)", null, ["0.0", "0.00", "0.0"]],
    // jq's escaping writes NUL as backslash-zero; a message ends at a NUL.
    ["[@sh, ([.] | @csv)]", "a\u0000b", ["'a\\0b'", '"a\\0b"']],
    ['try error("a\\u0000b") catch .', null, "a\u0000b"],
    // Oniguruma's extended mode skips ASCII whitespace only.
    ['test("a\u00a0b"; "x")', "a\u00a0b", true],
  ] as const)("%s on %j", async (program, input, expected) => {
    const { own, wasm } = await bothEngines(program, input);
    expect(own).toEqual({ ok: true, outputs: [expected] });
    expect(wasm).toEqual(own);
  });

  it("prints an error message as C does, up to a NUL", async () => {
    const { own, wasm } = await bothEngines('error("a\\u0000b")', null);
    expect(own).toEqual({ ok: false, message: "jq: error (at /dev/stdin:0): a" });
    expect(wasm).toEqual(own);
  });
});

describe("the sandbox, on the parsed program", () => {
  it.each([
    ['"\\($ENV.PATH)"', "$ENV"],
    ['"\\(env)"', "env"],
    ['"\\(input)"', "input"],
    ['"\\(input_filename)"', "input_filename"],
    ['"\\(1|debug)"', "debug"],
    ["[inputs]", "inputs"],
    ['"x" | stderr', "stderr"],
    ["halt_error", "halt_error"],
    ["$__prog_args", "$__prog_args"],
    ['import "a" as a; .', "import"],
    ["env | ", "env"],
  ])("refuses %s, naming %s", async (program, builtin) => {
    expect(await runJqProgram(program, {})).toEqual({
      ok: false,
      message: `jq: ${builtin} is not available in ZIS flows`,
    });
  });

  it.each([
    ["{input}", { input: 1 }, { input: 1 }],
    ["{input, subdomain}", { input: 1, subdomain: "acme" }, { input: 1, subdomain: "acme" }],
    [".input", { input: 2 }, 2],
    ["{env: 1}", null, { env: 1 }],
    ['"input"', null, "input"],
    [". as $input | $input", 3, 3],
    ["def env: 4; env", null, 4],
    ["def f(input): input; f(5)", null, 5],
    ['"\\(.input)"', { input: "x" }, "x"],
  ])("allows the look-alike %s", async (program, input, expected) => {
    expect(await runJqProgram(program, input)).toEqual({ ok: true, outputs: [expected] });
  });
});

describe("programs jq-wasm runs", () => {
  it("a program starting with - is a program, not options", async () => {
    expect(await runWasmJq("-length", "abc")).toEqual({ ok: true, outputs: [-3] });
    expect(await runJqProgram("-length", "abc")).toEqual({ ok: true, outputs: [-3] });
  });

  it("input nested deeper than jq-wasm can take is refused with a clear message; the next call works", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 800; i++) deep = [deep];
    expect(await runWasmJq(".", deep)).toEqual({
      ok: false,
      message: `jq: input nested deeper than ${WASM_MAX_INPUT_DEPTH} levels`,
    });
    expect(await runWasmJq("length", [1, 2])).toEqual({ ok: true, outputs: [2] });
    // The own engine takes it.
    expect(runOwnJq("[..] | length", deep)).toEqual({ ok: true, outputs: [801] });
  });

  it("a crash of jq-wasm is an error of its call; the next call gets a fresh jq", async () => {
    const nested = `${"[".repeat(3000)}1${"]".repeat(3000)}`;
    expect(await runWasmJq(nested, null)).toEqual({
      ok: false,
      message: "jq crashed: memory access out of bounds",
    });
    expect(await runWasmJq(".a", { a: 1 })).toEqual({ ok: true, outputs: [1] });
  });

  it("the own engine leaves what it does not implement to jq-wasm, which answers", async () => {
    const program = 'strptime("%d/%m/%Y") | mktime';
    expect(runOwnJq(program, "15/01/2024")).toBe("unsupported");
    expect(await runJqProgram(program, "15/01/2024")).toEqual({ ok: true, outputs: [1705276800] });
  });
});

describe("what a program may spend, and the time it reads", () => {
  it("the own engine counts steps: a program over its steps throws JqBudgetExceeded, which try cannot catch", () => {
    expect(runOwnJq("[range(10)] | length", null, { steps: 100 })).toEqual({ ok: true, outputs: [10] });
    for (const program of ["[range(1000)] | length", "try [range(1000)] catch 0", "[range(1000)]?"]) {
      expect(() => runOwnJq(program, null, { steps: 100 })).toThrow(JqBudgetExceeded);
      expect(() => runOwnJq(program, null, { steps: 100 })).toThrow(
        "jq program over its budget: jqSteps (100)",
      );
    }
    // A later program has its own steps.
    expect(runOwnJq("[range(90)] | length", null, { steps: 100 })).toEqual({ ok: true, outputs: [90] });
  });

  it("jq-wasm past its deadline throws JqBudgetExceeded; the next call gets a fresh worker", async () => {
    const endless = ". as [$a] ?// $a | until(false; .)";
    expect(runOwnJq(endless, null)).toBe("unsupported");
    const outcome = runJqProgram(endless, null, { milliseconds: 100 });
    await expect(outcome).rejects.toBeInstanceOf(JqBudgetExceeded);
    await expect(outcome).rejects.toMatchObject({ budget: "jqMilliseconds", limit: 100 });
    expect(await runWasmJq(".a", { a: 1 })).toEqual({ ok: true, outputs: [1] });
  });

  it("leaves regular expressions that backtrack without end to jq-wasm, where the deadline stops them", async () => {
    const exponential = 'test("(a+)+$")';
    const text = `${"a".repeat(40)}!`;
    expect(runOwnJq(exponential, text)).toBe("unsupported");
    await expect(runJqProgram(exponential, text, { milliseconds: 100 })).rejects.toMatchObject({
      budget: "jqMilliseconds",
    });
    // `\s+$` takes time growing with the square of the text's length: a long text goes to jq-wasm.
    const trailing = String.raw`[match("\\s+$"; "g") | .offset]`;
    expect(runOwnJq(trailing, "short  ")).toEqual({ ok: true, outputs: [[5]] });
    const long = `${" ".repeat(5000)}x  `;
    expect(runOwnJq(trailing, long)).toBe("unsupported");
    expect(await runJqProgram(trailing, long)).toEqual({ ok: true, outputs: [[5001]] });
  });

  it.each([1767225600000, 1767225600001, 1767225600999, 1767225600123, 946684799999])(
    "now reads the given time in both engines alike (%d ms)",
    async (ms) => {
      const own = runOwnJq("now", null, { now: ms });
      const wasm = await runWasmJq("now", null, { milliseconds: 2000, now: ms });
      expect(own).toEqual(wasm);
      expect(own).toEqual({ ok: true, outputs: [ms / 1000] });
    },
  );
});

describe("the Jq action's result", () => {
  it("is the single output; none is null; several are a state error; errors carry jq's message", async () => {
    expect(await runJq(".a", { a: [1] })).toEqual([1]);
    expect(await runJq("empty", {})).toBeNull();
    await expect(runJq(".[]", [1, 2])).rejects.toThrow(
      "jq program produced 2 outputs; a Jq action must produce one (wrap it in [...] to collect them)",
    );
    await expect(runJq(".a", 5)).rejects.toThrow(
      'jq: error (at /dev/stdin:0): Cannot index number with string ("a")',
    );
    await expect(runJq('error({"code": 1})', null)).rejects.toThrow(
      'jq: error (at /dev/stdin:0) (not a string): {"code":1}',
    );
  });

  it("errors read the same from both engines", async () => {
    for (const [program, input] of [
      [".a", 5],
      ["tonumber", "abc"],
      [". + 1", { a: "long text that jq cuts in its message" }],
      ['error("x")', null],
      ["keys", null],
    ] as const) {
      const { own, wasm } = await bothEngines(program, input);
      expect(own).toEqual(wasm);
    }
  });
});

describe("Jq data: a value read by reference reaches jq as it is; text the bundle writes is read as JSON", () => {
  const jqState = (parameters: Record<string, unknown>) =>
    flowBundle({
      J: {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { expr: "type", ...parameters },
        ResultPath: "$.type",
        End: true,
      },
    });

  it.each([
    [
      "data.$ as a reference path to a string that looks like a number",
      { "data.$": "$.input.status" },
      "string",
    ],
    ["data.$ as a reference path to an object", { "data.$": "$.input" }, "object"],
    ["data as a literal string of JSON", { data: '{"a": 1}' }, "object"],
    ["data as a literal string that is not JSON", { data: "plain words" }, "string"],
    ["data.$ as a template giving JSON text", { "data.$": "{{$.input.status}}" }, "number"],
    ["data.$ as a template giving other text", { "data.$": "status {{$.input.status}}" }, "string"],
  ])("%s", async (_, parameters, type) => {
    const result = await runFlow(jqState(parameters), { input: { ...ticketInput(), status: "12345" } });
    expect(result).toHaveOutputAt("$.type", type);
  });
});
