import { BUILTIN_ACTION_SPECS, type ActionSpec } from "../model/builtin-actions.js";
import { parseActionName } from "../model/names.js";
import type { PointerSegment } from "../model/pointer.js";
import { COMPARISON_OPERATORS, COMPARISON_OPERATOR_NAMES } from "../model/choice-rule.js";
import { classifyDollarValue, findPlaceholders } from "../model/template.js";
import { parseReferencePath } from "../model/paths.js";
import { isObject, type RawObject, type StateView } from "../model/bundle-view.js";
import { isStateType, STATE_TRAITS, type StateType } from "../model/states/index.js";

/** One place where a state, or an action definition, reads a reference path. */
export interface PathRead {
  readonly path: string;
  readonly at: readonly PointerSegment[];
  /** `path`: a whole-value reference; `placeholder`: a `{{…}}` inside a string. */
  readonly via: "path" | "placeholder";
  /** A `{{…}}` in a value whose key lacks `.$` (ZIS documents no interpolation there). */
  readonly legacy?: boolean;
  /** An IsPresent test: reading a missing path is its purpose, not an error. */
  readonly presenceTest?: boolean;
}

export type DynamicObjectIssue =
  | {
      readonly kind: "dollar_key_not_string" | "duplicate_dollar_key";
      readonly at: readonly PointerSegment[];
      readonly key: string;
    }
  /** A `key.$` value that calls an ASL intrinsic function (`States.Format(…)`), which ZIS does not evaluate. */
  | { readonly kind: "intrinsic_function"; readonly at: readonly PointerSegment[]; readonly name: string }
  /** A reference path under a key without `.$`: sent as the literal text. */
  | {
      readonly kind: "path_without_dollar_key";
      readonly at: readonly PointerSegment[];
      readonly path: string;
    };

/** An ASL intrinsic function call: `States.Format(`, `States.StringToJson (`, … */
const INTRINSIC_CALL = /^\s*(States\.[A-Za-z0-9_]+)\s*\(/;

/** The intrinsic function a `key.$` value calls, if it is one (`States.Format('{}', $.x)` → "States.Format"). */
export function intrinsicFunctionName(value: string): string | undefined {
  return INTRINSIC_CALL.exec(value)?.[1];
}

/**
 * True for a string that is a whole reference path: `$`, or `$.`/`$[` followed by a path the model parses.
 * Text that merely starts with `$` (a price, "$100") is not one.
 */
export function isReferencePathText(value: string): boolean {
  if (value !== "$" && !value.startsWith("$.") && !value.startsWith("$[")) return false;
  return parseReferencePath(value).ok;
}

/** A value still to walk: an array item or the root (read only if it holds more), or an object's member. */
interface PendingValue {
  readonly value: unknown;
  readonly at: readonly PointerSegment[];
  readonly member?: { readonly key: string; readonly owner: RawObject };
}

/**
 * Walks a Parameters object or an action definition, where `key.$` values are paths or templates
 * (reference §5.4), collecting every read and every malformed `.$` key in document order. The walk keeps its
 * own stack, so nesting never overflows the call stack.
 */
export function dynamicReads(
  root: unknown,
  rootAt: readonly PointerSegment[],
  issues: DynamicObjectIssue[] = [],
): PathRead[] {
  const reads: PathRead[] = [];
  const pending: PendingValue[] = [{ value: root, at: rootAt }];
  while (pending.length > 0) {
    const { value, at, member } = pending.pop()!;
    if (member !== undefined) {
      const { key, owner } = member;
      if (key.endsWith(".$")) {
        if (Object.hasOwn(owner, key.slice(0, -2))) issues.push({ kind: "duplicate_dollar_key", at, key });
        if (typeof value === "string") {
          const intrinsic = intrinsicFunctionName(value);
          if (intrinsic !== undefined) issues.push({ kind: "intrinsic_function", at, name: intrinsic });
          else if (classifyDollarValue(value) === "path") reads.push({ path: value, at, via: "path" });
          else for (const p of findPlaceholders(value)) reads.push({ path: p.path, at, via: "placeholder" });
          continue;
        }
        // Not a path: the run keeps the member as it is, and fills in the `{{…}}` inside it, so it is walked on.
        issues.push({ kind: "dollar_key_not_string", at, key });
      }
    }
    // A string under a key without `.$`, or an array's item (which has no key): literal text, whose `{{…}}` the
    // run still fills in.
    if (typeof value === "string" && at.length > rootAt.length) {
      if (isReferencePathText(value)) issues.push({ kind: "path_without_dollar_key", at, path: value });
      for (const p of findPlaceholders(value))
        reads.push({ path: p.path, at, via: "placeholder", legacy: true });
      continue;
    }
    // Children are pushed last first, so that they are walked in document order.
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push({ value: value[i], at: [...at, i] });
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        pending.push({ value: value[key], at: [...at, key], member: { key, owner: value } });
      }
    }
  }
  return reads;
}

/** Every read a state makes of its flow data, in field order. */
export function stateReads(state: StateView): PathRead[] {
  return stateAnalysis(state).reads;
}

const analyses = new WeakMap<StateView, { reads: PathRead[]; issues: DynamicObjectIssue[] }>();

/** A state's reads and its malformed `.$` keys, computed once per state (several checks need them). */
export function stateAnalysis(state: StateView): {
  readonly reads: PathRead[];
  readonly issues: DynamicObjectIssue[];
} {
  const cached = analyses.get(state);
  if (cached) return cached;
  const issues: DynamicObjectIssue[] = [];
  const analysis = { reads: collectStateReads(state, issues), issues };
  analyses.set(state, analysis);
  return analysis;
}

