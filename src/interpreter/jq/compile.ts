/**
 * Compiles a jq syntax tree to closures that call `emit` once per output, in jq's order; backtracking is the
 * closures returning, `empty` is emitting nothing, errors are JqError exceptions and `break` a JqBreak. Every
 * filter also runs in path mode (`path(f)`, assignments, `del`), where each output carries its path in the
 * input, or null where jq's path tracking is lost (a value that is not a path).
 */
import type { FunctionDef, Node, Pattern } from "./ast.js";
import { JqBreak, JqError, JqUnsupported } from "./errors.js";
import { step } from "./evaluation.js";
import {
  add,
  collectedInPath,
  compareOp,
  deletePaths,
  divide,
  getPath,
  index,
  iterate,
  modulo,
  multiply,
  negateValue,
  setPath,
  slice,
  sliceKey,
  subtract,
} from "./ops.js";
import {
  describe,
  equals,
  errorText,
  isObject,
  newObject,
  setMember,
  toText,
  truthy,
  type JqObject,
  type JqValue,
} from "./value.js";

export type Path = readonly JqValue[];
export type Emit = (value: JqValue) => void;
/** A path-mode output: the value and its path in the input of `path(...)`, null once it is not a path. */
export type EmitPath = (value: JqValue, path: Path | null) => void;

interface Frame {
  readonly value: unknown;
  readonly next: Env;
}
export type Env = Frame | null;

export interface Filter {
  run(input: JqValue, env: Env, emit: Emit): void;
  paths(input: JqValue, path: Path | null, env: Env, emit: EmitPath): void;
}

/** An argument a call passes: the filter and the environment it is evaluated in. */
export interface BoundArg {
  readonly filter: Filter;
  readonly env: Env;
}

/** A builtin written in TypeScript. Without `paths`, it is not a path expression. */
export interface Native {
  run(input: JqValue, args: readonly BoundArg[], emit: Emit): void;
  paths?(input: JqValue, path: Path | null, args: readonly BoundArg[], emit: EmitPath): void;
}

/** Formats (`@base64`, …) and the natives, provided by builtins.ts. */
export interface Library {
  readonly natives: ReadonlyMap<string, Native>;
  readonly formats: ReadonlySet<string>;
  format(name: string, value: JqValue): string;
}

/** A function defined with `def`, compiled once. */
interface CompiledFunction {
  readonly params: readonly { readonly name: string; readonly isValue: boolean }[];
  body: Filter;
}

interface FunctionValue {
  readonly fn: CompiledFunction;
  env: Env;
}

interface ParamValue {
  readonly filter: Filter;
  readonly env: Env;
}

type ScopeEntry =
  | { readonly kind: "var"; readonly name: string }
  | { readonly kind: "func"; readonly name: string; readonly arity: number; readonly fn: CompiledFunction }
  | { readonly kind: "param"; readonly name: string }
  | { readonly kind: "label"; readonly name: string };

export interface Scope {
  readonly entry: ScopeEntry;
  readonly next: Scope | null;
}

const lookup = (env: Env, hops: number): unknown => {
  let frame = env!;
  for (let i = 0; i < hops; i++) frame = frame.next!;
  return frame.value;
};

/** Where a name is bound: the scope entry and how many frames up its value is. */
function resolve(
  scope: Scope | null,
  match: (entry: ScopeEntry) => boolean,
): { entry: ScopeEntry; hops: number } | undefined {
  let hops = 0;
  for (let s = scope; s !== null; s = s.next, hops++) if (match(s.entry)) return { entry: s.entry, hops };
  return undefined;
}

const push = (value: unknown, env: Env): Frame => ({ value, next: env });

/** Errors raised by what follows a `try` in the pipeline pass through it: this wraps them on the way. */
class Downstream {
  constructor(
    readonly token: object,
    readonly error: unknown,
  ) {}
}

/** Runs `body`; a JqError it raises (not one raised downstream of it) goes to `onError`. */
function guarded<E extends (...args: never[]) => void>(
  body: (emit: E) => void,
  emit: E,
  onError: (error: JqError) => void,
): void {
  const token = {};
  const wrapped = ((...args: Parameters<E>) => {
    try {
      emit(...args);
    } catch (error) {
      throw new Downstream(token, error);
    }
  }) as E;
  try {
    body(wrapped);
  } catch (error) {
    if (error instanceof Downstream && error.token === token) throw error.error;
    if (!(error instanceof JqError)) throw error;
    onError(error);
  }
}

