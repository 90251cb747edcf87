/**
 * Benchmarks (`npm run bench`): one `name: value unit` line per figure, medians of repeated runs.
 * Targets: compile a 1000-state flow ≤ 50 ms; warm validate ≤ 1 ms per corpus bundle; cold
 * `zisflow validate` ≤ 0.3 s (from the installed package's bin); ≥ 20,000 refund runs/s on each path; ≤ 3 µs per Pass state; tsc on a
 * generated 300-state typed flow module ≤ 5 s.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { compileBundle } from "../../src/compiler/compile.js";
import { validateBundle } from "../../src/compiler/validate.js";
import {
  action,
  bundle,
  choice,
  flow,
  jobSpec,
  jq,
  pass,
  path as refAt,
  stringEquals,
  succeed,
  wait,
  type Step,
} from "../../src/index.js";
import { renderDot, renderHtml, renderMermaid, flowGraphs } from "../../src/graph/index.js";
import { importBundle } from "../../src/importer/index.js";
import { runFlow } from "../../src/interpreter/index.js";
import { runJq, runOwnJq, runWasmJq } from "../../src/interpreter/jq/index.js";
import { npmInstall, packZisflow } from "../support/package.js";
import { CORPUS_PROGRAMS, corpusProgram } from "./jq-corpus.js";
import { CORPUS_DIR, ROOT, SHARED_AVAILABLE } from "../support/shared.js";

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(run: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(5, iterations); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

const line = (name: string, value: number, unit: string) =>
  console.log(`${name}: ${value.toFixed(unit === "s" ? 3 : 3)} ${unit}`);

/** A flow of `size` states: Pass, Jq, Wait and Choice in turn, each continuing to the next. */
function generatedBundle(size: number) {
  const big = flow<{ input: { ticket_event: { ticket: { status: string } } } }>("GeneratedFlow", ($) => {
    const steps: Step[] = [];
    for (let i = 0; i < size - 1; i++) {
      const name = `State${String(i).padStart(4, "0")}`;
      switch (i % 4) {
        case 0:
          steps.push(pass(name, { result: { i }, resultPath: refAt(`$.results.s${i}`) }));
          break;
        case 1:
          steps.push(
            action(name, jq(".ticket_event.ticket.status", $.input), {
              resultPath: refAt(`$.results.s${i}`),
            }),
          );
          break;
        case 2:
          steps.push(wait(name, { seconds: 1 }));
          break;
        default:
          steps.push(choice(name));
      }
    }
    steps.push(succeed("Done"));
    steps.slice(0, -1).forEach((step, i) => {
      const following = steps[i + 1]!;
      if (step.kind === "Choice")
        step
          .when(stringEquals($.input.ticket_event.ticket.status, `s${i}`), steps[steps.length - 1]!)
          .otherwise(following);
      else if (step.kind !== "Succeed" && step.kind !== "Fail") step.next(following);
    });
    return steps[0]!;
  });
  return bundle({
    name: "generated",
    jobSpecs: [jobSpec("Job", { event_source: "support", event_type: "ticket.TicketCreated", flow: big })],
  });
}

const definition = generatedBundle(1000);
const states = Object.keys(
  (compileBundle(definition).bundle as any).resources.GeneratedFlow.properties.definition.States,
).length;
if (states !== 1000) throw new Error(`generated flow has ${states} states`);
line(
  "compile_1000_state_flow",
  timeMs(() => compileBundle(definition), 30),
  "ms",
);
const compiled = compileBundle(definition).bundle;
line(
  "validate_1000_state_flow",
  timeMs(() => validateBundle(compiled), 30),
  "ms",
);

/**
 * A flow of `size` Jq states in a chain, each reading the result the one before wrote. Target: 8000 states
 * ≤ 500 ms (the data-flow check is linear; comparing each read with each write took 14.6 s).
 */
