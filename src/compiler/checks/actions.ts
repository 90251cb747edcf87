import { parseActionName } from "../../model/names.js";
import { parseReferencePath } from "../../model/paths.js";
import { isObject, type RawObject, type ResourceView, type StateView } from "../../model/bundle-view.js";
import { dynamicReads } from "../reads.js";
import type { Check, CheckContext } from "./context.js";

/** Required parameters of each built-in (reference §6; links seed). A `name.$` key counts as `name`. */
const REQUIRED_BUILTIN_PARAMETERS: Record<string, ReadonlyArray<readonly string[]>> = {
  Jq: [["expr"], ["data"]],
  LoadConfig: [["scope"]],
  PatchConfig: [["scope"], ["config"]],
  LoadLinks: [["link_type"], ["left_object_name", "right_object_name"]],
  CreateLink: [["link_type"], ["left_object"], ["right_object"]],
  PatchLink: [["link_type"], ["left_object_name"], ["right_object_name"], ["left_object", "right_object"]],
  DeleteLink: [["link_type"], ["left_object_name"], ["right_object_name"]],
};

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
          context.report("invalid_action_name", at, `"${actionName}" is not a ZIS action name`);
          break;
        case "jq":
          checkRequired(context, state, "Jq", parameters);
          break;
        case "builtin":
          if (!parsed.known)
            context.report("unknown_builtin_action", at, `ZIS has no built-in action "${parsed.name}"`);
          else {
            checkRequired(context, state, parsed.name, parameters);
            if (parsed.name === "LoadLinks") checkLoadLinks(context, state, parameters);
          }
          break;
        case "custom": {
          const action = actionsByName.get(parsed.name);
          if (!action)
            context.report("unknown_action", at, `the bundle defines no action named "${parsed.name}"`);
          else checkPassedParameters(context, state, action, parameters);
          break;
        }
      }
    }
  }
};

const given = (parameters: RawObject, name: string) => name in parameters || `${name}.$` in parameters;

function checkRequired(
  context: CheckContext,
  state: StateView,
  builtin: string,
  parameters: RawObject,
): void {
  for (const alternatives of REQUIRED_BUILTIN_PARAMETERS[builtin] ?? []) {
    if (alternatives.some((name) => given(parameters, name))) continue;
    context.report(
      "missing_action_parameter",
      [...state.at, "Parameters"],
      `${builtin} needs ${alternatives.map((n) => `"${n}"`).join(" or ")}`,
    );
  }
}

function checkLoadLinks(context: CheckContext, state: StateView, parameters: RawObject): void {
  for (const name of ["left_object_name", "right_object_name"]) {
    const value = parameters[name];
    if (typeof value !== "string") continue;
    const star = value.indexOf("*");
    if (value === "*")
      context.report(
        "invalid_action_parameter",
        [...state.at, "Parameters", name],
        'a lone "*" wildcard is not supported',
      );
    else if (star >= 0 && star !== value.length - 1)
      context.report(
        "invalid_action_parameter",
        [...state.at, "Parameters", name],
        'the "*" wildcard must be the last character',
      );
  }
  const size = parameters.page_size;
  if (size !== undefined && !(Number.isInteger(size) && (size as number) >= 1 && (size as number) <= 100))
    context.report(
      "invalid_action_parameter",
      [...state.at, "Parameters", "page_size"],
      `page_size must be an integer from 1 to 100, found ${JSON.stringify(size)}`,
    );
}

/** Inside a custom action's definition `$` is the caller's Parameters: each `$.x` it reads must be passed. */
function checkPassedParameters(
  context: CheckContext,
  state: StateView,
  action: ResourceView,
  parameters: RawObject,
): void {
  const passed = new Set(Object.keys(parameters).map((k) => (k.endsWith(".$") ? k.slice(0, -2) : k)));
  const needed = new Set<string>();
  for (const read of dynamicReads(action.properties?.definition, [])) {
    const parsed = parseReferencePath(read.path);
    if (parsed.ok && typeof parsed.segments[0] === "string") needed.add(parsed.segments[0]);
  }
  for (const name of needed) {
    if (!passed.has(name))
      context.report(
        "action_parameter_not_passed",
        [...state.at, "Parameters"],
        `action "${action.name}" reads $.${name}, which this state does not pass`,
      );
  }
}