/** A value-mode filter in path mode: jq keeps the path only where the result is the very value at it. */
function nonPath(run: Filter["run"]): Filter["paths"] {
  return (input, path, env, emit) =>
    run(input, env, (value) => {
      const container = Array.isArray(value) || isObject(value);
      if (container && value === input) emit(value, path);
      // jq compares by identity, which JavaScript cannot see for scalars, and which holds for equal containers
      // when both are one constant of the program (an empty `[]` of one `map` reached twice).
      else if (equals(value, input)) throw new JqUnsupported("path identity of an equal value");
      else emit(value, null);
    });
}

const filter = (run: Filter["run"], paths: Filter["paths"]): Filter => ({ run, paths });

/**
 * Whether jq's path tracking would see nothing inside `node`: no index, iteration or call, only values
 * (literals, variables, `.` and what is built from them). Inside `path(...)` jq tracks paths through almost
 * everything, so the own engine follows a value-computing filter there only when this holds.
 */
function isPathFree(node: Node): boolean {
  switch (node.kind) {
    case "identity":
    case "literal":
    case "var":
    case "loc":
    case "format":
      return true;
    case "string":
      return node.parts.every((part) => typeof part === "string" || isPathFree(part));
    case "array":
      return node.body === undefined || isPathFree(node.body);
    case "object":
      return node.entries.every((e) => e.value !== undefined && isPathFree(e.key) && isPathFree(e.value));
    case "binary":
    case "and":
    case "or":
    case "comma":
    case "pipe":
      return isPathFree(node.left) && isPathFree(node.right);
    case "negate":
      return isPathFree(node.body);
    default:
      return false;
  }
}

/** A filter computing a value: in path mode its result is not a path, where the own engine can follow it. */
const valueFilter = (node: Node, run: Filter["run"]): Filter =>
  filter(run, isPathFree(node) ? nonPath(run) : unsupportedPaths(`${node.kind} in a path expression`));

/** Where jq tracks paths in ways the own engine does not follow: left to jq-wasm. */
const unsupportedPaths =
  (what: string): Filter["paths"] =>
  () => {
    throw new JqUnsupported(`${what} in a path expression`);
  };

/**
 * An access (`.[k]`, a slice): with `optional`, its own error means no output for this target (jq's
 * INDEX_OPT); errors downstream are never swallowed.
 */
function accessor(
  optional: boolean,
  get: (value: JqValue, key: JqValue) => JqValue,
): (value: JqValue, key: JqValue, emit: (result: JqValue) => void) => void {
  if (!optional) return (value, key, emit) => emit(get(value, key));
  return (value, key, emit) => {
    let result: JqValue;
    try {
      result = get(value, key);
    } catch (error) {
      if (error instanceof JqError) return;
      throw error;
    }
    emit(result);
  };
}

const brokenIndex = (value: JqValue, key: JqValue): never => {
  throw new JqError(
    `Invalid path expression near attempt to access element ${errorText(key)} of ${errorText(value)}`,
  );
};

export class Compiler {
  constructor(readonly library: Library) {}

