import { toPointer, type PointerSegment } from "../pointer.js";
import type { core } from "zod";
import { BundleSchema, REGISTRY_READ_ONLY_FIELDS } from "../bundle.js";
import { UNSUPPORTED_ASL_OPERATORS } from "../choice-rule.js";
import { UNSUPPORTED_ASL_FIELDS, UNSUPPORTED_STATE_TYPES } from "../states/index.js";
import { isObject, valueAt } from "../bundle-view.js";
import { jsonTypeOf } from "../json.js";
import type { Rule, RuleContext } from "./context.js";

/** Runs the zod schema (the model) and turns its issues into coded findings. */
export const checkSchema: Rule = (context) => {
  const result = BundleSchema.safeParse(context.view.raw);
  if (result.success) return;
  for (const issue of result.error.issues) reportIssue(context, issue);
};

function reportIssue(context: RuleContext, issue: core.$ZodIssue): void {
  const at = issue.path.filter((k): k is PointerSegment => typeof k !== "symbol");
  const raw = context.view.raw;
  const last = at[at.length - 1];
  switch (issue.code) {
    case "unrecognized_keys":
      for (const key of issue.keys) reportUnknownKey(context, at, key);
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
        else context.report("unknown_state_type", at, { found: value });
      } else if (last === "type") {
        if (value === undefined) context.report("missing_property", at, { property: "type" });
        else context.report("unknown_resource_type", at, { found: value });
      } else {
        context.report("invalid_value", at, { reason: issue.message });
      }
      return;
    }
    case "invalid_value":
      if (valueAt(raw, at) === undefined) context.report("missing_property", at, { property: String(last) });
      else if (at.length === 1 && last === "zis_template_version")
        context.report("unsupported_template_version", at, { found: valueAt(raw, at) });
      else context.report("invalid_value", at, { reason: issue.message, found: valueAt(raw, at) });
      return;
    default:
      context.report("invalid_value", at, { reason: issue.message });
  }
}

function reportUnknownKey(context: RuleContext, objectAt: readonly PointerSegment[], key: string): void {
  const at = [...objectAt, key];
  if (objectAt.length === 0 && REGISTRY_READ_ONLY_FIELDS.includes(key)) {
    context.report("registry_read_only_field", at, { field: key });
    return;
  }
  const owner = valueAt(context.view.raw, objectAt);
  const pointer = toPointer(objectAt);
  const isState = statePointers(context).has(pointer);
  if (isState && isObject(owner)) {
    const type = String(owner.Type);
    if (key === "Catch") return context.report("catch_not_allowed", at, { type });
    if (key === "Retry") return context.report("retry_not_allowed", at, { type });
    if (key === "Next" || key === "End")
      return context.report("transition_not_allowed", at, { type, field: key });
    if (UNSUPPORTED_ASL_FIELDS.includes(key))
      return context.report("unsupported_asl_field", at, { field: key, stateType: type });
  }
  const inChoiceRule = [...choicePointers(context)].some((choices) => pointer.startsWith(`${choices}/`));
  if (inChoiceRule && UNSUPPORTED_ASL_OPERATORS.includes(key)) {
    context.report("unsupported_choice_operator", at, { operator: key });
    return;
  }
  const isMachine = context.view.machines.some((machine) => toPointer(machine.at) === pointer);
  if (isMachine && ["Version", "TimeoutSeconds", "QueryLanguage"].includes(key)) {
    context.report("unsupported_asl_field", at, { field: key });
    return;
  }
  context.report("unknown_property", at, { property: key });
}

/** Pointers of every state (as the bundle view found them), computed once per validation. */
const stateCache = new WeakMap<RuleContext["view"], Set<string>>();
function statePointers(context: RuleContext): Set<string> {
  let pointers = stateCache.get(context.view);
  if (!pointers) {
    pointers = new Set(context.view.machines.flatMap((m) => m.states.map((s) => toPointer(s.at))));
    stateCache.set(context.view, pointers);
  }
  return pointers;
}

/** Pointers of the `Choices` arrays of Choice states, computed once per validation. */
const choiceCache = new WeakMap<RuleContext["view"], Set<string>>();
function choicePointers(context: RuleContext): Set<string> {
  let pointers = choiceCache.get(context.view);
  if (!pointers) {
    pointers = new Set(
      context.view.machines.flatMap((m) =>
        m.states.filter((s) => s.type === "Choice").map((s) => `${toPointer(s.at)}/Choices`),
      ),
    );
    choiceCache.set(context.view, pointers);
  }
  return pointers;
}
