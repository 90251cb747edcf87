/**
 * What one fuzz case must satisfy, checked where it runs (a worker, or `--replay` in-process): validateBundle
 * returns findings of the documented shape and never throws; runFlow resolves or rejects with a HarnessError;
 * neither changes the built-in prototypes.
 */
import { validateBundle } from "../../src/compiler/validate.js";
import {
  HarnessError,
  parseMocksJson,
  runFlow,
  type Mocks,
  type RunBudget,
} from "../../src/interpreter/index.js";
import {
  DIAGNOSTICS,
  findingMessage,
  hasErrors,
  type DiagnosticCode,
  type Finding,
} from "../../src/model/diagnostics.js";
import { parsePointer } from "../../src/model/pointer.js";

export type Mode = "validate" | "run";

/** A run case, as JSON: the bundle, the event, the mocks and the run's options. */
export interface RunCase {
  readonly bundle: unknown;
  readonly flow?: string | undefined;
  readonly input: unknown;
  /** Of the Mocks type; or, with mocksFile, any JSON, read as `zisflow run --mocks` reads a file. */
  readonly mocks: unknown;
  readonly mocksFile: boolean;
  /** Every request is answered by a handler that throws, instead of the mocks' entries. */
  readonly handlerThrows: boolean;
  readonly missingPlaceholder?: "error" | "empty" | undefined;
  readonly interpolatePlainStrings?: boolean | undefined;
  /** Mostly absent (the default budget); else small limits, or malformed ones runFlow must refuse. */
  readonly budget?: unknown;
}

export type Outcome =
  /** As promised; `note` sums up what happened (for the campaign's tallies). */
  | { readonly kind: "ok"; readonly note: string }
  /** A run case whose bundle has validation errors: not run, not counted. */
  | { readonly kind: "skipped" }
  /** A broken promise: `signature` groups alike failures, `detail` is for the developer who fixes it. */
  | { readonly kind: "uncaught"; readonly signature: string; readonly detail: string };

/** Checks one case, given as the JSON text the fuzzer wrote. */
export async function evaluate(mode: Mode, text: string): Promise<Outcome> {
  const before = prototypeSnapshot();
  const outcome = mode === "validate" ? checkValidate(text) : await checkRun(text);
  return prototypeChange(before) ?? outcome;
}

function checkValidate(text: string): Outcome {
  const document: unknown = JSON.parse(text);
  let findings: Finding[];
  try {
    findings = validateBundle(document);
  } catch (error) {
    return thrown("validateBundle", error);
  }
  if (!Array.isArray(findings))
    return { kind: "uncaught", signature: "validateBundle returned no array", detail: String(findings) };
  for (const finding of findings) {
    const problem = findingProblem(finding, document);
    if (problem)
      return { kind: "uncaught", signature: problem, detail: `${problem}\nfinding: ${excerpt(finding)}` };
  }
  const note = hasErrors(findings) ? "errors" : findings.length > 0 ? "warnings only" : "no findings";
  return { kind: "ok", note };
}

/** What is wrong with a finding's shape, if anything. */
function findingProblem(finding: Finding, document: unknown): string | undefined {
  if (finding === null || typeof finding !== "object") return "a finding that is not an object";
  const { code, severity, path } = finding;
  if (typeof code !== "string" || !Object.hasOwn(DIAGNOSTICS, code)) return "a finding with an unknown code";
  if (severity !== DIAGNOSTICS[code].severity)
    return `finding ${code}: severity ${String(severity)}, the catalogue says ${DIAGNOSTICS[code].severity}`;
  let segments: string[];
  try {
    segments = parsePointer(path);
  } catch {
    return `finding ${code}: its path is not a JSON pointer`;
  }
  if (!resolves(document, segments, MAY_NAME_ABSENT_MEMBER.includes(code)))
    return `finding ${code}: its path does not resolve in the input`;
  try {
    if (typeof JSON.stringify(finding.data) !== "string") return `finding ${code}: its data is not JSON`;
  } catch (error) {
    return `finding ${code}: its data is not JSON (${errorSignature(error)})`;
  }
  try {
    if (typeof findingMessage(finding) !== "string") return `findingMessage(${code}) returned no string`;
  } catch (error) {
    return `findingMessage(${code}) threw ${errorSignature(error)}`;
  }
  return undefined;
}

/** Codes whose pointer may end in an absent member: where the missing thing belongs (as test/robustness has it). */
const MAY_NAME_ABSENT_MEMBER: readonly DiagnosticCode[] = [
  "missing_property",
  "missing_action_parameter",
  "action_parameter_not_passed",
  "action_path_parameter_not_passed",
  "action_target_parameter_not_passed",
];