  /** Compiles `node` in `scope` (the prelude's, for a program). */
  compile(node: Node, scope: Scope | null): Filter {
    switch (node.kind) {
      case "identity":
        return {
          run: (input, _env, emit) => emit(input),
          paths: (input, path, _env, emit) => emit(input, path),
        };
      case "recurse":
        return this.#recurse();
      case "literal": {
        const value = node.value;
        return valueFilter(node, (_input, _env, emit) => emit(value));
      }
      case "string":
        return this.#string(node, scope);
      case "format": {
        const name = node.name;
        this.#knownFormat(name);
        return valueFilter(node, (input, _env, emit) => emit(this.library.format(name, input)));
      }
      case "index":
        return this.#index(this.compile(node.target, scope), this.compile(node.index, scope), node.optional);
      case "slice":
        return this.#slice(
          this.compile(node.target, scope),
          node.from ? this.compile(node.from, scope) : undefined,
          node.to ? this.compile(node.to, scope) : undefined,
          node.optional,
        );
      case "iterate":
        return this.#iterate(this.compile(node.target, scope), node.optional);
      case "try":
        return this.#try(
          this.compile(node.body, scope),
          node.handler ? this.compile(node.handler, scope) : undefined,
        );
      case "array": {
        // jq tracks paths inside `[...]` too (an error there is a path error); the array is not a path.
        const body = node.body ? this.compile(node.body, scope) : undefined;
        return filter(
          (input, env, emit) => {
            const items: JqValue[] = [];
            body?.run(input, env, (v) => items.push(v));
            emit(items);
          },
          (input, path, env, emit) => {
            const items: JqValue[] = [];
            body?.paths(input, path, env, (v) => items.push(v));
            emit(collectedInPath(items, input, path), null);
          },
        );
      }
      case "object":
        return this.#object(node, scope);
      case "negate": {
        // jq negates what its operand outputs, path tracking and all: `-f` is `f | _negate`.
        const body = this.compile(node.body, scope);
        return {
          run: (input, env, emit) => body.run(input, env, (v) => emit(negateValue(v))),
          paths: (input, path, env, emit) => body.paths(input, path, env, (v) => emit(negateValue(v), null)),
        };
      }
      case "pipe": {
        const left = this.compile(node.left, scope);
        const right = this.compile(node.right, scope);
        return {
          run: (input, env, emit) => left.run(input, env, (v) => right.run(v, env, emit)),
          paths: (input, path, env, emit) =>
            left.paths(input, path, env, (v, p) => right.paths(v, p, env, emit)),
        };
      }
      case "comma": {
        const left = this.compile(node.left, scope);
        const right = this.compile(node.right, scope);
        return {
          run: (input, env, emit) => {
            left.run(input, env, emit);
            right.run(input, env, emit);
          },
          paths: (input, path, env, emit) => {
            left.paths(input, path, env, emit);
            right.paths(input, path, env, emit);
          },
        };
      }
      case "binary":
        return this.#binary(node, this.compile(node.left, scope), this.compile(node.right, scope));
      case "and":
      case "or": {
        const left = this.compile(node.left, scope);
        const right = this.compile(node.right, scope);
        const isAnd = node.kind === "and";
        return valueFilter(node, (input, env, emit) =>
          left.run(input, env, (a) => {
            if (truthy(a) !== isAnd) emit(!isAnd);
            else right.run(input, env, (b) => emit(truthy(b)));
          }),
        );
      }
      case "alternative":
        return this.#alternative(this.compile(node.left, scope), this.compile(node.right, scope));
      case "assign":
        return this.#assign(node.operator, this.compile(node.left, scope), this.compile(node.right, scope));
      case "if":
        return this.#if(
          this.compile(node.condition, scope),
          this.compile(node.then, scope),
          node.else ? this.compile(node.else, scope) : undefined,
        );
      case "reduce":
        return this.#reduce(node, scope);
      case "foreach":
        return this.#foreach(node, scope);
      case "def":
        return this.#def(node.def, node.rest, scope);
      case "call":
        return this.#call(node.name, node.args, scope);
      case "var": {
        const found = resolve(scope, (e) => e.kind === "var" && e.name === node.name);
        if (!found) throw new JqUnsupported(`$${node.name} is not defined`);
        const hops = found.hops;
        return valueFilter(node, (_input, env, emit) => emit(lookup(env, hops) as JqValue));
      }
      case "loc": {
        const location = newObject();
        location["file"] = "<top-level>";
        location["line"] = node.line;
        return valueFilter(node, (_input, _env, emit) => emit(location));
      }
      case "as":
        return this.#as(node.source, node.patterns, node.body, scope);
      case "label": {
        const body = this.compile(node.body, { entry: { kind: "label", name: node.name }, next: scope });
        const run = (env: Env, go: (env: Env) => void): void => {
          const token = {};
          try {
            go(push(token, env));
          } catch (error) {
            if (!(error instanceof JqBreak && error.label === token)) throw error;
          }
        };
        return {
          run: (input, env, emit) => run(env, (inner) => body.run(input, inner, emit)),
          paths: (input, path, env, emit) => run(env, (inner) => body.paths(input, path, inner, emit)),
        };
      }
      case "break": {
        const found = resolve(scope, (e) => e.kind === "label" && e.name === node.name);
        if (!found) throw new JqUnsupported("$*label-" + node.name + " is not defined");
        const hops = found.hops;
        const raise = (env: Env): never => {
          throw new JqBreak(lookup(env, hops) as object);
        };
        return { run: (_input, env) => raise(env), paths: (_input, _path, env) => raise(env) };
      }
    }
  }

  #knownFormat(name: string): void {
    if (!this.library.formats.has(name)) throw new JqUnsupported(`@${name}`);
  }

  #recurse(): Filter {
    const walk = (value: JqValue, emit: Emit): void => {
      emit(value);
      if (Array.isArray(value) || isObject(value)) iterate(value, (child) => walk(child, emit));
    };
    const walkPaths = (value: JqValue, path: Path | null, emit: EmitPath): void => {
      emit(value, path);
      // `..` is `recurse(.[]?)`: jq checks the path before it looks at what it iterates, and `?` lets it fail.
      if (path === null)
        throw new JqError(`Invalid path expression near attempt to iterate through ${errorText(value)}`);
      if (Array.isArray(value) || isObject(value))
        iterate(value, (child, key) => walkPaths(child, [...path, key], emit));
    };
    return {
      run: (input, _env, emit) => walk(input, emit),
      paths: (input, path, _env, emit) => walkPaths(input, path, emit),
    };
  }

  #string(node: Extract<Node, { kind: "string" }>, scope: Scope | null): Filter {
    const { parts, format } = node;
    if (format !== undefined) this.#knownFormat(format);
    const compiled = parts.map((part) => (typeof part === "string" ? part : this.compile(part, scope)));
    const render = (value: JqValue): string =>
      format === undefined ? toText(value) : this.library.format(format, value);
    // jq varies the first interpolation fastest: the last one is the outer loop.
    return valueFilter(node, (input, env, emit) => {
      const texts: string[] = new Array<string>(compiled.length);
      const fill = (i: number): void => {
        if (i < 0) {
          emit(texts.join(""));
          return;
        }
        const part = compiled[i]!;
        if (typeof part === "string") {
          texts[i] = part;
          fill(i - 1);
        } else
          part.run(input, env, (v) => {
            texts[i] = render(v);
            fill(i - 1);
          });
      };
      fill(compiled.length - 1);
    });
  }

  #index(target: Filter, key: Filter, optional = false): Filter {
    const access = accessor(optional, index);
    return {
      run: (input, env, emit) =>
        key.run(input, env, (k) => target.run(input, env, (t) => access(t, k, (v) => emit(v)))),
      paths: (input, path, env, emit) =>
        key.run(input, env, (k) =>
          target.paths(input, path, env, (t, p) => {
            if (p === null) brokenIndex(t, k);
            access(t, k, (v) => emit(v, [...p!, k]));
          }),
        ),
    };
  }

  #slice(target: Filter, from: Filter | undefined, to: Filter | undefined, optional = false): Filter {
    const bounds = (input: JqValue, env: Env, go: (from: JqValue, to: JqValue) => void): void => {
      const withTo = (f: JqValue): void => (to ? to.run(input, env, (t) => go(f, t)) : go(f, null));
      if (from) from.run(input, env, withTo);
      else withTo(null);
    };
    const access = accessor(optional, (v: JqValue, key: JqValue) =>
      slice(v, (key as JqObject)["start"]!, (key as JqObject)["end"]!),
    );
    return {
      run: (input, env, emit) =>
        bounds(input, env, (f, t) =>
          target.run(input, env, (v) => access(v, sliceKey(f, t), (r) => emit(r))),
        ),
      paths: (input, path, env, emit) =>
        bounds(input, env, (f, t) =>
          target.paths(input, path, env, (v, p) => {
            const key = sliceKey(f, t);
            if (p === null) brokenIndex(v, key);
            access(v, key, (r) => emit(r, [...p!, key]));
          }),
        ),
    };
  }

  #iterate(target: Filter, optional = false): Filter {
    const iterable = (v: JqValue): boolean => Array.isArray(v) || isObject(v);
    return {
      run: (input, env, emit) =>
        target.run(input, env, (v) => {
          if (optional && !iterable(v)) return;
          iterate(v, (item) => emit(item));
        }),
      paths: (input, path, env, emit) =>
        target.paths(input, path, env, (v, p) => {
          if (p === null)
            throw new JqError(`Invalid path expression near attempt to iterate through ${errorText(v)}`);
          if (optional && !iterable(v)) return;
          iterate(v, (item, key) => emit(item, [...p, key]));
        }),
    };
  }

  #try(body: Filter, handler: Filter | undefined): Filter {
    return {
      run: (input, env, emit) =>
        guarded<Emit>(
          (e) => body.run(input, env, e),
          emit,
          (error) => {
            if (handler) handler.run(caught(error), env, emit);
          },
        ),
      paths: (input, path, env, emit) =>
        guarded<EmitPath>(
          (e) => body.paths(input, path, env, e),
          emit,
          (error) => {
            if (handler) handler.paths(caught(error), null, env, emit);
          },
        ),
    };
  }

  #object(node: Extract<Node, { kind: "object" }>, scope: Scope | null): Filter {
    const compiled = node.entries.map((entry) => {
      refuseConstantKey(entry.key);
      const key = this.compile(entry.key, scope);
      let value: Filter;
      if (entry.value) value = this.compile(entry.value, scope);
      else if (entry.variable !== undefined)
        value = this.compile({ kind: "var", name: entry.variable }, scope);
      else value = this.#index(this.compile({ kind: "identity" }, scope), key);
      return { key, value };
    });
    // The first entry is the outer loop, its key before its value.
    return valueFilter(node, (input, env, emit) => {
      const pairs: Array<[string, JqValue]> = new Array(compiled.length);
      const build = (i: number): void => {
        if (i === compiled.length) {
          const object = newObject();
          for (const [key, value] of pairs) setMember(object, key, value);
          emit(object);
          return;
        }
        const { key, value } = compiled[i]!;
        key.run(input, env, (k) => {
          if (typeof k !== "string") throw new JqError(`Cannot use ${describe(k)} as object key`);
          value.run(input, env, (v) => {
            pairs[i] = [k, v];
            build(i + 1);
          });
        });
      };
      build(0);
    });
  }

  #binary(node: Extract<Node, { kind: "binary" }>, left: Filter, right: Filter): Filter {
    const apply = BINARY[node.operator];
    // jq evaluates the right operand first: it is the outer loop.
    return valueFilter(node, (input, env, emit) =>
      right.run(input, env, (b) => left.run(input, env, (a) => emit(apply(a, b)))),
    );
  }

  #alternative(left: Filter, right: Filter): Filter {
    return {
      run: (input, env, emit) => {
        let found = false;
        left.run(input, env, (v) => {
          if (truthy(v)) {
            found = true;
            emit(v);
          }
        });
        if (!found) right.run(input, env, emit);
      },
      paths: (input, path, env, emit) => {
        let found = false;
        left.paths(input, path, env, (v, p) => {
          if (truthy(v)) {
            found = true;
            emit(v, p);
          }
        });
        if (!found) right.paths(input, path, env, emit);
      },
    };
  }

  #if(condition: Filter, then: Filter, otherwise: Filter | undefined): Filter {
    return {
      run: (input, env, emit) =>
        condition.run(input, env, (c) => {
          if (truthy(c)) then.run(input, env, emit);
          else if (otherwise) otherwise.run(input, env, emit);
          else emit(input);
        }),
      paths: (input, path, env, emit) =>
        condition.run(input, env, (c) => {
          if (truthy(c)) then.paths(input, path, env, emit);
          else if (otherwise) otherwise.paths(input, path, env, emit);
          else emit(input, path);
        }),
    };
  }

  /** `lhs = rhs`, `lhs |= f`, `lhs op= rhs`, as jq 1.8.2 defines them. */
  #assign(operator: import("./ast.js").AssignOperator, left: Filter, right: Filter): Filter {
    // jq reduces over `path(left)` of the input: each path is updated as it comes, before the next is made.
    const eachPath =
      (input: JqValue, env: Env): PathSource =>
      (visit) =>
        left.paths(input, [], env, (value, path) => {
          if (path === null) throw new JqError(`Invalid path expression with result ${errorText(value)}`);
          visit(path);
        });
    const paths = unsupportedPaths("an assignment");
    if (operator === "=")
      return filter(
        (input, env, emit) =>
          right.run(input, env, (v) => {
            let out = input;
            eachPath(input, env)((path) => (out = setPathValue(out, path, v)));
            emit(out);
          }),
        paths,
      );
    if (operator === "|=")
      return filter(
        (input, env, emit) =>
          emit(modify(input, eachPath(input, env), (old, keep) => right.run(old, env, keep))),
        paths,
      );
    const arithmetic =
      operator === "//=" ? undefined : BINARY[operator.slice(0, -1) as "+" | "-" | "*" | "/" | "%"];
    return filter(
      (input, env, emit) =>
        right.run(input, env, (v) =>
          emit(
            modify(input, eachPath(input, env), (old, keep) =>
              keep(arithmetic ? arithmetic(old, v) : truthy(old) ? old : v),
            ),
          ),
        ),
      paths,
    );
  }

  #reduce(node: Extract<Node, { kind: "reduce" }>, scope: Scope | null): Filter {
    const source = this.compile(node.source, scope);
    const init = this.compile(node.init, scope);
    const bind = this.#binder(node.patterns, scope);
    const update = this.compile(node.update, bind.scope);
    return filter(
      (input, env, emit) =>
        init.run(input, env, (start) => {
          let acc: JqValue = start;
          source.run(input, env, (item) =>
            bind.run(item, input, env, (inner) => {
              let last: JqValue = null;
              update.run(acc, inner, (v) => (last = v));
              acc = last;
            }),
          );
          emit(acc);
        }),
      unsupportedPaths("reduce"),
    );
  }

  #foreach(node: Extract<Node, { kind: "foreach" }>, scope: Scope | null): Filter {
    const source = this.compile(node.source, scope);
    const init = this.compile(node.init, scope);
    const bind = this.#binder(node.patterns, scope);
    const update = this.compile(node.update, bind.scope);
    const extract = node.extract ? this.compile(node.extract, bind.scope) : undefined;
    return filter(
      (input, env, emit) =>
        init.run(input, env, (start) => {
          let state: JqValue = start;
          source.run(input, env, (item) =>
            bind.run(item, input, env, (inner) => {
              // As in reduce, jq takes the state out of its variable: an update with no output leaves null.
              const previous = state;
              state = null;
              update.run(previous, inner, (v) => {
                state = v;
                if (extract) extract.run(v, inner, emit);
                else emit(v);
              });
            }),
          );
        }),
      unsupportedPaths("foreach"),
    );
  }

  #def(def: FunctionDef, rest: Node, scope: Scope | null): Filter {
    const fn = this.#function(def, scope);
    const restScope: Scope = {
      entry: { kind: "func", name: def.name, arity: def.params.length, fn },
      next: scope,
    };
    const body = this.compile(rest, restScope);
    const bindFn = (env: Env): Env => {
      const value: FunctionValue = { fn, env: null };
      const frame = push(value, env);
      value.env = frame;
      return frame;
    };
    return {
      run: (input, env, emit) => body.run(input, bindFn(env), emit),
      paths: (input, path, env, emit) => body.paths(input, path, bindFn(env), emit),
    };
  }

  /** Compiles a `def`: its parameters bound (filters, then `$` values), itself visible for recursion. */
  #function(def: FunctionDef, scope: Scope | null): CompiledFunction {
    const params = def.params.map((p) => ({
      name: p.startsWith("$") ? p.slice(1) : p,
      isValue: p.startsWith("$"),
    }));
    const fn: CompiledFunction = { params, body: undefined as unknown as Filter };
    let bodyScope: Scope = { entry: { kind: "func", name: def.name, arity: params.length, fn }, next: scope };
    for (const param of params) bodyScope = { entry: { kind: "param", name: param.name }, next: bodyScope };
    for (const param of params)
      if (param.isValue) bodyScope = { entry: { kind: "var", name: param.name }, next: bodyScope };
    fn.body = this.compile(def.body, bodyScope);
    return fn;
  }

  /** The prelude: jq-language definitions, compiled once into a scope and the frames that hold them. */
  definePrelude(defs: readonly FunctionDef[]): { scope: Scope | null; env: Env } {
    let scope: Scope | null = null;
    let env: Env = null;
    for (const def of defs) {
      const fn = this.#function(def, scope);
      scope = { entry: { kind: "func", name: def.name, arity: def.params.length, fn }, next: scope };
      const value: FunctionValue = { fn, env: null };
      env = push(value, env);
      value.env = env;
    }
    return { scope, env };
  }

  #call(name: string, args: readonly Node[], scope: Scope | null): Filter {
    const arity = args.length;
    const found = resolve(
      scope,
      (e) =>
        (e.kind === "func" && e.name === name && e.arity === arity) ||
        (arity === 0 && e.kind === "param" && e.name === name),
    );
    if (found?.entry.kind === "param") {
      const hops = found.hops;
      return {
        run: (input, env, emit) => {
          const param = lookup(env, hops) as ParamValue;
          param.filter.run(input, param.env, emit);
        },
        paths: (input, path, env, emit) => {
          const param = lookup(env, hops) as ParamValue;
          param.filter.paths(input, path, param.env, emit);
        },
      };
    }
    const compiledArgs = args.map((arg) => this.compile(arg, scope));
    if (found?.entry.kind === "func") return this.#callFunction(found.hops, found.entry.fn, compiledArgs);
    const native = this.library.natives.get(`${name}/${arity}`);
    if (!native) throw new JqUnsupported(`${name}/${arity}`);
    const bound = (env: Env): BoundArg[] => compiledArgs.map((f) => ({ filter: f, env }));
    const nativePaths = native.paths;
    return {
      run: (input, env, emit) => native.run(input, bound(env), emit),
      // Inside path(...), what jq reports depends on how it defines the builtin: left to jq-wasm.
      paths: nativePaths
        ? (input, path, env, emit) => nativePaths(input, path, bound(env), emit)
        : unsupportedPaths(`${name}/${arity}`),
    };
  }

  #callFunction(hops: number, fn: CompiledFunction, args: readonly Filter[]): Filter {
    const { params } = fn;
    // Frames as the body's scope has them: each parameter as a filter, then the `$` ones as values, binding
    // every output of their argument in turn, the first parameter outermost.
    const enter = (input: JqValue, env: Env, go: (bodyEnv: Env) => void): void => {
      // Every loop a program writes (recursion, `until`, `repeat`, `while`) calls a function each time round.
      step();
      const callee = lookup(env, hops) as FunctionValue;
      let bodyEnv: Env = callee.env;
      for (let i = 0; i < params.length; i++)
        bodyEnv = push({ filter: args[i]!, env } satisfies ParamValue, bodyEnv);
      const bindValues = (i: number, current: Env): void => {
        while (i < params.length && !params[i]!.isValue) i++;
        if (i === params.length) {
          go(current);
          return;
        }
        args[i]!.run(input, env, (v) => bindValues(i + 1, push(v, current)));
      };
      bindValues(0, bodyEnv);
    };
    return {
      run: (input, env, emit) => enter(input, env, (bodyEnv) => fn.body.run(input, bodyEnv, emit)),
      paths: (input, path, env, emit) =>
        enter(input, env, (bodyEnv) => fn.body.paths(input, path, bodyEnv, emit)),
    };
  }

  #as(sourceNode: Node, patterns: readonly Pattern[], bodyNode: Node, scope: Scope | null): Filter {
    const source = this.compile(sourceNode, scope);
    const bind = this.#binder(patterns, scope);
    const body = this.compile(bodyNode, bind.scope);
    return {
      run: (input, env, emit) =>
        source.run(input, env, (v) => bind.run(v, input, env, (inner) => body.run(input, inner, emit))),
      paths: (input, path, env, emit) =>
        source.run(input, env, (v) =>
          bind.run(v, input, env, (inner) => body.paths(input, path, inner, emit)),
        ),
    };
  }

  /**
   * Destructuring: the scope with the patterns' variables (in order of appearance), and a function binding a
   * value to them (once per output of computed keys). `?//` alternatives are left to jq-wasm.
   */
  #binder(
    patterns: readonly Pattern[],
    scope: Scope | null,
  ): { scope: Scope | null; run(value: JqValue, input: JqValue, env: Env, go: (env: Env) => void): void } {
    if (patterns.length > 1) throw new JqUnsupported("?// destructuring alternatives");
    const pattern = patterns[0]!;
    const names: string[] = [];
    const collect = (p: Pattern): void => {
      if (p.kind === "var") names.push(p.name);
      else if (p.kind === "array") p.elements.forEach(collect);
      else
        for (const entry of p.entries) {
          if (entry.variable !== undefined) names.push(entry.variable);
          if (entry.pattern) collect(entry.pattern);
        }
    };
    collect(pattern);
    if (new Set(names).size !== names.length)
      throw new JqUnsupported("a variable bound twice in one pattern");
    if (pattern.kind === "var") {
      const inner: Scope = { entry: { kind: "var", name: pattern.name }, next: scope };
      return { scope: inner, run: (value, _input, env, go) => go(push(value, env)) };
    }
    let inner = scope;
    for (const name of names) inner = { entry: { kind: "var", name }, next: inner };
    // A key computed by `(expr)` reads the value being destructured, and sees none of the pattern's variables.
    type Step = (
      value: JqValue,
      input: JqValue,
      env: Env,
      values: Map<string, JqValue>,
      go: () => void,
    ) => void;
    const compilePattern = (p: Pattern): Step => {
      if (p.kind === "var") {
        const name = p.name;
        return (value, _input, _env, values, go) => {
          values.set(name, value);
          go();
        };
      }
      if (p.kind === "array") {
        const steps = p.elements.map(compilePattern);
        // jq matches the elements last first: that decides which error comes first and the order of outputs.
        return (value, input, env, values, go) => {
          const next = (i: number): void => {
            if (i < 0) go();
            else steps[i]!(index(value, i), input, env, values, () => next(i - 1));
          };
          next(steps.length - 1);
        };
      }
      p.entries.forEach((entry) => refuseConstantKey(entry.key));
      const entries = p.entries.map((entry) => ({
        variable: entry.variable,
        key: this.compile(entry.key, scope),
        pattern: entry.pattern ? compilePattern(entry.pattern) : undefined,
      }));
      return (value, input, env, values, go) => {
        const next = (i: number): void => {
          if (i === entries.length) {
            go();
            return;
          }
          const entry = entries[i]!;
          entry.key.run(value, env, (k) => {
            const member = index(value, k);
            if (entry.variable !== undefined) values.set(entry.variable, member);
            if (entry.pattern) entry.pattern(member, input, env, values, () => next(i + 1));
            else next(i + 1);
          });
        };
        next(0);
      };
    };
    const frames = (env: Env, values: Map<string, JqValue>): Env => {
      let out = env;
      for (const name of names) out = push(values.get(name) ?? null, out);
      return out;
    };
    const step = compilePattern(pattern);
    return {
      scope: inner,
      run: (value, input, env, go) => {
        const values = new Map<string, JqValue>();
        step(value, input, env, values, () => go(frames(env, values)));
      },
    };
  }
}

