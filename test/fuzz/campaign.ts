/** One campaign: the cases of one mode, generated in order, checked on guarded workers, tallied. */
import { performance } from "node:perf_hooks";
import type { Mode } from "./checks.js";
import { toJsonText } from "./json.js";
import type { FuzzCase } from "./mutations.js";
import { evaluateAll } from "./pool.js";
import type { Failures } from "./report.js";
import { runCase } from "./run-cases.js";
import type { Seeds } from "./seeds.js";
import { validateCase } from "./validate-cases.js";

export const CASES: Record<Mode, (campaignSeed: number, index: number, seeds: Seeds) => FuzzCase> = {
  validate: validateCase,
  run: runCase,
};

/** How long one case may take before it is a hang. */
const LIMITS_MS: Record<Mode, number> = { validate: 10_000, run: 30_000 };

const WORKERS = 2;
const BATCH_SIZES: Record<Mode, number> = { validate: 100, run: 20 };
/** Run cases whose bundle does not validate are skipped; past this many candidates per run wanted, give up. */
const MAX_CANDIDATES_PER_CASE = 20;

export interface CampaignResult {
  /** Cases checked (run cases that did not validate excluded). */
  readonly inputs: number;
  readonly uncaught: number;
  readonly hangs: number;
  /** Run cases whose bundle did not validate. */
  readonly skipped: number;
  readonly seconds: number;
  /** What the cases that kept the promise did, e.g. "succeeded" or "harness error budget_exceeded", and how often. */
  readonly notes: ReadonlyMap<string, number>;
}

/**
 * Checks `count` cases. Skipped run cases do not count: rounds of further cases follow, each exactly as many
 * as are missing, so which cases are checked depends on the seed alone, not on timing.
 */
export async function runCampaign(
  mode: Mode,
  count: number,
  campaignSeed: number,
  seeds: Seeds,
  failures: Failures,
  progress: (line: string) => void,
): Promise<CampaignResult> {
  const started = performance.now();
  let inputs = 0;
  let uncaught = 0;
  let hangs = 0;
  let skipped = 0;
  const notes = new Map<string, number>();
  const tags = new Map<number, readonly string[]>();
  const progressStep = Math.max(1, Math.ceil(count / 10));
  let nextIndex = 0;
  while (inputs < count && nextIndex < count * MAX_CANDIDATES_PER_CASE) {
    const roundEnd = nextIndex + count - inputs;
    const nextJob = () => {
      if (nextIndex >= roundEnd) return undefined;
      const index = nextIndex++;
      const fuzzCase = CASES[mode](campaignSeed, index, seeds);
      tags.set(index, fuzzCase.tags);
      return { index, text: toJsonText(fuzzCase.document) };
    };
    const options = { mode, limitMs: LIMITS_MS[mode], workers: WORKERS, batchSize: BATCH_SIZES[mode] };
    await evaluateAll(options, nextJob, (job, verdict) => {
      const caseTags = tags.get(job.index) ?? [];
      tags.delete(job.index);
      if (verdict.kind === "skipped") {
        skipped++;
        return;
      }
      inputs++;
      if (verdict.kind === "ok") notes.set(verdict.note, (notes.get(verdict.note) ?? 0) + 1);
      else {
        failures.record(mode, job.index, verdict, caseTags);
        if (verdict.kind === "hang") hangs++;
        else uncaught++;
      }
      if (inputs % progressStep === 0) {
        const seconds = ((performance.now() - started) / 1000).toFixed(0);
        progress(`# ${mode}: ${inputs}/${count}, ${uncaught} uncaught, ${hangs} hangs, ${seconds} s`);
      }
    });
  }
  if (inputs < count)
    progress(`# ${mode}: only ${inputs} of ${count} cases validated, out of ${nextIndex} generated; gave up`);
  return { inputs, uncaught, hangs, skipped, seconds: (performance.now() - started) / 1000, notes };
}