function resolves(document: unknown, segments: readonly string[], lastMayBeAbsent: boolean): boolean {
  let node = document;
  for (const [i, segment] of segments.entries()) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= node.length) return false;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === "object") {
      if (!Object.hasOwn(node, segment)) return lastMayBeAbsent && i === segments.length - 1;
      node = (node as Record<string, unknown>)[segment];
    } else return false;
  }
  return true;
}

async function checkRun(text: string): Promise<Outcome> {
  const runCase = JSON.parse(text) as RunCase;
  let findings: Finding[];
  try {
    findings = validateBundle(runCase.bundle);
  } catch (error) {
    return thrown("validateBundle", error);
  }
  if (hasErrors(findings)) return { kind: "skipped" };
  let mocks: Mocks;
  try {
    mocks = mocksOf(runCase);
  } catch (error) {
    return harnessErrorOr("parseMocksJson", error);
  }
  try {
    const result = await runFlow(runCase.bundle, {
      flow: runCase.flow,
      input: runCase.input,
      mocks,
      missingPlaceholder: runCase.missingPlaceholder,
      interpolatePlainStrings: runCase.interpolatePlainStrings,
      // Malformed on purpose at times: runFlow must refuse a bad budget with a HarnessError.
      budget: runCase.budget as Partial<RunBudget> | undefined,
    });
    return { kind: "ok", note: result.status };
  } catch (error) {
    return harnessErrorOr("runFlow", error);
  }
}

function mocksOf(runCase: RunCase): Mocks {
  // Without mocksFile the generator writes the mocks to the Mocks type (values hostile, shape right).
  const mocks = runCase.mocksFile ? parseMocksJson(runCase.mocks, "mocks.json") : (runCase.mocks as Mocks);
  if (!runCase.handlerThrows) return mocks;
  return {
    ...mocks,
    http: () => {
      throw new Error("the fuzz handler fails");
    },
  };
}

function harnessErrorOr(stage: string, error: unknown): Outcome {
  return error instanceof HarnessError
    ? { kind: "ok", note: `harness error ${error.code}` }
    : thrown(stage, error);
}

function thrown(stage: string, error: unknown): Outcome {
  const stack = error instanceof Error ? (error.stack ?? "").split("\n").slice(1, 16).join("\n") : "";
  const message = error instanceof Error ? error.message.slice(0, 500) : excerpt(error);
  return {
    kind: "uncaught",
    signature: `${stage} threw ${errorSignature(error)}`,
    detail: `${stage} threw ${error instanceof Error ? error.name : typeof error}: ${message}\n${stack}`,
  };
}

/**
 * The error's class, its message's first line with numbers and quoted text blanked, and where in src/ it was
 * thrown: file and line, or only the file for a stack overflow (whose innermost frame varies from run to run).
 */
function errorSignature(error: unknown): string {
  if (!(error instanceof Error)) return `a ${typeof error}`;
  const message = (error.message.split("\n")[0] ?? "")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, "N")
    .slice(0, 100);
  const frame = /(src\/[^:)]+):(\d+)/.exec(
    error.stack?.split("\n").find((line) => line.includes("/src/")) ?? "",
  );
  const overflow = error instanceof RangeError && message.startsWith("Maximum call stack size exceeded");
  const where = frame ? ` at ${frame[1]}${overflow ? "" : `:${frame[2]}`}` : "";
  return `${error.name}: ${message}${where}`;
}

/** A short text of any value, even one too deep for JSON.stringify. */
function excerpt(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 500);
  } catch {
    return `(a ${typeof value} too deep to show)`;
  }
}

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype };
type PrototypeSnapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function prototypeSnapshot(): PrototypeSnapshot {
  return new Map(
    Object.values(PROTOTYPES).map((prototype) => [
      prototype,
      new Map(
        Reflect.ownKeys(prototype).map((key) => [key, Object.getOwnPropertyDescriptor(prototype, key)!]),
      ),
    ]),
  );
}

/** A case that added or replaced a member of a built-in prototype fails; the prototype is put back. */
function prototypeChange(before: PrototypeSnapshot): Outcome | undefined {
  const changes: string[] = [];
  for (const [name, prototype] of Object.entries(PROTOTYPES)) {
    const members = before.get(prototype)!;
    for (const key of Reflect.ownKeys(prototype)) {
      const was = members.get(key);
      const now = Object.getOwnPropertyDescriptor(prototype, key)!;
      if (was && was.value === now.value && was.get === now.get && was.set === now.set) continue;
      changes.push(`${name}.prototype.${String(key)} ${was ? "replaced" : "added"}`);
      if (was) Object.defineProperty(prototype, key, was);
      else Reflect.deleteProperty(prototype, key);
    }
  }
  if (changes.length === 0) return undefined;
  return { kind: "uncaught", signature: `prototype pollution: ${changes[0]}`, detail: changes.join("\n") };
}
