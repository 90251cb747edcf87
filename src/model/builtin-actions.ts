/**
 * ZIS's built-in actions (reference §6, the links seed) and the Jq transform: what each takes, what it needs,
 * and whether it returns a result. One table the validator, the interpreter, the importer and the DSL read.
 */

/** The JSON type of a parameter's value once its `.$` reference is resolved. */
export type ParameterType = "string" | "number" | "object" | "any";

export interface ActionSpec {
  /** The parameters it takes. A `name.$` key passes `name` by reference. */
  readonly parameters: Readonly<Record<string, ParameterType>>;
  /** Groups of parameters of which at least one must be given. */
  readonly required: ReadonlyArray<readonly string[]>;
  /** Whether it returns a value to write at `ResultPath` (else the flow data stays as it was). */
  readonly returnsResult: boolean;
}

export const BUILTIN_ACTION_SPECS = {
  LoadConfig: { parameters: { scope: "string" }, required: [["scope"]], returnsResult: true },
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
  },
  CreateLink: {
    parameters: { link_type: "string", left_object: "object", right_object: "object" },
    required: [["link_type"], ["left_object"], ["right_object"]],
    returnsResult: true,
  },
  PatchLink: {
    parameters: {
      link_type: "string",
      left_object_name: "string",
      right_object_name: "string",
      left_object: "object",
      right_object: "object",
    },
    required: [["link_type"], ["left_object_name"], ["right_object_name"], ["left_object", "right_object"]],
    returnsResult: true,
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

/** A link object as CreateLink and PatchLink take it (`left_object`, `right_object`). */
export const LINK_OBJECT_FIELDS: Readonly<Record<string, ParameterType>> = {
  name: "string",
  metadata: "object",
};

/** `zis:common:transform:Jq`: a jq expression and the data it reads. */
export const JQ_ACTION_SPEC: ActionSpec = {
  parameters: { expr: "string", data: "any" },
  required: [["expr"], ["data"]],
  returnsResult: true,
};

/** LoadLinks' page size: how many links a page holds when not given, and the range it may take. */
export const LINKS_PAGE_SIZE = { default: 20, min: 1, max: 100 } as const;

/** What ZIS refuses in a LoadLinks parameter. */
export type LinksParameterProblem =
  | { readonly parameter: "page_size"; readonly problem: "page_size_range"; readonly found: unknown }
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
    : { parameter: "page_size", problem: "page_size_range", found: size };
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
      return `page_size must be an integer from ${LINKS_PAGE_SIZE.min} to ${LINKS_PAGE_SIZE.max}, found ${JSON.stringify(problem.found)}`;
    case "lone_wildcard":
      return 'a lone "*" wildcard is not supported';
    case "inner_wildcard":
      return 'the "*" wildcard must be the last character';
  }
}
