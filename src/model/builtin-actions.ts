/**
 * ZIS's built-in actions (reference §6, the links seed) and the Jq transform: what each takes, what it needs,
 * and whether it returns a result. One table the validator, the interpreter, the importer and the DSL read.
 */

import { z } from "zod";
import { isPlainObject } from "./json.js";
import { previewOf, type ValuePreview } from "./json.js";

/**
 * The JSON type of a parameter's value once its `.$` reference is resolved (`json`: any JSON value). A link
 * object is `{ name, metadata? }` (CreateLink); a link object change may leave out the name (PatchLink).
 */
export type ParameterType = "string" | "number" | "object" | "link_object" | "link_object_change" | "json";

export interface ActionSpec {
  /** The parameters it takes. A `name.$` key passes `name` by reference. */
  readonly parameters: Readonly<Record<string, ParameterType>>;
  /** Groups of parameters of which at least one must be given. */
  readonly required: ReadonlyArray<readonly string[]>;
  /** Whether it returns a value to write at `ResultPath` (else the flow data stays as it was). */
  readonly returnsResult: boolean;
  /** The members of the object it returns, where they are fixed (LoadConfig's `{ config }`). @default any */
  readonly resultMembers?: readonly string[];
}

export const BUILTIN_ACTION_SPECS = {
  LoadConfig: {
    parameters: { scope: "string" },
    required: [["scope"]],
    returnsResult: true,
    resultMembers: ["config"],
  },
  PatchConfig: {
    parameters: { scope: "string", config: "object" },
    required: [["scope"], ["config"]],
    returnsResult: false,
  },
  LoadLinks: {
    parameters: {
      link_type: "string",
      left_object_name: "string",
      right_object_name: "string",
      page_size: "number",
      page_after_cursor: "string",
      page_before_cursor: "string",
    },
    required: [["link_type"], ["left_object_name", "right_object_name"]],
    returnsResult: true,
    resultMembers: ["count", "links", "meta"],
  },
  CreateLink: {
    parameters: { link_type: "string", left_object: "link_object", right_object: "link_object" },
    required: [["link_type"], ["left_object"], ["right_object"]],
    returnsResult: true,
    resultMembers: ["link"],
  },
  PatchLink: {
    parameters: {
      link_type: "string",
      left_object_name: "string",
      right_object_name: "string",
      left_object: "link_object_change",
      right_object: "link_object_change",
    },
    required: [["link_type"], ["left_object_name"], ["right_object_name"], ["left_object", "right_object"]],
    returnsResult: true,
    resultMembers: ["link"],
  },
  DeleteLink: {
    parameters: { link_type: "string", left_object_name: "string", right_object_name: "string" },
    required: [["link_type"], ["left_object_name"], ["right_object_name"]],
    returnsResult: false,
  },
} as const satisfies Record<string, ActionSpec>;

export type BuiltinActionName = keyof typeof BUILTIN_ACTION_SPECS;
export const BUILTIN_ACTIONS = Object.keys(BUILTIN_ACTION_SPECS) as BuiltinActionName[];

export const isBuiltinActionName = (name: string): name is BuiltinActionName =>
  Object.hasOwn(BUILTIN_ACTION_SPECS, name);

/** Text a built-in reads: a string, or a number read as its decimal text. */
const TextSchema = z.union([z.string(), z.number().transform(String)]);
/** A JSON object taken as it is: z.record would copy it and drop a `__proto__` key. */
const JsonRecordSchema = z.custom<Record<string, unknown>>(isPlainObject, "Invalid input: expected object");

/** What a parameter of each type is once resolved, as the built-in reads it. */
const PARAMETER_SCHEMAS = {
  string: TextSchema,
  number: z.number(),
  object: JsonRecordSchema,
  link_object: z.object({ name: TextSchema, metadata: JsonRecordSchema.optional() }),
  link_object_change: z.object({ name: TextSchema.optional(), metadata: JsonRecordSchema.optional() }),
  json: z.unknown(),
} as const satisfies Record<ParameterType, z.ZodType>;

type Specs = typeof BUILTIN_ACTION_SPECS;
type ParameterValue<T> = T extends ParameterType ? z.output<(typeof PARAMETER_SCHEMAS)[T]> : never;
/** The parameters a built-in's required groups of one name make required. */
type RequiredParameter<N extends BuiltinActionName> = Extract<
  Specs[N]["required"][number],
  readonly [string]
