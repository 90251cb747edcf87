import {
  BUILTIN_ACTION_SPECS,
  JQ_ACTION_SPEC,
  objectNamePatternProblem,
  pageSizeProblem,
  type ActionSpec,
} from "../../model/builtin-actions.js";
import { parseActionName } from "../../model/names.js";
import { parseReferencePath } from "../../model/paths.js";
import type { PointerSegment } from "../../model/pointer.js";
import { isObject, type RawObject, type ResourceView, type StateView } from "../../model/bundle-view.js";
import { dynamicReads } from "../reads.js";
import type { Check, CheckContext } from "./context.js";

/** Action states name a real action and pass what it needs. */
export const checkActions: Check = (context) => {
  const actionsByName = new Map<string, ResourceView>();
  for (const action of context.view.actions)
    if (action.name !== undefined) actionsByName.set(action.name, action);
  for (const machine of context.view.machines) {
    for (const state of machine.states) {
      if (state.type !== "Action" || typeof state.raw.ActionName !== "string") continue;
      const actionName = state.raw.ActionName;
      const at = [...state.at, "ActionName"];
      const parsed = parseActionName(actionName);
      const parameters = isObject(state.raw.Parameters) ? state.raw.Parameters : {};
      switch (parsed.kind) {
        case "invalid":
          context.report("invalid_action_name", at, { actionName });
          break;
        case "jq":
          checkRequired(context, state, "Jq", JQ_ACTION_SPEC, parameters);
          break;
        case "builtin":
          if (!parsed.known) context.report("unknown_builtin_action", at, { name: parsed.name });
          else {
            checkRequired(context, state, parsed.name, BUILTIN_ACTION_SPECS[parsed.name], parameters);
            if (parsed.name === "LoadLinks") checkLoadLinks(context, state, parameters);
          }
          break;
        case "custom": {
          const action = actionsByName.get(parsed.name);
          if (!action) context.report("unknown_action", at, { name: parsed.name });
          else checkPassedParameters(context, state, action, parameters);
          break;
        }
      }
    }
  }
};

const given = (parameters: RawObject, name: string) =>
  Object.hasOwn(parameters, name) || Object.hasOwn(parameters, `${name}.$`);

function checkRequired(
  context: CheckContext,
  state: StateView,
  builtin: string,
  spec: ActionSpec,
  parameters: RawObject,
): void {
  for (const alternatives of spec.required) {
    if (alternatives.some((name) => given(parameters, name))) continue;
    context.report("missing_action_parameter", [...state.at, "Parameters"], {
      action: builtin,
      alternatives,
    });
  }
}

function checkLoadLinks(context: CheckContext, state: StateView, parameters: RawObject): void {
  for (const name of ["left_object_name", "right_object_name"] as const) {
    const value = parameters[name];
    const problem = typeof value === "string" ? objectNamePatternProblem(name, value) : undefined;
    if (problem) context.report("invalid_action_parameter", [...state.at, "Parameters", name], problem);
  }
  const size = parameters.page_size;
  const problem = size === undefined ? undefined : pageSizeProblem(size);
  if (problem) context.report("invalid_action_parameter", [...state.at, "Parameters", "page_size"], problem);
}

/** Inside a custom action's definition `$` is the caller's Parameters: each `$.x` it reads must be passed. */
function checkPassedParameters(
  context: CheckContext,
  state: StateView,
  action: ResourceView,
  parameters: RawObject,
): void {
  const passed = new Set(Object.keys(parameters).map((k) => (k.endsWith(".$") ? k.slice(0, -2) : k)));
  for (const [name, read] of parametersRead(action)) {
    if (passed.has(name)) continue;
    const data = { action: String(action.name), parameter: name };
    context.report(NOT_PASSED[read], [...state.at, "Parameters"], data);
  }
}

/**
 * How a definition reads a parameter, strongest first: its url or path (no request is sent without it), a whole
 * reference path (`JSON path not found`), or only inside `{{…}}` placeholders (rendering undocumented).
 */
type ParameterRead = "target" | "path" | "placeholder";

const READ_STRENGTH: Record<ParameterRead, number> = { target: 2, path: 1, placeholder: 0 };

const NOT_PASSED: Record<
  ParameterRead,
  "action_target_parameter_not_passed" | "action_path_parameter_not_passed" | "action_parameter_not_passed"
> = {
  target: "action_target_parameter_not_passed",
  path: "action_path_parameter_not_passed",
  placeholder: "action_parameter_not_passed",
};

/** The members of a definition that make the request's URL. */
const REQUEST_TARGET_KEYS: ReadonlySet<PointerSegment> = new Set(["url", "url.$", "path", "path.$"]);

const parametersReadBy = new WeakMap<ResourceView, ReadonlyMap<string, ParameterRead>>();

/**
 * The Parameters a custom action's definition reads (`$.x`), each with its strongest read; read once however
 * many states call it.
 */
function parametersRead(action: ResourceView): ReadonlyMap<string, ParameterRead> {
  let names = parametersReadBy.get(action);
  if (!names) {
    const reads = new Map<string, ParameterRead>();
    for (const { path, at, via } of dynamicReads(action.properties?.definition, [])) {
      const parsed = parseReferencePath(path);
      if (!parsed.ok || typeof parsed.segments[0] !== "string") continue;
      const name = parsed.segments[0];
      const read: ParameterRead =
        at[0] !== undefined && REQUEST_TARGET_KEYS.has(at[0])
          ? "target"
          : via === "path"
            ? "path"
            : "placeholder";
      const before = reads.get(name);
      if (before === undefined || READ_STRENGTH[read] > READ_STRENGTH[before]) reads.set(name, read);
    }
    parametersReadBy.set(action, (names = reads));
  }
  return names;
}