/** What a state of each type reads, besides what every state reads (nothing: InputPath is not ZIS's). */
const READS_BY_TYPE: Record<StateType, (state: StateView, issues: DynamicObjectIssue[]) => PathRead[]> = {
  Action: ({ raw, at }, issues) => dynamicReads(raw.Parameters, [...at, "Parameters"], issues),
  Choice: ({ raw, at }) =>
    Array.isArray(raw.Choices)
      ? raw.Choices.flatMap((rule, i) => (isObject(rule) ? ruleReads(rule, [...at, "Choices", i]) : []))
      : [],
  Map: (state) => pathField(state, "ItemsPath"),
  Wait: (state) => pathField(state, "SecondsPath"),
  Pass: () => [],
  Succeed: (state) => textField(state, "Message"),
  Fail: (state) => [...textField(state, "Error"), ...textField(state, "Cause")],
};

function collectStateReads(state: StateView, issues: DynamicObjectIssue[]): PathRead[] {
  return isStateType(state.type) ? READS_BY_TYPE[state.type](state, issues) : [];
}

/** A field holding a reference path. */
function pathField({ raw, at }: StateView, field: string): PathRead[] {
  const path = raw[field];
  return typeof path === "string" ? [{ path, at: [...at, field], via: "path" }] : [];
}

/** A field holding text with `{{…}}` placeholders. */
function textField({ raw, at }: StateView, field: string): PathRead[] {
  const text = raw[field];
  if (typeof text !== "string") return [];
  return findPlaceholders(text).map((p) => ({ path: p.path, at: [...at, field], via: "placeholder" }));
}

/** The reads of a choice rule and the rules nested in it, in document order, walked with a stack of its own. */
function ruleReads(root: RawObject, rootAt: readonly PointerSegment[]): PathRead[] {
  const reads: PathRead[] = [];
  const pending: Array<{ readonly rule: RawObject; readonly at: readonly PointerSegment[] }> = [
    { rule: root, at: rootAt },
  ];
  while (pending.length > 0) {
    const { rule, at } = pending.pop()!;
    if (typeof rule.Variable === "string")
      reads.push({
        path: rule.Variable,
        at: [...at, "Variable"],
        via: "path",
        presenceTest: rule.IsPresent !== undefined,
      });
    for (const op of COMPARISON_OPERATOR_NAMES) {
      if (COMPARISON_OPERATORS[op].operandIsPath && typeof rule[op] === "string")
        reads.push({ path: rule[op], at: [...at, op], via: "path" });
    }
    const nested: Array<{ readonly rule: RawObject; readonly at: readonly PointerSegment[] }> = [];
    for (const op of ["And", "Or"] as const) {
      const list = rule[op];
      if (Array.isArray(list))
        list.forEach((sub, i) => {
          if (isObject(sub)) nested.push({ rule: sub, at: [...at, op, i] });
        });
    }
    if (isObject(rule.Not)) nested.push({ rule: rule.Not, at: [...at, "Not"] });
    for (let i = nested.length - 1; i >= 0; i--) pending.push(nested[i]!);
  }
  return reads;
}

/** A write into the flow data. */
export interface PathWrite {
  readonly path: string;
  readonly at: readonly PointerSegment[];
  /** True for the "$" of an omitted ResultPath. */
  readonly implicit: boolean;
  /** The state the flow continues at after this write (Next, or the catcher's Next), if named. */
  readonly continuesAt: string | undefined;
  /** The members of what is written, where a built-in fixes them (LoadConfig writes `{ config }`). */
  readonly members?: readonly string[] | undefined;
}

/** Where a state writes into its flow data: its ResultPath and each Catch's ResultPath ("$" when omitted). */
export function stateWrites(state: StateView): PathWrite[] {
  const { raw, at } = state;
  const writes: PathWrite[] = [];
  const next = typeof raw.Next === "string" ? raw.Next : undefined;
  if (isStateType(state.type) && STATE_TRAITS[state.type].writesResult) {
    if (typeof raw.ResultPath === "string")
      writes.push({
        path: raw.ResultPath,
        at: [...at, "ResultPath"],
        implicit: false,
        continuesAt: next,
        members: builtinResultMembers(raw),
      });
    else if (raw.ResultPath === undefined && !writesNothing(raw))
      writes.push({ path: "$", at, implicit: true, continuesAt: next });
  }
  if (Array.isArray(raw.Catch)) {
    raw.Catch.forEach((catcher, i) => {
      if (!isObject(catcher)) return;
      const catcherAt = [...at, "Catch", i];
      const continuesAt = typeof catcher.Next === "string" ? catcher.Next : undefined;
      if (typeof catcher.ResultPath === "string")
        writes.push({
          path: catcher.ResultPath,
          at: [...catcherAt, "ResultPath"],
          implicit: false,
          continuesAt,
        });
      else writes.push({ path: "$", at: catcherAt, implicit: true, continuesAt });
    });
  }
  return writes;
}

/** The members of the object a built-in returns, where they are fixed. */
function builtinResultMembers(raw: RawObject): readonly string[] | undefined {
  if (typeof raw.ActionName !== "string") return undefined;
  const parsed = parseActionName(raw.ActionName);
  if (parsed.kind !== "builtin" || !parsed.known) return undefined;
  const spec: ActionSpec = BUILTIN_ACTION_SPECS[parsed.name];
  return spec.resultMembers;
}

/** A built-in that returns nothing (PatchConfig, DeleteLink): without a ResultPath it leaves the flow data alone. */
function writesNothing(raw: RawObject): boolean {
  if (typeof raw.ActionName !== "string") return false;
  const parsed = parseActionName(raw.ActionName);
  return parsed.kind === "builtin" && parsed.known && !BUILTIN_ACTION_SPECS[parsed.name].returnsResult;
}
