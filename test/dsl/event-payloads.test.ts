/**
 * The event catalog against the documented payloads: each payload, written as an object literal typed with its
 * catalog type, must type-check (so no member is missing, has another type, or is unknown to the type), and a
 * payload with one wrong member must not.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSharedJson, ROOT, SHARED_AVAILABLE, SHARED_SKIP_REASON } from "../support/shared.js";

const OUT = path.join(ROOT, "test-artifacts", "event-payloads");
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

interface PayloadCase {
  /** The documented payload, under ../shared. */
  readonly file: readonly string[];
  /** Where `$.input` is inside the file. */
  readonly input: (json: unknown) => unknown;
  /** Its type, as a flow author writes it. */
  readonly type: string;
}

const member = (key: string) => (json: unknown) => (json as Record<string, unknown>)[key];
const whole = (json: unknown) => json;

const CASES: readonly PayloadCase[] = [
  {
    file: ["corpus", "docs-examples", "flow-input-ticket-created.json"],
    input: member("input"),
    type: `EventInput<"support", "ticket.TicketCreated">`,
  },
  {
    file: ["corpus", "docs-examples", "flow-input-activity-user-activity-created.json"],
    input: member("input"),
    type: `EventInput<"sunshine", "activity.UserActivityCreated", { readonly passcode_preference: string }>`,
  },
  {
    file: ["corpus", "events", "derived-zis-input", "input-ticket-comment-added.json"],
    input: whole,
    type: `EventInput<"support", "ticket.CommentAdded">`,
  },
  {
    file: ["corpus", "events", "derived-zis-input", "input-ticket-attachment-linked-to-comment.json"],
    input: whole,
    type: `EventInput<"support", "ticket.AttachmentLinkedToComment">`,
  },
  {
    file: ["corpus", "events", "zendesk-event-agent-unified-state-changed.json"],
    input: whole,
    type: `AgentEventInput<"zen:event-type:agent.unified_state_changed">`,
  },
  {
    file: ["corpus", "events", "zendesk-event-agent-work-item-added.json"],
    input: whole,
    type: `AgentEventInput<"zen:event-type:agent.work_item_added">`,
  },
];

interface TypedPayload {
  readonly type: string;
  readonly value: unknown;
  readonly expectError: boolean;
}

/**
 * Runs tsc once over modules that each assign their payloads to their types (one tsc run: each costs a check of
 * zisflow's sources); returns tsc's output, whose lines name the module.
 */
function typeCheck(modules: Readonly<Record<string, readonly TypedPayload[]>>) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    path.join(OUT, "tsconfig.json"),
    JSON.stringify({ extends: "../../tsconfig.json", include: ["*.ts"] }),
  );
  for (const [name, payloads] of Object.entries(modules)) {
    const lines = [
      `import type { AgentEventInput, EventInput } from "zisflow";`,
      ...payloads.map(
        ({ type, value, expectError }, i) =>
          `${expectError ? "// @ts-expect-error: one member has the wrong type\n" : ""}export const payload${i}: ${type} = ${JSON.stringify(value)};`,
      ),
    ];
    writeFileSync(path.join(OUT, `${name}.ts`), lines.join("\n") + "\n");
  }
  const tsc = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", OUT],
    { encoding: "utf8" },
  );
  return { output: tsc.stdout + tsc.stderr, status: tsc.status };
}

/** The payload with the first number it holds (depth first) replaced by a string. */
function withOneWrongMember(value: unknown): unknown {
  let done = false;
  const visit = (node: unknown): unknown => {
    if (done) return node;
    if (typeof node === "number") {
      done = true;
      return String(node);
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node !== null && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    return node;
  };
  return visit(value);
}

describe.skipIf(!SHARED_AVAILABLE)(`documented event payloads${SHARED_SKIP_REASON}`, () => {
  // Read inside the tests: a skipped suite's body still runs when vitest collects it.
  const payloads = () => CASES.map((c) => ({ type: c.type, value: c.input(readSharedJson(...c.file)) }));

  it("fit the catalog's types exactly, and do not once one member has the wrong type", () => {
    const exact = payloads().map((p) => ({ ...p, expectError: false }));
    const mutated = payloads().map((p) => ({
      type: p.type,
      value: withOneWrongMember(p.value),
      expectError: true,
    }));
    expect(typeCheck({ exact, mutated })).toEqual({ output: "", status: 0 });
  });
});
