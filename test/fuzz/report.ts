/** Failures grouped by kind (the few lowest case indices of each kept as examples), and how they are shown. */
import path from "node:path";
import type { Mode } from "./checks.js";
import type { Verdict } from "./pool.js";

const EXAMPLES_PER_KIND = 3;

export interface FailureKind {
  readonly mode: Mode;
  /** Who found it: the checks in the worker, or the watchdog (the worker died, or did not answer). */
  readonly verdict: "uncaught" | "crash" | "hang";
  readonly signature: string;
  count: number;
  /** The lowest case indices, lowest first. */
  readonly examples: number[];
  /** What went wrong in the lowest example, in full. */
  detail: string;
}

/** Counted as uncaught or as a hang (a crash is uncaught). */
const failureType = (kind: Pick<FailureKind, "verdict">): "uncaught" | "hang" =>
  kind.verdict === "hang" ? "hang" : "uncaught";

export class Failures {
  readonly #kinds = new Map<string, FailureKind>();

  /**
   * Records a broken promise. Hangs are grouped by the case's hostile ingredients (`tags`), crashes by the
   * worker's error, the rest by the check's signature.
   */
  record(
    mode: Mode,
    index: number,
    verdict: Exclude<Verdict, { kind: "ok" | "skipped" }>,
    tags: readonly string[],
  ) {
    const limit = mode === "validate" ? "the validator's" : "a run's";
    const [signature, detail] =
      verdict.kind === "hang"
        ? [
            `no answer within ${limit} time limit (${tags.join(" + ") || "no hostile ingredient"})`,
            "(no answer)",
          ]
        : verdict.kind === "crash"
          ? [`the worker died: ${(verdict.detail.split("\n")[0] ?? "").replace(/\d+/g, "N")}`, verdict.detail]
          : [verdict.signature, verdict.detail];
    const key = `${mode}\n${verdict.kind}\n${signature}`;
    let kind = this.#kinds.get(key);
    if (!kind) {
      kind = { mode, verdict: verdict.kind, signature, count: 0, examples: [], detail };
      this.#kinds.set(key, kind);
    }
    kind.count++;
    if (kind.examples.length === 0 || index < kind.examples[0]!) kind.detail = detail;
    kind.examples.push(index);
    kind.examples.sort((a, b) => a - b);
    kind.examples.length = Math.min(kind.examples.length, EXAMPLES_PER_KIND);
  }

  /** Validator before runs, uncaught before hangs, most frequent first. */
  get kinds(): FailureKind[] {
    const order = (kind: FailureKind) =>
      `${kind.mode === "validate" ? 0 : 1}${failureType(kind) === "uncaught" ? 0 : 1}`;
    return [...this.#kinds.values()].sort((a, b) => order(a).localeCompare(order(b)) || b.count - a.count);
  }
}

/** The folder of the `number`th kind: its number, mode, type and the start of its signature. */
export function kindFolder(findingsDir: string, number: number, kind: FailureKind): string {
  const slug = kind.signature
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)
    .replace(/-$/, "");
  return path.join(
    findingsDir,
    `${String(number).padStart(2, "0")}-${kind.mode}-${failureType(kind)}-${slug}`,
  );
}

export interface SavedExample {
  readonly index: number;
  readonly label: string;
  /** Relative to the repository root. */
  readonly file: string;
  /** Bytes of the case as generated, and as saved (smaller when shrunk). */
  readonly generatedBytes: number;
  readonly savedBytes: number;
}

const bytes = (n: number): string =>
  n < 10_000 ? `${n} B` : n < 10_000_000 ? `${Math.round(n / 1000)} kB` : `${Math.round(n / 1_000_000)} MB`;

const clip = (text: string, length: number): string =>
  text.length > length ? text.slice(0, length - 1) + "…" : text;

/** A kind's lines: its signature and count, then each example with how it was made and where it is saved. */
export function kindLines(kind: FailureKind, examples: readonly SavedExample[], full: boolean): string[] {
  const lines = [`[${kind.mode} ${failureType(kind)} ×${kind.count}] ${kind.signature}`];
  if (full) lines.push(...kind.detail.split("\n").map((line) => `    | ${line}`));
  for (const example of examples) {
    const size =
      example.savedBytes < example.generatedBytes
        ? `shrunk from ${bytes(example.generatedBytes)} to ${bytes(example.savedBytes)}`
        : bytes(example.savedBytes);
    lines.push(`    case ${example.index}: ${full ? example.label : clip(example.label, 160)}`);
    lines.push(`      → ${example.file} (${size})`);
  }
  return lines;
}