function jqChainBundle(size: number) {
  const states = Object.fromEntries(
    Array.from({ length: size }, (_, i) => [
      `S${i}`,
      {
        Type: "Action",
        ActionName: "zis:common:transform:Jq",
        Parameters: { expr: ".", "data.$": i === 0 ? "$.input" : `$.r${i - 1}` },
        ResultPath: `$.r${i}`,
        ...(i === size - 1 ? { End: true } : { Next: `S${i + 1}` }),
      },
    ]),
  );
  const definition = { StartAt: "S0", States: states };
  return {
    name: "jq chain",
    zis_template_version: "2019-10-14",
    resources: { Chain: { type: "ZIS::Flow", properties: { name: "Chain", definition } } },
  };
}
const jqChain = jqChainBundle(8000);
line(
  "validate_8000_jq_chain",
  timeMs(() => validateBundle(jqChain), 10),
  "ms",
);

if (SHARED_AVAILABLE) {
  for (const file of readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const json = JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8"));
    line(
      `validate_warm_${file.replace(/\.json$/, "")}`,
      timeMs(() => validateBundle(json), 300),
      "ms",
    );
  }
} else {
  console.log("# validate_warm_*: skipped, ../shared is not beside this checkout");
}

/** Median wall time of a whole `zisflow validate` process, in seconds. */
function coldValidate(command: string, args: readonly string[], cwd: string): number {
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    const result = spawnSync(command, [...args, "validate", "dist-bundles/my_zis_bundle.json"], { cwd });
    samples.push((performance.now() - start) / 1000);
    if (result.status !== 0) throw new Error(`zisflow validate exited ${result.status}: ${result.stderr}`);
  }
  return median(samples);
}

