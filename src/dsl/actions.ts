import type { BuiltinActionName } from "../model/builtin-actions.js";
import type { Link, LinkResult, LoadLinksResult } from "./events.js";
import type { HttpAction } from "./http-action.js";
import type { Ref } from "./ref.js";
import type { BuildParam, Template } from "./text.js";
import type { Dynamic, DynamicObject } from "./values.js";

/**
 * What an Action state runs: a custom action with its parameters, a built-in action, or the Jq transform.
 * `R` is what it returns, for the type checker only (see `ResultTarget`): `unknown` until the author declares it.
 */
export type ActionCall<R = unknown> = (
  | {
      readonly kind: "custom";
      readonly action: HttpAction<unknown, unknown>;
      readonly parameters: DynamicObject;
    }
  | { readonly kind: "builtin"; readonly name: BuiltinActionName; readonly parameters: DynamicObject }
  | { readonly kind: "jq"; readonly parameters: DynamicObject }
) & { readonly result?: R };

/** A declared result type `T` wrapped as a built-in returns it; an undeclared one stays unknown. */
type Declared<T, Result> = unknown extends T ? unknown : Result;

/**
 * A value the caller passes for a parameter of type `T`: the value itself or a path/template producing it.
 * (Brackets keep the conditional from distributing: a `boolean` parameter takes a `Ref<boolean>`.)
 */
export type ParameterInput<T> = [NonNullable<T>] extends [string]
  ? string | Extract<T, null | undefined> | Ref<T> | Template | BuildParam
  : [NonNullable<T>] extends [object]
    ? Extract<T, null | undefined> | Ref<T> | { readonly [K in keyof T]: ParameterInput<T[K]> } | Dynamic
    : T | Ref<T>;

export type ParametersInput<P> = { readonly [K in keyof P]: ParameterInput<P[K]> };

/**
 * Calls a custom action with its parameters (checked against the action's declared parameter type). Returns
 * the action's declared response type `R`.
 */
export function invoke<P, R>(action: HttpAction<P, R>, parameters: ParametersInput<P>): ActionCall<R> {
  return Object.freeze({
    kind: "custom",
    action: action as unknown as HttpAction<unknown, unknown>,
    parameters: parameters as unknown as DynamicObject,
  });
}

/**
 * `zis:common:transform:Jq`: runs a jq program on `data` and writes its output at the state's ResultPath.
 * `data` is usually a path (`$.input`); an object of refs or a JSON string is passed as written. Declare the
 * output's type, `jq<number>(".x | tonumber", $.input)`, to have the ResultPath checked against it.
 */
export function jq<R = unknown>(
  expr: string | Template,
  data: Ref<unknown> | DynamicObject | string,
): ActionCall<R> {
  return Object.freeze({ kind: "jq", parameters: { expr, data } });
}

type TextInput = string | Template | BuildParam | Ref<string>;

/** What LoadConfig writes at its ResultPath: the stored config `C` under `config`. */
export interface LoadConfigResult<C> {
  readonly config: C;
}

/**
 * `LoadConfig`: the config stored under `scope`, returned as `{ config: {...} }`. Declare the config's shape,
 * `loadConfig<{ slack_channel: string }>(…)`, to have the ResultPath checked.
 */
export function loadConfig<C = unknown>(parameters: {
  readonly scope: TextInput;
}): ActionCall<Declared<C, LoadConfigResult<C>>> {
  return builtin("LoadConfig", parameters);
}

/** `PatchConfig`: merges `config` into the config stored under `scope`. Returns nothing (`null`). */
export function patchConfig(parameters: {
  readonly scope: TextInput;
  readonly config: DynamicObject | Ref<object>;
}): ActionCall<null> {
  return builtin("PatchConfig", parameters);
}

/** One side of a link: `name` may hold name attributes (`key:value/key:value`); `metadata` is free JSON. */
export interface LinkObjectInput {
  readonly name: TextInput;
  /**
   * Free JSON; PatchLink merges it into the stored metadata.
   * @default none: CreateLink stores none, PatchLink keeps the stored metadata
   */
  readonly metadata?: DynamicObject | Ref<object> | undefined;
}

/**
 * `CreateLink` (links seed): links `left_object` and `right_object` under `link_type`. Declare the link's type,
 * `createLink<TicketThreadLink>(…)`, to have the ResultPath (`{ link }`) checked.
 */
export function createLink<L = unknown>(parameters: {
  readonly link_type: TextInput;
  readonly left_object: LinkObjectInput;
  readonly right_object: LinkObjectInput;
}): ActionCall<LinkResultOf<L>> {
  return builtin("CreateLink", parameters);
}

/**
 * `LoadLinks`: links of `link_type` matching the left and/or right object name. A name may end in `*` to
 * match a prefix (a lone `*` is rejected). Pages hold `page_size` links (default 20, max 100); pass
 * `meta.after` / `meta.before` of a response as `page_after_cursor` / `page_before_cursor`. Declare the link's
 * type, `loadLinks<TicketThreadLink>(…)`, to have the ResultPath checked.
 */
export function loadLinks<L = unknown>(parameters: {
  readonly link_type: TextInput;
  /** @default none: any left object (give this, `right_object_name`, or both) */
  readonly left_object_name?: TextInput | undefined;
  /** @default none: any right object */
  readonly right_object_name?: TextInput | undefined;
  /** Links a page holds, 1 to 100. @default 20 */
  readonly page_size?: number | Ref<number> | undefined;
  /** A link id (`meta.after` of a response) to page forward from. @default none: the first page */
  readonly page_after_cursor?: TextInput | undefined;
  /** A link id (`meta.before` of a response) to page back from. @default none: the first page */
  readonly page_before_cursor?: TextInput | undefined;
}): ActionCall<L extends Link ? LoadLinksResult<L> : unknown> {
  return builtin("LoadLinks", parameters);
}

/**
 * `PatchLink`: changes only the objects and properties named in `left_object` / `right_object`. Returns the
 * patched link as `{ link }`, typed when the link's type is declared.
 */
export function patchLink<L = unknown>(parameters: {
  readonly link_type: TextInput;
  readonly left_object_name: TextInput;
  readonly right_object_name: TextInput;
  /** The left object's new name and metadata. @default none: unchanged */
  readonly left_object?: LinkObjectInput | undefined;
  /** The right object's new name and metadata. @default none: unchanged */
  readonly right_object?: LinkObjectInput | undefined;
}): ActionCall<LinkResultOf<L>> {
  return builtin("PatchLink", parameters);
}

/** `DeleteLink`: deletes the link identified by type, left and right object names. Returns nothing (`null`). */
export function deleteLink(parameters: {
  readonly link_type: TextInput;
  readonly left_object_name: TextInput;
  readonly right_object_name: TextInput;
}): ActionCall<null> {
  return builtin("DeleteLink", parameters);
}

type LinkResultOf<L> = L extends Link ? LinkResult<L> : unknown;

/** The typed builder of each built-in: a built-in the model gains fails tsc here until it has one. */
export const BUILTIN_BUILDERS = {
  LoadConfig: loadConfig,
  PatchConfig: patchConfig,
  LoadLinks: loadLinks,
  CreateLink: createLink,
  PatchLink: patchLink,
  DeleteLink: deleteLink,
} as const satisfies Record<BuiltinActionName, (parameters: never) => ActionCall<unknown>>;

function builtin<R>(name: BuiltinActionName, parameters: object): ActionCall<R> {
  return Object.freeze({ kind: "builtin", name, parameters: parameters as DynamicObject });
}
