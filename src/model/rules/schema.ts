import { toPointer, type PointerSegment } from "../pointer.js";
import type { core } from "zod";
import { BundleSchema, REGISTRY_READ_ONLY_FIELDS } from "../bundle.js";
import { UNSUPPORTED_ASL_OPERATORS } from "../choice-rule.js";
import { UNSUPPORTED_ASL_FIELDS, UNSUPPORTED_STATE_TYPES } from "../states/index.js";
import { valueAt, type BundleView, type StateView } from "../bundle-view.js";
import { jsonTypeOf, previewOf } from "../json.js";
import type { Rule, RuleContext } from "./context.js";

/** Runs the zod schema (the model) and turns its issues into coded findings. */
export const checkSchema: Rule = (context) => {
  const result = BundleSchema.safeParse(context.view.raw);
  if (!result.success) for (const issue of result.error.issues) reportIssue(context, issue);
};

function reportIssue(context: RuleContext, issue: core.$ZodIssue): void {
  const at = issue.path.filter((k): k is PointerSegment => typeof k !== "symbol");
  const raw = context.view.raw;
  const last = at[at.length - 1];
  switch (issue.code) {
    case "unrecognized_keys":
      reportUnknownKeys(context, at, issue.keys);
      return;
    case "invalid_type": {
      const value = valueAt(raw, at);
      if (value === undefined) context.report("missing_property", at, { property: String(last) });
      else if (last === "ResultPath" && value === null) context.report("result_path_null", at, {});
      else context.report("invalid_type", at, { expected: issue.expected, found: jsonTypeOf(value) });
      return;
    }
    case "invalid_union": {
      const value = valueAt(raw, at);
      if (last === "Type") {
        if (value === undefined) context.report("missing_property", at, { property: "Type" });
        else if (typeof value === "string" && UNSUPPORTED_STATE_TYPES.includes(value))
          context.report("unsupported_state_type", at, { type: value });
        else context.report("unknown_state_type", at, { found: previewOf(value) });
      } else if (last === "type") {
        if (value === undefined) context.report("missing_property", at, { property: "type" });
        else context.report("unknown_resource_type", at, { found: previewOf(value) });
      } else {
        context.report("invalid_value", at, { reason: issue.message });
      }
      return;
    }
    case "invalid_value": {
      const value = valueAt(raw, at);
      if (value === undefined) context.report("missing_property", at, { property: String(last) });
      else if (at.length === 1 && last === "zis_template_version")
        context.report("unsupported_template_version", at, { found: previewOf(value) });
      else context.report("invalid_value", at, { reason: issue.message, found: previewOf(value) });
      return;
    }
    default:
      context.report("invalid_value", at, { reason: issue.message });
  }
}

/** What an object with unknown keys is, which decides how each key is reported. */
interface KeyOwner {
  readonly at: readonly PointerSegment[];
  /** The type of the state it is, if it is one. */
  readonly stateType: string | undefined;
  readonly inChoiceRule: boolean;
  readonly isMachine: boolean;
}

/** Unknown keys of one object, reported by what the object is (a state, inside a choice rule, a machine). */
function reportUnknownKeys(
  context: RuleContext,
  at: readonly PointerSegment[],
  keys: readonly string[],
): void {
  const index = pointerIndex(context.view);
  const pointer = toPointer(at);
  const owner: KeyOwner = {
    at,
    stateType: index.states.get(pointer)?.type,
    inChoiceRule: ancestorPointers(at).some((pointer) => index.choices.has(pointer)),
    isMachine: index.machines.has(pointer),
  };
  for (const key of keys) reportUnknownKey(context, owner, key);
}

function reportUnknownKey(context: RuleContext, owner: KeyOwner, key: string): void {
  const at = [...owner.at, key];
  if (owner.at.length === 0 && REGISTRY_READ_ONLY_FIELDS.includes(key)) {
    context.report("registry_read_only_field", at, { field: key });
    return;
  }
  const type = owner.stateType;
  if (type !== undefined) {
    if (key === "Catch") return context.report("catch_not_allowed", at, { type });
    if (key === "Retry") return context.report("retry_not_allowed", at, { type });
    if (key === "Next" || key === "End")
      return context.report("transition_not_allowed", at, { type, field: key });
    if (UNSUPPORTED_ASL_FIELDS.includes(key))
      return context.report("unsupported_asl_field", at, { field: key, stateType: type });
  }
  if (owner.inChoiceRule && UNSUPPORTED_ASL_OPERATORS.includes(key)) {
    context.report("unsupported_choice_operator", at, { operator: key });
    return;
  }
  if (owner.isMachine && ["Version", "TimeoutSeconds", "QueryLanguage"].includes(key)) {
    context.report("unsupported_asl_field", at, { field: key });
    return;
  }
  context.report("unknown_property", at, { property: key });
}

/** The pointers of the values that hold `at`, outermost first: `["a", "b"]` → `["", "/a"]`. */
function ancestorPointers(at: readonly PointerSegment[]): string[] {
  const pointers: string[] = [];
  let pointer = "";
  for (const segment of at) {
    pointers.push(pointer);
    pointer += toPointer([segment]);
  }
  return pointers;
}

/** Pointers of what the bundle view found: states, Choices arrays and state machines. */
interface PointerIndex {
  readonly states: ReadonlyMap<string, StateView>;
  readonly choices: ReadonlySet<string>;
  readonly machines: ReadonlySet<string>;
}

/** Made once per validation: a bundle with many unknown keys looks each one up. */
const pointerIndexes = new WeakMap<BundleView, PointerIndex>();
function pointerIndex(view: BundleView): PointerIndex {
  let index = pointerIndexes.get(view);
  if (!index) {
    const states = view.machines.flatMap((m) => m.states);
    index = {
      states: new Map(states.map((state) => [toPointer(state.at), state])),
      choices: new Set(states.filter((s) => s.type === "Choice").map((s) => `${toPointer(s.at)}/Choices`)),
      machines: new Set(view.machines.map((machine) => toPointer(machine.at))),
    };
    pointerIndexes.set(view, index);
  }
  return index;
}
