import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, useTempFolder, ZISFLOW_FROM_SOURCES } from "../support/cli.js";
import { ROOT } from "../support/shared.js";

const folder = useTempFolder("zisflow-validate-");
const write = folder.write;

const validate = (...args: string[]) => runCli(["validate", ...args], folder.dir);

/** A valid bundle: job spec J → flow F (Pass A → Succeed B), integration "acme". */
function bundle(
  states: Record<string, unknown> = { A: { Type: "Pass", Next: "B" }, B: { Type: "Succeed" } },
) {
  return {
    name: "Test bundle",
    zis_template_version: "2019-10-14",
    resources: {
      F: { type: "ZIS::Flow", properties: { name: "F", definition: { StartAt: "A", States: states } } },
      J: {
        type: "ZIS::JobSpec",
        properties: {
          name: "J",
          event_source: "support",
          event_type: "ticket.TicketCreated",
          flow_name: "zis:acme:flow:F",
        },
      },
    },
  };
}

const STATES = "/resources/F/properties/definition/States";
const lines = (text: string): string[] => text.split("\n").filter((line) => line !== "");

describe("zisflow validate", () => {
  it("passes the repository's dist-bundles/my_zis_bundle.json (one warning, no errors)", async () => {
    const run = await runCli(["validate", "dist-bundles/my_zis_bundle.json"], ROOT);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "dist-bundles/my_zis_bundle.json:/resources/InitiateRefund/properties/definition/url: warning url_not_absolute:",
    );
    expect(lines(run.stdout).at(-1)).toBe("dist-bundles/my_zis_bundle.json: 0 errors, 1 warning");
  });

  it("passes a valid bundle with no findings", async () => {
    const run = await validate(write("valid.json", bundle()));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("valid.json: 0 errors, 0 warnings\n");
    expect(run.stderr).toBe("");
  });

  it("reports a dangling Next with the file, its JSON pointer and unknown_next_state (exit 1)", async () => {
    const file = write(
      "dangling.json",
      bundle({ A: { Type: "Pass", Next: "Missing" }, B: { Type: "Succeed" } }),
    );
    const run = await validate(file);
    expect(run.code).toBe(1);
    const line = lines(run.stdout).find((l) => l.includes("unknown_next_state"));
    expect(line).toBeDefined();
    expect(line).toMatch(
      new RegExp(`^dangling\\.json:${STATES}/A/Next: error unknown_next_state: .*"Missing"`),
    );
    expect(lines(run.stdout).at(-1)).toMatch(/^dangling\.json: 1 error, \d+ warnings?$/);
  });

  it("runs jq on each literal expr: one it does not compile is jq_program_error (exit 1)", async () => {
    const file = write(
      "jq.json",
      bundle({
        A: {
          Type: "Action",
          ActionName: "zis:common:transform:Jq",
          Parameters: { expr: "{a: 1", "data.$": "$.input" },
          ResultPath: "$.a",
          Next: "B",
        },
        B: { Type: "Succeed" },
      }),
    );
    const run = await validate(file);
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      `jq.json:${STATES}/A/Parameters/expr: error jq_program_error: the jq program fails every run: jq: error: syntax error, unexpected end of file, expecting '}'`,
      "jq.json: 1 error, 0 warnings",
    ]);
  });

  it("accepts a byte-order mark and counts columns in characters, not UTF-16 units", async () => {
    const withBom = write("bom.json", "\uFEFF" + JSON.stringify(bundle()));
    expect((await validate(withBom)).code).toBe(0);
    const emoji = write("emoji.json", '{"a":"😀" "b":1}');
    const run = await validate(emoji);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "emoji.json: invalid JSON at line 1, column 10: expected ',' or '}', found '\"'\n",
    );
    expect(run.stdout).toBe("");
  });

  describe("malformed JSON (exit 2, with line and column)", () => {
    it.each([
      {
        what: "a missing comma on line 3",
        text: '{\n  "name": "t",\n  "zis_template_version": "2019-10-14" "resources": {}\n}\n',
        at: "line 3, column 40",
      },
      {
        what: "a missing comma at the end of line 2 (reported where the next member starts)",
        text: '{\n  "name": "t"\n  "zis_template_version": "2019-10-14"\n}\n',
        at: "line 3, column 3",
      },
      {
        what: "CRLF line endings",
        text: '{\r\n  "name": "t",\r\n\t"zis_template_version" "2019-10-14"\r\n}\r\n',
        at: "line 3, column 25",
      },
      { what: "a trailing comma", text: '{\n  "name": "t",\n}\n', at: "line 3, column 1" },
      { what: "a line break inside a string", text: '{\n  "name": "t\n}\n', at: "line 2, column 13" },
      { what: "a string that never ends", text: '{\n  "name": "t', at: "line 2, column 11" },
      { what: "an empty file", text: "", at: "line 1, column 1" },
    ])("$what", async ({ text, at }) => {
      const file = write("malformed.json", text);
      const run = await validate(file);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`malformed.json: invalid JSON at ${at}:`);
      expect(run.stderr).not.toContain("    at ");
    });

    it("the column of the missing comma on line 3 is where the next member starts", async () => {
      const line3 = '  "zis_template_version": "2019-10-14" "resources": {}';
      const column = line3.indexOf('"resources"') + 1;
      expect(column).toBe(40);
      const run = await validate(write("comma.json", `{\n  "name": "t",\n${line3}\n}\n`));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `comma.json: invalid JSON at line 3, column ${column}: expected ',' or '}'`,
      );
    });
  });

  it("reports a state key repeated in States as duplicate_json_key with its pointer (exit 1)", async () => {
    const text = `{
  "name": "t",
  "zis_template_version": "2019-10-14",
  "resources": {
    "F": {
      "type": "ZIS::Flow",
      "properties": {
        "name": "F",
        "definition": {
          "StartAt": "A",
          "States": {
            "A": { "Type": "Pass", "Next": "B" },
            "B": { "Type": "Succeed" },
            "A": { "Type": "Succeed" }
          }
        }
      }
    },
    "J": {
      "type": "ZIS::JobSpec",
      "properties": {
        "name": "J",
        "event_source": "support",
        "event_type": "ticket.TicketCreated",
        "flow_name": "zis:acme:flow:F"
      }
    }
  }
}
`;
    const run = await validate(write("duplicate.json", text));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `duplicate.json:${STATES}/A: error duplicate_json_key: "A" appears more than once`,
    );
  });

  it("--json prints one report per file with code, severity, path, data and message", async () => {
    const dangling = write("json-dangling.json", bundle({ A: { Type: "Pass", Next: "Nowhere" } }));
    const valid = write("json-valid.json", bundle());
    const run = await validate("--json", dangling, valid);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const reports = JSON.parse(run.stdout) as Array<{
      file: string;
      findings: Array<Record<string, unknown>>;
    }>;
    expect(reports.map((r) => r.file)).toEqual([dangling, valid]);
    expect(reports[0]!.findings).toContainEqual({
      code: "unknown_next_state",
      severity: "error",
      path: `${STATES}/A/Next`,
      data: { target: "Nowhere" },
      message: expect.stringContaining("Nowhere"),
    });
    for (const finding of reports[0]!.findings)
      expect(Object.keys(finding).sort()).toEqual(["code", "data", "message", "path", "severity"]);
    expect(reports[1]).toEqual({ file: valid, findings: [] });
  });

  it("--json reports a malformed file as invalid_json (exit 2)", async () => {
    const file = write("json-malformed.json", '{\n  "name": "t",,\n}\n');
    const run = await validate("--json", file);
    expect(run.code).toBe(2);
    const [report] = JSON.parse(run.stdout) as Array<{ file: string; findings: Array<{ code: string }> }>;
    expect(report!.file).toBe(file);
    expect(report!.findings.map((f) => f.code)).toEqual(["invalid_json"]);
  });

  describe("usage errors (exit 2)", () => {
    it("a missing file is named", async () => {
      const run = await validate("does-not-exist.json");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("does-not-exist.json: no such file");
      expect(run.stderr).not.toContain("    at ");
    });

    it("a missing file among valid ones still exits 2, and the others are checked", async () => {
      const valid = write("present.json", bundle());
      const run = await validate(valid, "absent.json");
      expect(run.code).toBe(2);
      expect(run.stdout).toContain("present.json: 0 errors, 0 warnings");
      expect(run.stderr).toContain("absent.json: no such file");
    });

    it("a TypeScript module: says to build it", async () => {
      const run = await validate(write("flow.ts", "export default 1;\n"));
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr:
          "flow.ts: a TypeScript module, not bundle JSON: zisflow build compiles and validates modules\n",
      });
    });

    it("no file at all", async () => {
      const run = await validate();
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("validate needs at least one FILE");
    });

    it("an unknown option", async () => {
      const run = await validate("--jsn", write("option.json", bundle()));
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("--jsn");
    });
  });

  it("validates the *.json files directly in a folder, by name, skipping hidden files", async () => {
    mkdirSync(path.join(folder.dir, "out/nested"), { recursive: true });
    write("out/b.json", bundle({ A: { Type: "Pass", Next: "Gone" } }));
    write("out/a.json", bundle());
    write("out/.zisflow-manifest.json", { comment: "not a bundle", files: {} });
    write("out/notes.txt", "not JSON");
    write("out/nested/c.json", "not even JSON");
    const run = await validate("out");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(lines(run.stdout).map((line) => line.split(": ")[0])).toEqual([
      "out/a.json",
      `out/b.json:${STATES}/A/Next`,
      "out/b.json:/resources/F/properties/definition/StartAt",
      "out/b.json",
    ]);
    expect(run.stdout).toContain(`out/b.json:${STATES}/A/Next: error unknown_next_state:`);
  });

  it("refuses a folder without .json files (exit 2)", async () => {
    mkdirSync(path.join(folder.dir, "empty"));
    const run = await validate("empty");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("zisflow validate: empty holds no .json files\n");
  });

  it("reports the Registry API's read-only fields as warnings (exit 0)", async () => {
    const file = write("registry.json", {
      uuid: "8b4c2f0e-5d7a-4c1b-9e3f-2a6d8c0b1e4f",
      integration: "acme",
      zendesk_account_id: 12345678,
      ...bundle(),
    });
    const run = await validate(file);
    expect(run.code).toBe(0);
    const warnings = lines(run.stdout).filter((l) => l.includes("registry_read_only_field"));
    expect(warnings.map((l) => l.split(": ")[0])).toEqual([
      "registry.json:/uuid",
      "registry.json:/integration",
      "registry.json:/zendesk_account_id",
    ]);
    for (const warning of warnings) expect(warning).toContain(": warning registry_read_only_field: ");
    expect(lines(run.stdout).at(-1)).toBe("registry.json: 0 errors, 3 warnings");
  });

  describe("--integration", () => {
    it("reports references to another integration as integration_key_mismatch (exit 1)", async () => {
      const run = await validate("--integration", "globex", write("key.json", bundle()));
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        'key.json:/resources/J/properties/flow_name: error integration_key_mismatch: names integration "acme", not "globex"',
      );
    });

    it("accepts the key the bundle uses (exit 0)", async () => {
      const run = await validate("--integration", "acme", write("same-key.json", bundle()));
      expect(run.code).toBe(0);
      expect(run.stdout).toBe("same-key.json: 0 errors, 0 warnings\n");
    });
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await validate("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: zisflow validate FILE|FOLDER...");
  });
});

describe("the zisflow executable", () => {
  it("runs `validate` and sets the process exit code", () => {
    const valid = path.join(folder.dir, write("bin-valid.json", bundle()));
    const ok = spawnSync(process.execPath, [...ZISFLOW_FROM_SOURCES, "validate", valid], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(`${valid}: 0 errors, 0 warnings\n`);

    const dangling = path.join(
      folder.dir,
      write("bin-dangling.json", bundle({ A: { Type: "Pass", Next: "Gone" } })),
    );
    const failed = spawnSync(process.execPath, [...ZISFLOW_FROM_SOURCES, "validate", dangling], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(`${dangling}:${STATES}/A/Next: error unknown_next_state:`);
  });
});
