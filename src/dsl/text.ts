import { isRef, refPath, type Ref } from "./ref.js";

const TEMPLATE = Symbol.for("zisflow.template");
const PARAM = Symbol.for("zisflow.param");

/** A deploy-time value (integration key, target URL, …) filled in by `zisflow build --set NAME=VALUE`. */
export interface BuildParam {
  readonly [PARAM]: true;
  readonly name: string;
  /** What the build writes when no value is given. */
  readonly placeholder: string;
}

/**
 * Declares a build parameter. Without a value at build time the output keeps `placeholder`, which defaults to
 * the name itself (the seed tutorial's `EXTERNAL_TARGET_URL` style).
 */
export function param(
  name: string,
  options: {
    /** What the output keeps without a value at build time. @default the name */
    readonly placeholder?: string | undefined;
  } = {},
): BuildParam {
  return Object.freeze({ [PARAM]: true as const, name, placeholder: options.placeholder ?? name });
}

/** The integration key the bundle is built for: `--integration KEY`, else the tutorial's `INTEGRATION`. */
export const integrationKey: BuildParam = param("INTEGRATION");

export function isBuildParam(value: unknown): value is BuildParam {
  return typeof value === "object" && value !== null && PARAM in value;
}

export type TemplatePart = string | Ref<unknown> | BuildParam;

/**
 * A string with `{{$.path}}` placeholders, made by the `tpl` tag (written under `key.$`), or plain text with
 * build parameters, made by the `str` tag (written under `key`).
 */
export interface Template {
  readonly [TEMPLATE]: readonly TemplatePart[];
  /** Plain text: no `.$` suffix, no placeholders. */
  readonly plain?: true;
}

export function isTemplate(value: unknown): value is Template {
  return typeof value === "object" && value !== null && TEMPLATE in value;
}

/**
 * Tagged template for ZIS path placeholders: each `${ref}` becomes `{{$.path}}`, each build parameter its
 * value, and the result is written under a `key.$`. A literal `$` before a placeholder is just text:
 * tpl`a $${$.amount} refund` renders `a ${{$.amount}} refund`.
 */
export function tpl(
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<TemplatePart | number | boolean>
): Template {
  return Object.freeze({ [TEMPLATE]: templateOf(strings, values) });
}

/**
 * Plain text with build parameters, written under its key as is (no `.$`): str`${integrationKey}_settings`
 * renders `acme_settings` with `--integration acme`.
 */
export function str(
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<BuildParam | string | number | boolean>
): Template {
  return Object.freeze({ [TEMPLATE]: templateOf(strings, values), plain: true as const });
}

/** The literal texts and the values of a tagged template, in order; numbers and booleans become text. */
function templateOf(
  strings: TemplateStringsArray,
  values: ReadonlyArray<TemplatePart | number | boolean>,
): readonly TemplatePart[] {
  const parts: TemplatePart[] = [];
  strings.forEach((text, i) => {
    if (text !== "") parts.push(text);
    if (i < values.length) {
      const value = values[i]!;
      parts.push(typeof value === "number" || typeof value === "boolean" ? String(value) : value);
    }
  });
  return Object.freeze(parts);
}

export function templateParts(template: Template): readonly TemplatePart[] {
  return template[TEMPLATE];
}

/** Values allowed where ZIS takes plain text that may hold placeholders (Succeed Message, Fail Error/Cause). */
export type Text = string | Template | BuildParam;

/** Renders text with placeholders, build parameters resolved through `resolve`. */
export function renderText(text: Text, resolve: (param: BuildParam) => string): string {
  if (typeof text === "string") return text;
  if (isBuildParam(text)) return resolve(text);
  return templateParts(text)
    .map((part) =>
      typeof part === "string" ? part : isBuildParam(part) ? resolve(part) : `{{${refPath(part)}}}`,
    )
    .join("");
}

export { isRef };
