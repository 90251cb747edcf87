import type { BuiltinActionName } from "../../model/builtin-actions.js";
import type { RunContext } from "../context.js";
import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import { isPlainObject } from "../../model/json.js";

type Params = Record<string, unknown>;

function text(params: Params, name: string, action: string): string {
  const value = params[name];
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  throw new StateError(STATE_ERROR_NAMES.taskFailed, `${action}: parameter "${name}" must be a string`);
}

function optionalText(params: Params, name: string, action: string): string | undefined {
  return params[name] === undefined ? undefined : text(params, name, action);
}

function linkObjectInput(
  params: Params,
  name: string,
  action: string,
  required: true,
): { name: string; metadata?: Params };
function linkObjectInput(
  params: Params,
  name: string,
  action: string,
  required: false,
): { name?: string; metadata?: Params } | undefined;
function linkObjectInput(params: Params, name: string, action: string, required: boolean) {
  const value = params[name];
  if (value === undefined && !required) return undefined;
  if (!isPlainObject(value))
    throw new StateError(STATE_ERROR_NAMES.taskFailed, `${action}: parameter "${name}" must be an object`);
  const objectName =
    value.name === undefined && !required ? undefined : text(value, "name", `${action} ${name}`);
  if (value.metadata !== undefined && !isPlainObject(value.metadata))
    throw new StateError(STATE_ERROR_NAMES.taskFailed, `${action}: ${name}.metadata must be an object`);
  return {
    ...(objectName !== undefined ? { name: objectName } : {}),
    ...(value.metadata !== undefined ? { metadata: value.metadata as Params } : {}),
  };
}

type Builtin = (params: Params, store: RunContext["store"], name: BuiltinActionName) => unknown;

/** The built-in actions (reference §6, links seed) over the run's config and link stores. */
const BUILTINS: Record<BuiltinActionName, Builtin> = {
  LoadConfig: (params, { configs }, name) => configs.load(text(params, "scope", name)),
  PatchConfig: (params, { configs }, name) => {
    const config = params.config;
    if (!isPlainObject(config))
      throw new StateError(STATE_ERROR_NAMES.taskFailed, `${name}: parameter "config" must be an object`);
    configs.patch(text(params, "scope", name), config);
    return null;
  },
  CreateLink: (params, { links }, name) =>
    links.create({
      link_type: text(params, "link_type", name),
      left_object: linkObjectInput(params, "left_object", name, true),
      right_object: linkObjectInput(params, "right_object", name, true),
    }),
  LoadLinks: (params, { links }, name) => {
    const pageSize = params.page_size;
    if (pageSize !== undefined && typeof pageSize !== "number")
      throw new StateError(STATE_ERROR_NAMES.taskFailed, `${name}: page_size must be a number`);
    const query = {
      link_type: text(params, "link_type", name),
      left_object_name: optionalText(params, "left_object_name", name),
      right_object_name: optionalText(params, "right_object_name", name),
      page_size: pageSize,
      page_after_cursor: optionalText(params, "page_after_cursor", name),
      page_before_cursor: optionalText(params, "page_before_cursor", name),
    };
    return links.load(
      Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as typeof query & {
        link_type: string;
      },
    );
  },
  PatchLink: (params, { links }, name) => {
    const left = linkObjectInput(params, "left_object", name, false);
    const right = linkObjectInput(params, "right_object", name, false);
    if (!left && !right)
      throw new StateError(STATE_ERROR_NAMES.taskFailed, `${name}: give left_object or right_object`);
    return links.patch({
      link_type: text(params, "link_type", name),
      left_object_name: text(params, "left_object_name", name),
      right_object_name: text(params, "right_object_name", name),
      ...(left ? { left_object: left } : {}),
      ...(right ? { right_object: right } : {}),
    });
  },
  DeleteLink: (params, { links }, name) => {
    links.delete({
      link_type: text(params, "link_type", name),
      left_object_name: text(params, "left_object_name", name),
      right_object_name: text(params, "right_object_name", name),
    });
    return null;
  },
};

/** Runs a built-in action with its resolved parameters. */
export function runBuiltin(name: BuiltinActionName, parameters: unknown, context: RunContext): unknown {
  return BUILTINS[name](isPlainObject(parameters) ? parameters : {}, context.store, name);
}
