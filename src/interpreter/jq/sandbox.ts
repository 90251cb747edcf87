/**
 * The sandbox: ZIS runs jq without input files, environment or side channels, so a program that calls one of
 * those builtins (anywhere, string interpolations included) is refused before either engine runs it. Names the
 * program defines or binds itself are its own: `def env: 1; env`, `.input`, `{input}`, `$input`.
 */
import type { Node, Pattern } from "./ast.js";
import { JqForbidden } from "./errors.js";

/** Builtins that read the environment, more input, files or the module system, or write to stderr. */
const FORBIDDEN_CALLS = new Set([
  "env/0",
  "input/0",
  "inputs/0",
  "input_filename/0",
  "input_line_number/0",
  "debug/0",
  "debug/1",
  "stderr/0",
  "halt/0",
  "halt_error/0",
  "halt_error/1",
  "get_search_list/0",
  "get_prog_origin/0",
  "get_jq_origin/0",
  "modulemeta/0",
]);

const FORBIDDEN_VARIABLES = new Set(["ENV", "__prog_args"]);

/** What a program may name in jq, whether the sandbox forbids it or not: for the check of unparsed text. */
export const FORBIDDEN_NAMES: readonly string[] = [
  ...new Set([...FORBIDDEN_CALLS].map((c) => c.split("/")[0]!)),
  "$ENV",
  "$__prog_args",
  "import",
  "include",
];

interface Scope {
  readonly functions: ReadonlySet<string>;
  readonly variables: ReadonlySet<string>;
}

const extend = (scope: Scope, functions: readonly string[], variables: readonly string[]): Scope => ({
  functions: new Set([...scope.functions, ...functions]),
  variables: new Set([...scope.variables, ...variables]),
});

function patternVariables(pattern: Pattern): string[] {
  switch (pattern.kind) {
    case "var":
      return [pattern.name];
    case "array":
      return pattern.elements.flatMap(patternVariables);
    case "object":
      return pattern.entries.flatMap((entry) => [
        ...(entry.variable !== undefined ? [entry.variable] : []),
        ...(entry.pattern ? patternVariables(entry.pattern) : []),
      ]);
  }
}

/** Throws JqForbidden naming the first forbidden builtin the program calls. */
export function checkSandbox(program: Node): void {
  visit(program, { functions: new Set(), variables: new Set() });
}

function visit(node: Node, scope: Scope): void {
  switch (node.kind) {
    case "call": {
      const key = `${node.name}/${node.args.length}`;
      const own =
        scope.functions.has(key) || (node.args.length === 0 && scope.functions.has(`${node.name}/param`));
      if (!own && FORBIDDEN_CALLS.has(key)) throw new JqForbidden(node.name);
      node.args.forEach((arg) => visit(arg, scope));
      return;
    }
    case "var":
      if (!scope.variables.has(node.name) && FORBIDDEN_VARIABLES.has(node.name))
        throw new JqForbidden(`$${node.name}`);
      return;
    case "def": {
      const self = `${node.def.name}/${node.def.params.length}`;
      const params = node.def.params.map((p) => (p.startsWith("$") ? p.slice(1) : p));
      const valueParams = node.def.params.filter((p) => p.startsWith("$")).map((p) => p.slice(1));
      visit(node.def.body, extend(scope, [self, ...params.map((p) => `${p}/param`)], valueParams));
      visit(node.rest, extend(scope, [self], []));
      return;
    }
    case "as":
      visit(node.source, scope);
      node.patterns.forEach((pattern) => visitPattern(pattern, scope));
      visit(node.body, extend(scope, [], node.patterns.flatMap(patternVariables)));
      return;
    case "reduce":
    case "foreach": {
      visit(node.source, scope);
      node.patterns.forEach((pattern) => visitPattern(pattern, scope));
      visit(node.init, scope);
      const inner = extend(scope, [], node.patterns.flatMap(patternVariables));
      visit(node.update, inner);
      if (node.kind === "foreach" && node.extract) visit(node.extract, inner);
      return;
    }
    case "string":
      node.parts.forEach((part) => typeof part !== "string" && visit(part, scope));
      return;
    case "object":
      for (const entry of node.entries) {
        visit(entry.key, scope);
        if (entry.value) visit(entry.value, scope);
        if (entry.variable !== undefined) visit({ kind: "var", name: entry.variable }, scope);
      }
      return;
    case "index":
      visit(node.target, scope);
      visit(node.index, scope);
      return;
    case "slice":
      visit(node.target, scope);
      if (node.from) visit(node.from, scope);
      if (node.to) visit(node.to, scope);
      return;
    case "iterate":
      visit(node.target, scope);
      return;
    case "try":
      visit(node.body, scope);
      if (node.handler) visit(node.handler, scope);
      return;
    case "array":
      if (node.body) visit(node.body, scope);
      return;
    case "negate":
      visit(node.body, scope);
      return;
    case "pipe":
    case "comma":
    case "binary":
    case "and":
    case "or":
    case "alternative":
    case "assign":
      visit(node.left, scope);
      visit(node.right, scope);
      return;
    case "if":
      visit(node.condition, scope);
      visit(node.then, scope);
      if (node.else) visit(node.else, scope);
      return;
    case "label":
      visit(node.body, scope);
      return;
    case "identity":
    case "recurse":
    case "literal":
    case "format":
    case "loc":
    case "break":
      return;
    default:
      // A new kind of node fails here until the sandbox looks into it.
      node satisfies never;
  }
}

/** Keys computed in object patterns are expressions too. */
function visitPattern(pattern: Pattern, scope: Scope): void {
  if (pattern.kind === "array") pattern.elements.forEach((p) => visitPattern(p, scope));
  else if (pattern.kind === "object")
    for (const entry of pattern.entries) {
      visit(entry.key, scope);
      if (entry.pattern) visitPattern(entry.pattern, scope);
    }
}
