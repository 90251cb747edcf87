/** The syntax tree of a jq program, as the own parser builds it (jq 1.8.2's grammar). */

export type BinaryOperator = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=";
export type AssignOperator = "=" | "|=" | "+=" | "-=" | "*=" | "/=" | "%=" | "//=";

export type Pattern =
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "array"; readonly elements: readonly Pattern[] }
  | { readonly kind: "object"; readonly entries: readonly ObjectPatternEntry[] };

/** `{$name}`, `{$name: pattern}`, `{key: pattern}`, `{"key": pattern}`, `{(expr): pattern}`. */
export interface ObjectPatternEntry {
  /** A variable the entry also binds (`$name` keys). */
  readonly variable?: string;
  readonly key: Node;
  readonly pattern?: Pattern;
}

export interface ObjectEntry {
  readonly key: Node;
  /** Absent for shorthands (`{a}`, `{$x}`, `{"a b"}`): the value is then computed from the key. */
  readonly value?: Node;
  /** `{$x}`: the variable whose value the entry takes. */
  readonly variable?: string;
}

export interface FunctionDef {
  readonly name: string;
  /** Parameter names; `$name` ones are value parameters. */
  readonly params: readonly string[];
  readonly body: Node;
}

export type Node =
  | { readonly kind: "identity" }
  | { readonly kind: "recurse" }
  | { readonly kind: "literal"; readonly value: import("./value.js").JqValue }
  | { readonly kind: "string"; readonly parts: readonly (string | Node)[]; readonly format?: string }
  | { readonly kind: "format"; readonly name: string }
  /**
   * `optional`: written with `?` right after the access (`.a?`, `.[]?`): only the access's own error is
   * suppressed, target by target; a `?` after anything else is a `try`.
   */
  | { readonly kind: "index"; readonly target: Node; readonly index: Node; readonly optional?: boolean }
  | {
      readonly kind: "slice";
      readonly target: Node;
      readonly from?: Node;
      readonly to?: Node;
      readonly optional?: boolean;
    }
  | { readonly kind: "iterate"; readonly target: Node; readonly optional?: boolean }
  | { readonly kind: "try"; readonly body: Node; readonly handler?: Node }
  | { readonly kind: "array"; readonly body?: Node }
  | { readonly kind: "object"; readonly entries: readonly ObjectEntry[] }
  | { readonly kind: "negate"; readonly body: Node }
  | { readonly kind: "pipe"; readonly left: Node; readonly right: Node }
  | { readonly kind: "comma"; readonly left: Node; readonly right: Node }
  | { readonly kind: "binary"; readonly operator: BinaryOperator; readonly left: Node; readonly right: Node }
  | { readonly kind: "and" | "or"; readonly left: Node; readonly right: Node }
  | { readonly kind: "alternative"; readonly left: Node; readonly right: Node }
  | { readonly kind: "assign"; readonly operator: AssignOperator; readonly left: Node; readonly right: Node }
  | { readonly kind: "if"; readonly condition: Node; readonly then: Node; readonly else?: Node }
  | {
      readonly kind: "reduce";
      readonly source: Node;
      readonly patterns: readonly Pattern[];
      readonly init: Node;
      readonly update: Node;
    }
  | {
      readonly kind: "foreach";
      readonly source: Node;
      readonly patterns: readonly Pattern[];
      readonly init: Node;
      readonly update: Node;
      readonly extract?: Node;
    }
  | { readonly kind: "def"; readonly def: FunctionDef; readonly rest: Node }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "loc"; readonly line: number }
  | { readonly kind: "as"; readonly source: Node; readonly patterns: readonly Pattern[]; readonly body: Node }
  | { readonly kind: "label"; readonly name: string; readonly body: Node }
  | { readonly kind: "break"; readonly name: string };
