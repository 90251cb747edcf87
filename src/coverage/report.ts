import { percent, type FlowCoverage, type Tally } from "./compute.js";

/**
 * What a report says when the recordings hold no run at all: the usual cause is a run no recorder saw.
 */
export const NO_RUNS_NOTE =
  'no flow runs were recorded (zisflow run --record records them, and in tests runFlow and runScenario of zisflow/testing; runFlow of "zisflow" does not)';

/** A table of each flow's coverage, then what was never reached, then runs of other versions not counted. */
export function formatCoverage(flows: readonly FlowCoverage[]): string {
  if (flows.length === 0) return "zisflow coverage: no flows\n";
  const names = displayNames(flows);
  const rows = flows.map((f) => [
    names.get(f)!,
    String(f.runs),
    cell(f.states),
    cell(f.branches),
    cell(f.catches),
  ]);
  const header = ["flow", "runs", "states", "branches", "catches"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((text, c) => (c === 1 ? text.padStart(widths[c]!) : text.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  const missed = flows.flatMap((f) =>
    [
      ...f.states.missed.map((m) => `state ${m}`),
      ...f.branches.missed.map((m) => `branch ${m}`),
      ...f.catches.missed.map((m) => `catch ${m}`),
    ].map((m) => `  ${names.get(f)!}: ${m}`),
  );
  if (missed.length > 0) out.push("", "never reached:", ...missed);
  const uncounted = flows.flatMap((f) =>
    f.otherVersionRuns
      ? [
          `  ${names.get(f)!}: ${f.otherVersionRuns} run${f.otherVersionRuns === 1 ? "" : "s"} of a version whose states or transitions differ (is the bundle file older than the flow? zisflow build)`,
        ]
      : [],
  );
  if (uncounted.length > 0) out.push("", "not counted:", ...uncounted);
  return out.join("\n") + "\n";
}

function cell(t: Tally): string {
  return t.total === 0 ? "—" : `${t.covered}/${t.total} ${formatPercent(percent(t))}`;
}

/** `100%`, `87.5%`: one decimal, never rounded up to 100. */
export function formatPercent(value: number): string {
  const floored = Math.floor(value * 10) / 10;
  return `${Number.isInteger(floored) ? floored.toFixed(0) : floored.toFixed(1)}%`;
}

/** The flows' tallies that fall below `threshold` percent, as lines saying so. */
export function belowThreshold(flows: readonly FlowCoverage[], threshold: number): string[] {
  const names = displayNames(flows);
  return flows.flatMap((f) =>
    (["states", "branches", "catches"] as const)
      .filter((kind) => percent(f[kind]) < threshold)
      .map((kind) => `${names.get(f)!}: ${kind} ${formatPercent(percent(f[kind]))} is below ${threshold}%`),
  );
}

/**
 * How each flow is named in a report: its name, with its bundle's name when another bundle has a flow of that
 * name, and the bundle's hash too when two versions of one bundle whose flows differ in states or transitions
 * were recorded (e.g. before and after an edit: versions that differ in nothing else are one row).
 */
function displayNames(flows: readonly FlowCoverage[]): Map<FlowCoverage, string> {
  const count = (key: (f: FlowCoverage) => string, f: FlowCoverage) =>
    flows.filter((o) => key(o) === key(f)).length;
  return new Map(
    flows.map((f) => [
      f,
      count((o) => o.flow, f) === 1
        ? f.flow
        : count((o) => `${o.flow}\u0000${o.bundle}`, f) === 1
          ? `${f.flow} (${f.bundle})`
          : `${f.flow} (${f.bundle} @${f.bundleHash.slice(0, 8)})`,
    ]),
  );
}

/** The JSON `zisflow coverage --json` prints. */
export function coverageJson(flows: readonly FlowCoverage[], threshold: number | undefined) {
  return {
    flows: flows.map((f) => ({
      ...f,
      percent: { states: percent(f.states), branches: percent(f.branches), catches: percent(f.catches) },
    })),
    ...(threshold !== undefined ? { threshold, below: belowThreshold(flows, threshold) } : {}),
  };
}
