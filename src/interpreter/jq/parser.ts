import type {
  AssignOperator,
  BinaryOperator,
  FunctionDef,
  Node,
  ObjectEntry,
  ObjectPatternEntry,
  Pattern,
} from "./ast.js";
import { JqSyntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";
import { numberFromLiteral } from "./value.js";

/**
 * Parses a jq program (jq 1.8.2's grammar and operator precedence). Throws JqSyntaxError for anything it does
 * not read: a program jq rejects too, or one the own engine leaves to jq-wasm.
 */
export function parse(source: string): Node {
  const parser = new Parser(source);
  const node = parser.pipe({});
  parser.expectEnd();
  return node;
}

/** Where a pipeline is parsed: object values allow neither `,` nor `as` bindings, `def` or `label`. */
interface Context {
  readonly noComma?: boolean;
  readonly noBinding?: boolean;
}

const ASSIGN_OPERATORS = new Set(["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="]);
const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);

class Parser {
  readonly #tokens: Token[];
  readonly #lineStarts: number[] = [0];
  #at = 0;

  constructor(source: string) {
    this.#tokens = tokenize(source);
    for (let i = 0; i < source.length; i++) if (source[i] === "\n") this.#lineStarts.push(i + 1);
  }

  get #token(): Token {
    return this.#tokens[this.#at]!;
  }

  #next(): Token {
    return this.#tokens[this.#at++]!;
  }

  #isOp(value: string, offset = 0): boolean {
    const token = this.#tokens[this.#at + offset];
    return token?.type === "op" && token.value === value;
  }

  #isKeyword(value: string): boolean {
    const token = this.#token;
    return token.type === "keyword" && token.value === value;
  }

  #expectOp(value: string): void {
    if (!this.#isOp(value)) this.#fail(`expected ${value}`);
    this.#at++;
  }

  #expectKeyword(value: string): void {
    if (!this.#isKeyword(value)) this.#fail(`expected ${value}`);
    this.#at++;
  }

  #fail(message: string): never {
    throw new JqSyntaxError(`${message} at ${this.#token.pos}`);
  }

  expectEnd(): void {
    if (this.#token.type !== "eof") this.#fail("unexpected token");
  }

  /** Lowest precedence: `def`, `label`, `Term as $x | …` and `a | b` (right-associative). */
  pipe(context: Context): Node {
    if (!context.noBinding) {
      if (this.#isKeyword("def")) {
        const def = this.#funcDef();
        return { kind: "def", def, rest: this.pipe(context) };
      }
      if (this.#isKeyword("label")) {
        this.#at++;
        const name = this.#variable();
        this.#expectOp("|");
        return { kind: "label", name, body: this.pipe(context) };
      }
      if (this.#isKeyword("import") || this.#isKeyword("include")) this.#fail("modules are not supported");
    }
    const left = context.noComma ? this.#binding(context) : this.#comma(context);
    if (this.#isOp("|")) {
      this.#at++;
      return { kind: "pipe", left, right: this.pipe(context) };
    }
    return left;
  }

  #comma(context: Context): Node {
    let left = this.#binding(context);
    while (this.#isOp(",")) {
      this.#at++;
      // A definition or label after a comma takes the rest: `f, def g: 1; g | h` is `f, (def g: 1; g | h)`.
      if (!context.noBinding && (this.#isKeyword("def") || this.#isKeyword("label")))
        return { kind: "comma", left, right: this.pipe(context) };
      left = { kind: "comma", left, right: this.#binding(context) };
    }
    return left;
  }

  /**
   * `source as $x | body`: the source is everything down to the `//` level (`1 + 2 as $x` binds 3), the body
   * extends as far as it can.
   */
  #binding(context: Context): Node {
    const source = this.#alternative(context);
    if (!this.#isKeyword("as") || context.noBinding) return source;
    this.#at++;
    const patterns = this.#patterns();
    this.#expectOp("|");
    return { kind: "as", source, patterns, body: this.pipe(context) };
  }

  /** `a // b`, right-associative, below the assignments. */
  #alternative(context: Context): Node {
    const left = this.#assignment(context);
    if (this.#isOp("//")) {
      this.#at++;
      return { kind: "alternative", left, right: this.#alternative(context) };
    }
    return left;
  }

  /** `=`, `|=`, `+=`, …: non-associative. */
  #assignment(context: Context): Node {
    const left = this.#or(context);
    const token = this.#token;
    if (token.type === "op" && ASSIGN_OPERATORS.has(token.value)) {
      this.#at++;
      const right = this.#or(context);
      return { kind: "assign", operator: token.value as AssignOperator, left, right };
    }
    return left;
  }

  #or(context: Context): Node {
    let left = this.#and(context);
    while (this.#isKeyword("or")) {
      this.#at++;
      left = { kind: "or", left, right: this.#and(context) };
    }
    return left;
  }

  #and(context: Context): Node {
    let left = this.#comparison(context);
    while (this.#isKeyword("and")) {
      this.#at++;
      left = { kind: "and", left, right: this.#comparison(context) };
    }
    return left;
  }

  /** `==`, `<`, …: non-associative. */
  #comparison(context: Context): Node {
    const left = this.#additive(context);
    const token = this.#token;
    if (token.type === "op" && COMPARISONS.has(token.value)) {
      this.#at++;
      const right = this.#additive(context);
      return { kind: "binary", operator: token.value as BinaryOperator, left, right };
    }
    return left;
  }

  #additive(context: Context): Node {
    let left = this.#multiplicative(context);
    while (this.#isOp("+") || this.#isOp("-")) {
      const operator = this.#next() as { value: BinaryOperator };
      left = { kind: "binary", operator: operator.value, left, right: this.#multiplicative(context) };
    }
    return left;
  }

  #multiplicative(context: Context): Node {
    let left = this.#unary(context);
    while (this.#isOp("*") || this.#isOp("/") || this.#isOp("%")) {
      const operator = this.#next() as { value: BinaryOperator };
      left = { kind: "binary", operator: operator.value, left, right: this.#unary(context) };
    }
    return left;
  }

  /** Unary minus, binding tighter than `*` (`-1 * "a"` is `(-1) * "a"`), then a postfix term. */
  #unary(context: Context): Node {
    if (this.#isOp("-")) {
      this.#at++;
      return { kind: "negate", body: this.#unary(context) };
    }
    return this.#postfix();
  }

  /** A term with its suffixes: `.a`, `."a"`, `[e]`, `[e:f]`, `[]`, `?`. */
  #postfix(): Node {
    const first = this.#token;
    // Whether the node so far ends with an access (`.a`, `."a"`, `.[…]`, `[…]`), which a `?` makes optional.
    let access =
      first.type === "field" ||
      (first.type === "op" &&
        first.value === "." &&
        (this.#tokens[this.#at + 1]?.type === "str_start" || this.#isOp("[", 1)));
    let node = this.#term();
    while (true) {
      const token = this.#token;
      if (token.type === "field") {
        this.#at++;
        node = { kind: "index", target: node, index: { kind: "literal", value: token.value } };
        access = true;
      } else if (this.#isOp(".") && this.#tokens[this.#at + 1]?.type === "str_start") {
        this.#at++;
        node = { kind: "index", target: node, index: this.#string(undefined) };
        access = true;
      } else if (this.#isOp(".") && this.#isOp("[", 1)) {
        this.#at++;
      } else if (this.#isOp("[")) {
        node = this.#bracketSuffix(node);
        access = true;
      } else if (this.#isOp("?")) {
        this.#at++;
        node =
          access && (node.kind === "index" || node.kind === "slice" || node.kind === "iterate")
            ? { ...node, optional: true }
            : { kind: "try", body: node };
        access = false;
      } else return node;
    }
  }

  /** `[]`, `[e]`, `[e:]`, `[:e]`, `[e:f]` after a term. */
  #bracketSuffix(target: Node): Node {
    this.#expectOp("[");
    if (this.#isOp("]")) {
      this.#at++;
      return { kind: "iterate", target };
    }
    if (this.#isOp(":")) {
      this.#at++;
      const to = this.pipe({});
      this.#expectOp("]");
      return { kind: "slice", target, to };
    }
    const index = this.pipe({});
    if (this.#isOp(":")) {
      this.#at++;
      if (this.#isOp("]")) {
        this.#at++;
        return { kind: "slice", target, from: index };
      }
      const to = this.pipe({});
      this.#expectOp("]");
      return { kind: "slice", target, from: index, to };
    }
    this.#expectOp("]");
    return { kind: "index", target, index };
  }

  #term(): Node {
    const token = this.#token;
    switch (token.type) {
      case "number":
        this.#at++;
        return { kind: "literal", value: numberFromLiteral(token.value) };
      case "str_start":
        return this.#string(undefined);
      case "format": {
        this.#at++;
        if (this.#token.type === "str_start") return this.#string(token.value);
        return { kind: "format", name: token.value };
      }
      case "field":
        this.#at++;
        return {
          kind: "index",
          target: { kind: "identity" },
          index: { kind: "literal", value: token.value },
        };
      case "var":
        this.#at++;
        if (token.value === "__loc__") return { kind: "loc", line: this.#line(token.pos) };
        return { kind: "var", name: token.value };
      case "ident":
        return this.#call();
      case "keyword":
        return this.#keywordTerm(token.value);
      case "op":
        return this.#operatorTerm(token.value);
      default:
        this.#fail("unexpected token");
    }
  }

  #operatorTerm(op: string): Node {
    switch (op) {
      case ".": {
        this.#at++;
        if (this.#token.type === "str_start")
          return { kind: "index", target: { kind: "identity" }, index: this.#string(undefined) };
        if (this.#isOp("[")) return this.#bracketSuffix({ kind: "identity" });
        return { kind: "identity" };
      }
      case "..":
        this.#at++;
        return { kind: "recurse" };
      case "(": {
        this.#at++;
        const body = this.pipe({});
        this.#expectOp(")");
        return body;
      }
      case "[": {
        this.#at++;
        if (this.#isOp("]")) {
          this.#at++;
          return { kind: "array" };
        }
        const body = this.pipe({});
        this.#expectOp("]");
        return { kind: "array", body };
      }
      case "{":
        return this.#object();
      default:
        this.#fail("unexpected operator");
    }
  }

  #keywordTerm(keyword: string): Node {
    switch (keyword) {
      case "if":
        return this.#if();
      case "try": {
        this.#at++;
        const body = this.#postBody();
        if (this.#isKeyword("catch")) {
          this.#at++;
          return { kind: "try", body, handler: this.#postBody() };
        }
        return { kind: "try", body };
      }
      case "reduce": {
        this.#at++;
        const source = this.#alternative({ noBinding: true });
        this.#expectKeyword("as");
        const patterns = this.#patterns();
        this.#expectOp("(");
        const init = this.pipe({});
        this.#expectOp(";");
        const update = this.pipe({});
        this.#expectOp(")");
        return { kind: "reduce", source, patterns, init, update };
      }
      case "foreach": {
        this.#at++;
        const source = this.#alternative({ noBinding: true });
        this.#expectKeyword("as");
        const patterns = this.#patterns();
        this.#expectOp("(");
        const init = this.pipe({});
        this.#expectOp(";");
        const update = this.pipe({});
        let extract: Node | undefined;
        if (this.#isOp(";")) {
          this.#at++;
          extract = this.pipe({});
        }
        this.#expectOp(")");
        return extract
          ? { kind: "foreach", source, patterns, init, update, extract }
          : { kind: "foreach", source, patterns, init, update };
      }
      default:
        this.#fail(`unexpected ${keyword}`);
    }
  }

  /** The body of `try` and `catch`: binds tighter than every binary operator. */
  #postBody(): Node {
    if (this.#isOp("-")) {
      this.#at++;
      return { kind: "negate", body: this.#postBody() };
    }
    return this.#postfix();
  }

  #if(): Node {
    this.#expectKeyword("if");
    const condition = this.pipe({});
    this.#expectKeyword("then");
    const then = this.pipe({});
    if (this.#isKeyword("elif")) {
      // `elif` is an `if` nested in the else branch, closed by the same `end`.
      this.#tokens[this.#at] = { type: "keyword", value: "if", pos: this.#token.pos };
      return { kind: "if", condition, then, else: this.#if() };
    }
    if (this.#isKeyword("else")) {
      this.#at++;
      const otherwise = this.pipe({});
      this.#expectKeyword("end");
      return { kind: "if", condition, then, else: otherwise };
    }
    this.#expectKeyword("end");
    return { kind: "if", condition, then };
  }

  #call(): Node {
    const name = (this.#next() as { value: string }).value;
    // jq's parser reads these names as constants, never as calls.
    if (name === "null" || name === "true" || name === "false")
      return { kind: "literal", value: name === "null" ? null : name === "true" };
    if (name === "break" && this.#token.type === "var") return { kind: "break", name: this.#variable() };
    if (name.includes("::")) this.#fail("module functions are not supported");
    const args: Node[] = [];
    if (this.#isOp("(")) {
      this.#at++;
      args.push(this.pipe({}));
      while (this.#isOp(";")) {
        this.#at++;
        args.push(this.pipe({}));
      }
      this.#expectOp(")");
    }
    return { kind: "call", name, args };
  }

  /** A string literal (its interpolations parsed), optionally under a format (`@base64 "…\(.)"`). */
  #string(format: string | undefined): Node {
    if (this.#next().type !== "str_start") this.#fail("expected a string");
    const parts: (string | Node)[] = [];
    while (true) {
      const token = this.#next();
      if (token.type === "str_end") break;
      if (token.type === "str_text") {
        if (token.value !== "") parts.push(token.value);
      } else if (token.type === "interp_start") {
        parts.push(this.pipe({}));
        if (this.#next().type !== "interp_end") this.#fail("expected ) closing an interpolation");
      } else this.#fail("unexpected token in a string");
    }
    if (format === undefined && parts.every((part) => typeof part === "string"))
      return { kind: "literal", value: parts.join("") };
    return format === undefined ? { kind: "string", parts } : { kind: "string", parts, format };
  }

  #object(): Node {
    this.#expectOp("{");
    const entries: ObjectEntry[] = [];
    if (!this.#isOp("}")) {
      do entries.push(this.#objectEntry());
      while (this.#isOp(",") && this.#next());
    }
    this.#expectOp("}");
    return { kind: "object", entries };
  }

  #objectEntry(): ObjectEntry {
    const token = this.#token;
    let key: Node;
    let variable: string | undefined;
    if (token.type === "var") {
      this.#at++;
      if (token.value === "__loc__") {
        key = { kind: "literal", value: "__loc__" };
        if (!this.#isOp(":")) return { key, value: { kind: "loc", line: this.#line(token.pos) } };
      } else {
        key = { kind: "literal", value: token.value };
        variable = token.value;
        if (!this.#isOp(":")) return { key, variable };
        // `{$name: value}`: jq 1.8 takes the variable's value as the key.
        key = { kind: "var", name: token.value };
        variable = undefined;
      }
    } else if (token.type === "ident" || token.type === "keyword") {
      this.#at++;
      if (token.value.includes("::")) this.#fail("unexpected module name");
      key = { kind: "literal", value: token.value };
    } else if (token.type === "number") {
      this.#fail("a number cannot be an object key");
    } else if (token.type === "str_start") {
      key = this.#string(undefined);
    } else if (token.type === "format") {
      this.#at++;
      if (this.#token.type !== "str_start") this.#fail("expected a string after a format key");
      key = this.#string(token.value);
    } else if (this.#isOp("(")) {
      this.#at++;
      key = this.pipe({});
      this.#expectOp(")");
      this.#expectOp(":");
      return { key, value: this.pipe({ noComma: true, noBinding: true }) };
    } else this.#fail("unexpected object key");
    if (!this.#isOp(":")) return variable === undefined ? { key } : { key, variable };
    this.#at++;
    return { key, value: this.pipe({ noComma: true, noBinding: true }) };
  }

  #variable(): string {
    const token = this.#next();
    if (token.type !== "var") this.#fail("expected a $variable");
    return token.value;
  }

  #funcDef(): FunctionDef {
    this.#expectKeyword("def");
    const nameToken = this.#next();
    if (!isDefinableName(nameToken)) this.#fail("expected a function name");
    if (nameToken.value.includes("::")) this.#fail("unexpected module name");
    const params: string[] = [];
    if (this.#isOp("(")) {
      this.#at++;
      do {
        const param = this.#next();
        if (param.type === "var") params.push(`$${param.value}`);
        else if (isDefinableName(param)) params.push(param.value);
        else this.#fail("expected a parameter");
      } while (this.#isOp(";") && this.#next());
      this.#expectOp(")");
    }
    this.#expectOp(":");
    const body = this.pipe({});
    this.#expectOp(";");
    return { name: nameToken.value, params, body };
  }

  /** Destructuring alternatives: `$a`, `[$a, $b] ?// {$a}`. */
  #patterns(): Pattern[] {
    const patterns = [this.#pattern()];
    while (this.#isOp("?//")) {
      this.#at++;
      patterns.push(this.#pattern());
    }
    return patterns;
  }

  #pattern(): Pattern {
    const token = this.#token;
    if (token.type === "var") {
      if (token.value === "__loc__") this.#fail("$__loc__ cannot be bound");
      this.#at++;
      return { kind: "var", name: token.value };
    }
    if (this.#isOp("[")) {
      this.#at++;
      const elements: Pattern[] = [];
      do elements.push(this.#pattern());
      while (this.#isOp(",") && this.#next());
      this.#expectOp("]");
      return { kind: "array", elements };
    }
    if (this.#isOp("{")) {
      this.#at++;
      const entries: ObjectPatternEntry[] = [];
      do entries.push(this.#objectPatternEntry());
      while (this.#isOp(",") && this.#next());
      this.#expectOp("}");
      return { kind: "object", entries };
    }
    this.#fail("expected a pattern");
  }

  #objectPatternEntry(): ObjectPatternEntry {
    const token = this.#token;
    if (token.type === "var") {
      this.#at++;
      const key: Node = { kind: "literal", value: token.value };
      if (!this.#isOp(":")) return { variable: token.value, key };
      this.#at++;
      return { variable: token.value, key, pattern: this.#pattern() };
    }
    let key: Node;
    if (token.type === "ident" || token.type === "keyword") {
      this.#at++;
      key = { kind: "literal", value: token.value };
    } else if (token.type === "str_start") key = this.#string(undefined);
    else if (this.#isOp("(")) {
      this.#at++;
      key = this.pipe({});
      this.#expectOp(")");
    } else this.#fail("unexpected key in an object pattern");
    this.#expectOp(":");
    return { key, pattern: this.#pattern() };
  }

  #line(pos: number): number {
    let line = 0;
    while (line + 1 < this.#lineStarts.length && this.#lineStarts[line + 1]! <= pos) line++;
    return line + 1;
  }
}

/**
 * Whether a token can name a function or a filter parameter: jq wants an identifier there, so no keyword, and
 * neither `break` nor `module`, which jq's lexer reads as keywords too; `__loc__` it takes.
 */
function isDefinableName(token: Token): token is Extract<Token, { type: "ident" | "keyword" }> {
  if (token.type === "ident") return token.value !== "break" && token.value !== "module";
  return token.type === "keyword" && token.value === "__loc__";
}
