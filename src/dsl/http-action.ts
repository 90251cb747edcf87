import type { HttpMethod } from "../model/http-action.js";
import { nextCreationIndex } from "./scope.js";
import { pathProxy, type PathProxy, type Ref } from "./ref.js";
import type { BuildParam, Template } from "./text.js";
import type { DynamicObject } from "./values.js";

/** A header or query parameter value: text, a template, a build parameter, or a path into the parameters. */
export type KeyValueInput = string | Template | BuildParam | Ref<unknown>;

/** What an HTTP action sends. Inside it, `$` is the calling Action state's Parameters (reference §2.3). */
export interface HttpActionProps {
  readonly method: HttpMethod;
  /** Path appended to https://<subdomain>.zendesk.com. Exactly one of `path` and `url`. @default none */
  readonly path?: string | Template | BuildParam | Ref<string> | undefined;
  /** Absolute URL. Exactly one of `path` and `url`. @default none */
  readonly url?: string | Template | BuildParam | Ref<string> | undefined;
  /** A ZIS connection whose credential ZIS adds to the request, e.g. `zendesk`. @default none */
  readonly connectionName?: string | undefined;
  /** Request headers in order, as `{ "Content-Type": "application/json" }`. @default none */
  readonly headers?: Readonly<Record<string, KeyValueInput>> | undefined;
  /** Query-string parameters in order. @default none */
  readonly queryParams?: Readonly<Record<string, KeyValueInput>> | undefined;
  /**
   * JSON body: an object with refs and templates, or a path whose value is the whole body (`requestBody.$`).
   * @default none: the request has no body
   */
  readonly requestBody?: DynamicObject | Ref<unknown> | undefined;
}

/**
 * A custom action (`ZIS::Action::Http`). `P` is the type of the parameters an Action state must pass; `R` the
 * response body it returns (`unknown`, unchecked, until declared).
 */
export interface HttpAction<P = Record<string, unknown>, R = unknown> {
  readonly kind: "HttpAction";
  readonly name: string;
  /** Resource key in the bundle. @default the name */
  readonly key: string;
  readonly definition: HttpActionProps;
  readonly creationIndex: number;
  /** Phantom: the parameters' type. */
  readonly parameters?: P;
  /** Phantom: the response body's type. */
  readonly response?: R;
}

/**
 * Declares a custom HTTP action. The callback receives `$`, the parameters the calling state passes, so the
 * definition can only reference parameters `P` declares; `R` is the response body an Action state's ResultPath
 * receives:
 *
 *     const getUserProfile = httpAction<{ profile_id: string }, UserProfileResponse>("GetUserProfile", ($) => ({
 *       method: "GET", path: tpl`/api/v2/user_profiles/${$.profile_id}`, connectionName: "zendesk",
 *     }));
 */
export function httpAction<P = Record<string, unknown>, R = unknown>(
  name: string,
  define: ($: PathProxy<P>) => HttpActionProps,
  options: {
    /** Resource key in the bundle. @default the name */
    readonly key?: string | undefined;
  } = {},
): HttpAction<P, R> {
  return Object.freeze({
    kind: "HttpAction",
    name,
    key: options.key ?? name,
    definition: define(pathProxy<P>()),
    creationIndex: nextCreationIndex(),
  });
}