/**
 * jq refuses at compile time a key that is a constant other than a string (`{(1): 2}`), even where it is never
 * reached, and folds arithmetic on constants first (`(1 + 1)`): such keys are jq-wasm's to report.
 */
function refuseConstantKey(key: Node): void {
  const constant = (node: Node): boolean =>
    node.kind === "literal" ||
    (node.kind === "negate" && constant(node.body)) ||
    ((node.kind === "binary" || node.kind === "comma") && constant(node.left) && constant(node.right)) ||
    (node.kind === "array" && (node.body === undefined || constant(node.body))) ||
    (node.kind === "object" &&
      node.entries.every((e) => e.value !== undefined && constant(e.key) && constant(e.value)));
  const text = (node: Node): boolean =>
    (node.kind === "literal" && typeof node.value === "string") ||
    (node.kind === "binary" && node.operator === "+" && text(node.left) && text(node.right));
  if (constant(key) && !text(key)) throw new JqUnsupported("an object key that is a constant expression");
}

/** What `catch` receives: the error's value (a message string, or what `error(v)` raised). */
const caught = (error: JqError): JqValue => error.value;

const BINARY: Record<import("./ast.js").BinaryOperator, (a: JqValue, b: JqValue) => JqValue> = {
  "+": add,
  "-": subtract,
  "*": multiply,
  "/": divide,
  "%": modulo,
  "==": (a, b) => equals(a, b),
  "!=": (a, b) => !equals(a, b),
  "<": (a, b) => compareOp("<", a, b),
  "<=": (a, b) => compareOp("<=", a, b),
  ">": (a, b) => compareOp(">", a, b),
  ">=": (a, b) => compareOp(">=", a, b),
};

const setPathValue = (value: JqValue, path: Path, replacement: JqValue): JqValue =>
  setPath(value, path as JqValue[], replacement);

/**
 * `paths |= f` as jq 1.8.2 does it: each path (found on the original input) gets the first output of `f` on
 * its value; a path where `f` outputs nothing is deleted, all of them at the end.
 */
/** The paths of an assignment's left side, handed to `visit` one by one as they are made. */
type PathSource = (visit: (path: Path) => void) => void;

function modify(
  input: JqValue,
  paths: PathSource,
  update: (old: JqValue, keep: (value: JqValue) => void) => void,
): JqValue {
  let out = input;
  const deleted: JqValue[] = [];
  paths((path) => {
    const FIRST = {};
    let result: { value: JqValue } | undefined;
    try {
      update(getPath(out, path as JqValue[]), (v) => {
        result = { value: v };
        throw FIRST;
      });
    } catch (error) {
      if (error !== FIRST) throw error;
    }
    if (result) out = setPath(out, path as JqValue[], result.value);
    else deleted.push(path as JqValue[]);
  });
  return deleted.length > 0 ? deletePaths(out, deleted) : out;
}