>[0];

/** A built-in's resolved parameters, typed from the table: each group of one required name is required. */
export type BuiltinParameters<N extends BuiltinActionName> = {
  readonly [P in keyof Specs[N]["parameters"] as P extends RequiredParameter<N> ? P : never]: ParameterValue<
    Specs[N]["parameters"][P]
  >;
} & {
  readonly [P in keyof Specs[N]["parameters"] as P extends RequiredParameter<N> ? never : P]?: ParameterValue<
    Specs[N]["parameters"][P]
  >;
};

function parametersSchema(spec: ActionSpec): z.ZodType<Readonly<Record<string, unknown>>> {
  const shape = Object.fromEntries(
    Object.entries(spec.parameters).map(([parameter, type]) => [
      parameter,
      PARAMETER_SCHEMAS[type].optional(),
    ]),
  );
  return z.looseObject(shape).superRefine((value, context) => {
    for (const group of spec.required)
      if (group.every((parameter) => value[parameter] === undefined))
        context.addIssue({
          code: "custom",
          path: group.length === 1 ? [group[0]!] : [],
          message: group.length === 1 ? "is required" : `needs ${group.join(" or ")}`,
        });
  });
}

/** Made once: every run of a built-in parses its parameters. */
const PARAMETERS_SCHEMAS = new Map(
  Object.entries(BUILTIN_ACTION_SPECS).map(([name, spec]) => [name, parametersSchema(spec)]),
);

/** A built-in's resolved parameters read with the table's types and required groups (others pass through). */
export function builtinParametersSchema<N extends BuiltinActionName>(
  name: N,
): z.ZodType<BuiltinParameters<N>> {
  // Built from the same table BuiltinParameters<N> is typed from.
  return PARAMETERS_SCHEMAS.get(name) as z.ZodType<BuiltinParameters<N>>;
}

/** A link object as CreateLink and PatchLink take it (`left_object`, `right_object`). */
export const LINK_OBJECT_FIELDS: Readonly<Record<string, ParameterType>> = {
  name: "string",
  metadata: "object",
};

/** `zis:common:transform:Jq`: a jq expression and the data it reads. */
export const JQ_ACTION_SPEC: ActionSpec = {
  parameters: { expr: "string", data: "json" },
  required: [["expr"], ["data"]],
  returnsResult: true,
};

/** LoadLinks' page size: how many links a page holds when not given, and the range it may take. */
export const LINKS_PAGE_SIZE = { default: 20, min: 1, max: 100 } as const;

/** What ZIS refuses in a LoadLinks parameter. */
export type LinksParameterProblem =
  | { readonly parameter: "page_size"; readonly problem: "page_size_range"; readonly found: ValuePreview }
  | {
      readonly parameter: "left_object_name" | "right_object_name";
      readonly problem: "lone_wildcard" | "inner_wildcard";
    };

/** What is wrong with a LoadLinks page size, if anything. */
export function pageSizeProblem(size: unknown): LinksParameterProblem | undefined {
  return typeof size === "number" &&
    Number.isInteger(size) &&
    size >= LINKS_PAGE_SIZE.min &&
    size <= LINKS_PAGE_SIZE.max
    ? undefined
    : { parameter: "page_size", problem: "page_size_range", found: previewOf(size) };
}

/**
 * What is wrong with a LoadLinks object name pattern, if anything: a `*` matches a prefix only as the last
 * character, and a lone `*` (every name) is not supported.
 */
export function objectNamePatternProblem(
  parameter: "left_object_name" | "right_object_name",
  pattern: string,
): LinksParameterProblem | undefined {
  if (pattern === "*") return { parameter, problem: "lone_wildcard" };
  const star = pattern.indexOf("*");
  return star >= 0 && star !== pattern.length - 1 ? { parameter, problem: "inner_wildcard" } : undefined;
}

/** The problem in words: the validator's message and the link store's error Cause. */
export function describeLinksParameterProblem(problem: LinksParameterProblem): string {
  switch (problem.problem) {
    case "page_size_range":
      return `page_size must be an integer from ${LINKS_PAGE_SIZE.min} to ${LINKS_PAGE_SIZE.max}, found ${problem.found.text}`;
    case "lone_wildcard":
      return 'a lone "*" wildcard is not supported';
    case "inner_wildcard":
      return 'the "*" wildcard must be the last character';
  }
}