// Cold `zisflow validate` as users run it: the packed package installed into a project, started through its bin.
const scratch = mkdtempSync(path.join(os.tmpdir(), "zisflow-bench-"));
try {
  const { tarball } = packZisflow(scratch);
  const installed = path.join(scratch, "project");
  mkdirSync(path.join(installed, "dist-bundles"), { recursive: true });
  npmInstall(installed, [tarball], { create: true });
  copyFileSync(
    path.join(ROOT, "dist-bundles/my_zis_bundle.json"),
    path.join(installed, "dist-bundles/my_zis_bundle.json"),
  );
  line(
    "cli_validate_cold_installed",
    coldValidate(path.join(installed, "node_modules/.bin/zisflow"), [], installed),
    "s",
  );
  // The same compiled CLI in this checkout (npm pack just built dist/).
  line(
    "cli_validate_cold",
    coldValidate(process.execPath, [path.join(ROOT, "dist/cli/zisflow.js")], ROOT),
    "s",
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// Interpreter (issue 3). Targets: ≥ 20,000 refund runs/s on each path; ≤ 3 µs per Pass state.
const tutorial = JSON.parse(readFileSync(path.join(ROOT, "dist-bundles/my_zis_bundle.json"), "utf8"));
const activity = (amount: string) => ({
  activity_event: {
    type: "User Activity Created",
    user_activity: {
      type: "refund_request",
      user_id: 1,
      profile_id: "P1",
      properties: { order_id: "123", refund_amount: amount },
    },
  },
});
const profile = (membership: string) => ({ status: 200, body: { profile: { attributes: { membership } } } });
const refundPaths = {
  refund_100_basic: {
    input: activity("100.00"),
    http: [{ match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } }],
  },
  refund_200_premium: {
    input: activity("200.00"),
    http: [
      { match: { action: "GetUserProfile" }, response: profile("premium") },
      { match: { action: "InitiateRefund" }, response: { status: 200, body: { ok: true } } },
    ],
  },
  refund_200_basic_ticket: {
    input: activity("200.00"),
    http: [
      { match: { action: "GetUserProfile" }, response: profile("basic") },
      { match: { action: "CreateZendeskTicket" }, response: { status: 201, body: { ticket: { id: 75 } } } },
    ],
  },
};

async function runsPerSecond(run: () => Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < runs; i++) await run();
    rates.push(runs / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

for (const [name, { input, http }] of Object.entries(refundPaths)) {
  const rate = await runsPerSecond(() => runFlow(tutorial, { input, mocks: { http } }), 4000);
  console.log(`${name}_runs_per_s: ${Math.round(rate)} runs/s`);
}

// The Jq action on programs of the corpus bundles (issue 12). Targets: median ≤ 20 µs, slowest ≤ 100 µs.
if (SHARED_AVAILABLE) {
  const costs: number[] = [];
  let answeredByOwn = 0;
  for (const entry of CORPUS_PROGRAMS) {
    const program = corpusProgram(entry);
    const expected = await runWasmJq(program, entry.input);
    if (!expected.ok || expected.outputs.length !== 1)
      throw new Error(
        `${entry.bundle} ${entry.state}: jq-wasm does not give one output: ${JSON.stringify(expected)}`,
      );
    const own = runOwnJq(program, entry.input);
    if (own !== "unsupported") {
      answeredByOwn++;
      if (JSON.stringify(own) !== JSON.stringify(expected))
        throw new Error(`${entry.bundle} ${entry.state}: the own engine answers ${JSON.stringify(own)}`);
    }
    for (let i = 0; i < 50; i++) await runJq(program, entry.input);
    const samples: number[] = [];
    for (let round = 0; round < 5; round++) {
      const calls = 400;
      const start = performance.now();
      for (let i = 0; i < calls; i++) await runJq(program, entry.input);
      samples.push(((performance.now() - start) * 1000) / calls);
    }
    costs.push(median(samples));
  }
  line("jq_corpus_median_us", median(costs), "µs");
  line("jq_corpus_slowest_us", Math.max(...costs), "µs");
  console.log(`jq_corpus_programs_own_engine: ${answeredByOwn} of ${CORPUS_PROGRAMS.length} programs`);
} else {
  console.log("# jq_corpus_*: skipped, ../shared is not beside this checkout");
}

const chain: Record<string, unknown> = {};
for (let i = 0; i < 100; i++)
  chain[`P${i}`] = {
    Type: "Pass",
    Result: { step: i },
    ResultPath: `$.steps.s${i % 10}`,
    ...(i < 99 ? { Next: `P${i + 1}` } : { End: true }),
  };
const passBundle = {
  name: "pass chain",
  zis_template_version: "2019-10-14",
  resources: {
    Chain: { type: "ZIS::Flow", properties: { name: "Chain", definition: { StartAt: "P0", States: chain } } },
  },
};
const passRate = await runsPerSecond(
  () => runFlow(passBundle, { input: { ticket_event: { ticket: { id: 1 } } } }),
  1000,
);
console.log(`pass_state_cost: ${(1e6 / passRate / 100).toFixed(3)} µs`);

// Import (issue 4): the largest corpus bundle, JSON → TypeScript (including the importer's own build checks).
if (SHARED_AVAILABLE) {
  const largest = JSON.parse(readFileSync(path.join(CORPUS_DIR, "zwm-postman-sample-bundle.json"), "utf8"));
  await importBundle(largest, { fileName: "warmup.json" });
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await importBundle(largest, { fileName: "zwm-postman-sample-bundle.json" });
    samples.push(performance.now() - start);
  }
  line("import_zwm_postman_sample_bundle", median(samples), "ms");
}

// Graphs (issue 6): the largest corpus bundle drawn in each format, from bundle JSON to text.
if (SHARED_AVAILABLE) {
  const largest = JSON.parse(readFileSync(path.join(CORPUS_DIR, "zwm-postman-sample-bundle.json"), "utf8"));
  const formats = {
    mermaid: () => renderMermaid(flowGraphs(largest)),
    dot: () => renderDot(flowGraphs(largest)),
    html: () => renderHtml(flowGraphs(largest)),
  };
  for (const [format, render] of Object.entries(formats)) {
    for (let i = 0; i < 5; i++) render();
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      render();
      samples.push(performance.now() - start);
    }
    line(`graph_${format}_zwm_postman_sample_bundle`, median(samples), "ms");
  }
}

