/**
 * Fuzz campaign (`npm run fuzz`; not part of `npm test`): validateBundle must never throw and its findings must
 * have the documented shape; runFlow must resolve or reject with a HarnessError; neither may hang. By default
 * 100,000 validator inputs (random JSON; mutations of the corpus, the docs examples and the example bundles;
 * hostile values) and 5,000 runs (mutated runnable bundles and known endless shapes × random events × random
 * mocks), each case under a watchdog on one of two worker threads. Deterministic for a seed.
 *
 *   npm run fuzz -- [--seed N] [--validate N] [--runs N]
 *   npm run fuzz -- --replay fuzz-findings/<kind>/<case>.json     one saved reproducer, in-process, with its stack
 *
 * Prints the distinct failures (the first few cases of each kind saved, the first one shrunk, to fuzz-findings/),
 * then one `name: value` line per figure. Exits 1 when anything failed.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../support/shared.js";
import { CASES, runCampaign, type CampaignResult } from "./campaign.js";
import { evaluate, type Mode } from "./checks.js";
import { readableJson, toJsonText } from "./json.js";
import { GuardedWorker, type Verdict } from "./pool.js";
import { Failures, kindFolder, kindLines, type FailureKind, type SavedExample } from "./report.js";
import { loadSeeds, type Seeds } from "./seeds.js";
import { shrink } from "./shrink.js";

const FINDINGS_DIR = path.join(ROOT, "fuzz-findings");
/** Time to shrink the first example of a kind, and the limit of each attempt. */
const SHRINK_MS = 20_000;
const SHRINK_ATTEMPT_LIMIT_MS = 5_000;

const log = (line: string) => console.log(line);
const progress = (line: string) => process.stderr.write(line + "\n");

function wholeNumber(text: string, option: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${option} takes a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
}

async function fuzz(campaignSeed: number, validateCount: number, runCount: number): Promise<number> {
  const seeds = loadSeeds(log);
  rmSync(FINDINGS_DIR, { recursive: true, force: true });
  const failures = new Failures();
  const validate = await runCampaign("validate", validateCount, campaignSeed, seeds, failures, progress);
  const run = await runCampaign("run", runCount, campaignSeed, seeds, failures, progress);

  log(
    `# seed ${campaignSeed}: ${validate.inputs} validator inputs in ${validate.seconds.toFixed(1)} s, ` +
      `${run.inputs} runs in ${run.seconds.toFixed(1)} s (${run.skipped} more generated did not validate)`,
  );
  log(`# validator: ${tally(validate)}`);
  log(`# runs: ${tally(run)}`);
  await writeFindings(failures, campaignSeed, seeds);

  log(`validate_inputs: ${validate.inputs}`);
  log(`validate_uncaught: ${validate.uncaught}`);
  log(`validate_hangs: ${validate.hangs}`);
  log(`run_inputs: ${run.inputs}`);
  log(`run_uncaught: ${run.uncaught}`);
  log(`run_hangs: ${run.hangs}`);
  return failures.kinds.length > 0 ? 1 : 0;
}

const tally = (result: CampaignResult): string =>
  [...result.notes]
    .sort((a, b) => b[1] - a[1])
    .map(([note, n]) => `${note} ${n}`)
    .join(", ") || "nothing passed";

/**
 * Saves the first few cases of each kind (regenerated from the seed), the first shrunk, and lists them: briefly
 * here, in full (with each kind's stack) in fuzz-findings/summary.txt.
 */
async function writeFindings(failures: Failures, campaignSeed: number, seeds: Seeds): Promise<void> {
  const kinds = failures.kinds;
  if (kinds.length === 0) return;
  log(
    `Failures (${kinds.length} kinds; replay one with npm run fuzz -- --replay FILE; details in fuzz-findings/summary.txt):`,
  );
  const summary: string[] = [];
  const shrinkers = new Map<Mode, GuardedWorker>();
  try {
    for (const [number, kind] of kinds.entries()) {
      const folder = kindFolder(FINDINGS_DIR, number + 1, kind);
      mkdirSync(folder, { recursive: true });
      const examples: SavedExample[] = [];
      for (const index of kind.examples) {
        const fuzzCase = CASES[kind.mode](campaignSeed, index, seeds);
        const generated = toJsonText(fuzzCase.document);
        let saved = generated;
        if (index === kind.examples[0] && kind.verdict === "uncaught") {
          const shrinker = shrinkers.get(kind.mode) ?? new GuardedWorker(kind.mode, SHRINK_ATTEMPT_LIMIT_MS);
          shrinkers.set(kind.mode, shrinker);
          const stillFails = async (text: string) => failsAlike(await checkOne(shrinker, text), kind);
          saved = toJsonText(await shrink(fuzzCase.document, stillFails, Date.now() + SHRINK_MS));
        }
        const file = path.join(folder, `${kind.mode}-${index}.json`);
        writeFileSync(file, readableJson(saved));
        const relative = path.relative(ROOT, file);
        examples.push({
          index,
          label: fuzzCase.label,
          file: relative,
          generatedBytes: generated.length,
          savedBytes: saved.length,
        });
      }
      for (const line of kindLines(kind, examples, false)) log(line);
      summary.push(...kindLines(kind, examples, true), "");
    }
  } finally {
    for (const shrinker of shrinkers.values()) await shrinker.close();
  }
  writeFileSync(path.join(FINDINGS_DIR, "summary.txt"), summary.join("\n"));
}

async function checkOne(worker: GuardedWorker, text: string): Promise<Verdict | undefined> {
  let verdict: Verdict | undefined;
  await worker.evaluate([{ index: 0, text }], (_, answer) => (verdict = answer));
  return verdict;
}

const failsAlike = (verdict: Verdict | undefined, kind: FailureKind): boolean =>
  verdict?.kind === "uncaught" && verdict.signature === kind.signature;

/** Checks one saved case in this process, so that its stack and a debugger are at hand. */
async function replay(file: string): Promise<number> {
  const mode: Mode = path.basename(file).startsWith("run-") ? "run" : "validate";
  const outcome = await evaluate(mode, readFileSync(file, "utf8"));
  if (outcome.kind !== "uncaught") {
    log(
      `${mode}: ${outcome.kind === "ok" ? `as promised (${outcome.note})` : "skipped: the bundle does not validate"}`,
    );
    return 0;
  }
  log(`${mode}: ${outcome.signature}\n${outcome.detail}`);
  return 1;
}

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    validate: { type: "string", default: "100000" },
    runs: { type: "string", default: "5000" },
    replay: { type: "string" },
  },
});
process.exitCode = values.replay
  ? await replay(values.replay)
  : await fuzz(
      wholeNumber(values.seed, "seed"),
      wholeNumber(values.validate, "validate"),
      wholeNumber(values.runs, "runs"),
    );
