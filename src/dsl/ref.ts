import { formatReferencePath, parseReferencePath, type PathSegment } from "../model/paths.js";
import { DslError } from "./errors.js";
import { currentScope, isOpenAround } from "./scope.js";
import type { Step } from "./states/index.js";

// Registered symbols: a bundle module loaded through tsx gets its own copy of this file, and its refs must
// still be recognised by the compiler.
const REF = Symbol.for("zisflow.ref");
declare const refType: unique symbol;
declare const writeType: unique symbol;

/**
 * A typed reference to the value at a reference path. `T` is a phantom: it exists only for the type checker,
 * so a `Ref<string>` cannot go where a `Ref<number>` is expected.
 */
export interface Ref<T> {
  readonly [REF]: readonly PathSegment[];
  readonly [refType]?: T;
}

/**
 * A path a value of type `T` may be written at: a ResultPath. Contravariant phantom, so a `PathProxy<D>` is a
 * `Target<R>` exactly when `R` is assignable to `D`: a state cannot write a string where the flow's data
 * declares a number.
 */
export interface Target<in T> extends Ref<unknown> {
  readonly [writeType]?: (value: T) => void;
}

/**
 * Where a result of type `R` may go. `unknown` means the author declared no type for it (`jq(...)` without
 * `jq<R>`, a custom action without a response type); such a result may be written at any path, the way an
 * untyped JavaScript import may be used anywhere. Declare the type to have the write checked.
 */
export type ResultTarget<R> = unknown extends R ? Ref<unknown> : Target<R>;

type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * Array indexes 0–19 as named members rather than an index signature, so `links[0]` is a ref (never
 * `undefined`) even under `noUncheckedIndexedAccess`. Deeper indexes: `path<T>("$.links[42]")`.
 */
type ArrayIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19;

/** Children of a path proxy: object keys, or indexes of arrays. */
type Children<T> =
  IsAny<T> extends true
    ? { readonly [key: string]: PathProxy<any> }
    : T extends readonly (infer Item)[]
      ? { readonly [I in ArrayIndex]: PathProxy<Item> }
      : T extends object
        ? { readonly [K in keyof T]-?: PathProxy<T[K]> }
        : unknown;

/**
 * A `Ref<T>` (read) and `Target<T>` (write) that also navigates: `$.input.ticket_event.ticket.id` is a `PathProxy<number>` whose path is
 * `$.input.ticket_event.ticket.id`. Property names are checked against `T`, so a typo does not compile.
 */
export type PathProxy<T> = Ref<T> & Target<T> & Children<NonNullable<T>>;

export function isRef(value: unknown): value is Ref<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && REF in value;
}

/** The segments a ref points at (`[]` is `$`). */
export function refSegments(ref: Ref<unknown>): readonly PathSegment[] {
  const segments = (ref as { [REF]?: readonly PathSegment[] })[REF];
  if (!segments) throw new DslError("not_a_ref", "expected a path reference such as $.input.ticket_event");
  return segments;
}

/** The reference path text of a ref, e.g. `$.input.activity_event.user_activity.type`. */
export function refPath(ref: Ref<unknown>): string {
  return formatReferencePath(refSegments(ref));
}

/**
 * Makes a path proxy rooted at `segments` (the flow's `$` when empty). It belongs to the machine (flow or Map
 * iterator) being built when it is made, and refuses to be read while another machine is being built: a Map
 * iterator sees only its item, so a state in it cannot read the flow's data (nor a flow state an item).
 */
export function pathProxy<T>(segments: readonly PathSegment[] = []): PathProxy<T> {
  return childProxy(segments, currentScope());
}

function childProxy<T>(segments: readonly PathSegment[], owner: readonly Step[] | undefined): PathProxy<T> {
  return new Proxy(Object.freeze({}) as object, {
    get(_target, property) {
      if (property === REF) return segments;
      if (typeof property === "symbol") return undefined;
      const segment: PathSegment = /^(0|[1-9]\d*)$/.test(property) ? Number(property) : property;
      const scope = currentScope();
      if (owner !== undefined && scope !== undefined && scope !== owner)
        throw new DslError(
          "ref_of_other_machine",
          isOpenAround(owner)
            ? `${formatReferencePath([...segments, segment])} is the flow's data, which a Map iterator does not see: inside the iterator $ is the item (put what it needs in the items, e.g. with a jq state before the Map)`
            : `${formatReferencePath([...segments, segment])} is a Map iterator's item, which the states around the Map do not see`,
        );
      return childProxy([...segments, segment], owner);
    },
    has(_target, property) {
      return property === REF;
    },
  }) as PathProxy<T>;
}

/**
 * Escape hatch for a path the types cannot express (`$raw`-style): `path<string>("$.config['x.y']")`.
 * The text is parsed now, so a malformed path fails where it is written.
 */
export function path<T = unknown>(text: string): PathProxy<T> {
  const parsed = parseReferencePath(text);
  if (!parsed.ok)
    throw new DslError("invalid_reference_path", `invalid reference path "${text}": ${parsed.reason}`);
  return pathProxy<T>(parsed.segments);
}