// Types (issue 5): tsc --noEmit wall time of a generated flow module, and how it grows with the flow.
const typesDir = path.join(ROOT, "test-artifacts", "types-bench");
mkdirSync(typesDir, { recursive: true });
try {
  for (const size of [30, 100, 300]) {
    const dir = path.join(typesDir, `flow-${size}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../../tsconfig.json", include: ["*.ts"] }),
    );
    writeFileSync(path.join(dir, "flow.ts"), typedFlowModule(size));
    const start = performance.now();
    const tsc = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", dir],
      { encoding: "utf8" },
    );
    const seconds = (performance.now() - start) / 1000;
    if (tsc.status !== 0)
      throw new Error(`tsc failed on the ${size}-state module:\n${tsc.stdout}${tsc.stderr}`);
    line(`tsc_typed_flow_${size}_states`, seconds, "s");
  }
} finally {
  rmSync(typesDir, { recursive: true, force: true });
}

/**
 * A flow module of `size` states that uses typed paths, typed conditions, a custom action and typed results
 * (every ResultPath is checked against what its state writes).
 */
function typedFlowModule(size: number): string {
  const lines = [
    'import { action, bundle, choice, flow, httpAction, invoke, jobSpec, jq, numericGreaterThan, pass, stringEquals, succeed, tpl, wait, type TicketEventInput } from "zisflow";',
    "",
    'const notify = httpAction<{ ticket_id: number; text: string }, { readonly score: number; readonly label: string }>("Notify", ($) => ({',
    '  method: "POST", url: "https://hooks.example.com/notify", requestBody: { id: $.ticket_id, text: $.text },',
    "}));",
    "",
    "interface Data {",
    "  readonly input: TicketEventInput;",
    ...Array.from(
      { length: size },
      (_, i) => `  readonly r${i}: { readonly score: number; readonly label: string };`,
    ),
    "}",
    "",
    'export const big = flow<Data>("Big", ($) => {',
    '  const done = succeed("Done");',
  ];
  const wiring: string[] = [];
  for (let i = 0; i < size; i++) {
    const next = i + 1 < size ? `s${i + 1}` : "done";
    switch (i % 5) {
      case 0:
        lines.push(
          `  const s${i} = action("S${i}", jq<number>(".ticket_event.ticket.id", $.input), { resultPath: $.r${i}.score });`,
        );
        break;
      case 1:
        lines.push(`  const s${i} = choice("S${i}");`);
        break;
      case 2:
        lines.push(
          `  const s${i} = action("S${i}", invoke(notify, { ticket_id: $.input.ticket_event.ticket.id, text: tpl\`score \${$.r${i - 2}.score}\` }), { resultPath: $.r${i} });`,
        );
        break;
      case 3:
        lines.push(
          `  const s${i} = pass("S${i}", { result: { score: ${i}, label: "x" }, resultPath: $.r${i} });`,
        );
        break;
      default:
        lines.push(`  const s${i} = wait("S${i}", { seconds: 1 });`);
    }
    wiring.push(
      i % 5 === 1
        ? `  s${i}.when(numericGreaterThan($.r${i - 1}.score, ${i}), ${next}).when(stringEquals($.input.ticket_event.ticket.status, "open"), ${next}).otherwise(${next});`
        : `  s${i}.next(${next});`,
    );
  }
  lines.push(...wiring, "  return s0;", "});", "");
  lines.push(
    'export default bundle({ name: "big", jobSpecs: [jobSpec("J", { event_source: "support", event_type: "ticket.TicketCreated", flow: big })] });',
    "",
  );
  return lines.join("\n");
}
