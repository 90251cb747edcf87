import type { PointerSegment } from "../../model/pointer.js";
import type { DslExport } from "../dsl-exports.js";
import type { ModuleContext, Raw } from "../module-context.js";
import type { Namer } from "../names.js";
import type { ShapeTree } from "../shapes.js";
import type { ValueWriter } from "../values.js";

/** A state machine (a flow's, a Map iterator's) as the body of its builder callback. */
export interface MachineCode {
  /** Its data's shape: the type of the callback's parameter. */
  readonly shape: ShapeTree;
  /** The callback's statements: declarations, wiring, `return first;`. */
  readonly body: string;
  /** Type declarations its states need, written before the flow. */
  readonly types: string;
}

/** Where one state is written: its names, the machine around it, the module. */
export interface StateContext {
  /** The state's name in its machine. */
  readonly name: string;
  /** The variable it is declared as. */
  readonly ident: string;
  /** Its JSON pointer in the bundle. */
  readonly at: readonly PointerSegment[];
  readonly module: ModuleContext;
  /** Values read from the machine's data. */
  readonly values: ValueWriter;
  /** The machine's identifiers. */
  readonly namer: Namer;
  /** The variable of the state `next` names in the same machine, if it names one. */
  target(next: unknown): string | undefined;
  /** A nested machine (a Map's iterator) whose data is the proxy variable `scope`. */
  machine(definition: Raw, at: readonly PointerSegment[], scope: string): MachineCode;
}

/**
 * A state as DSL code, less what every state of its type has (its comment, `resultPath`, retry, catch and next
 * follow from the model's state traits and are written around it).
 */
export interface StateCode {
  /** The builder that declares the state. */
  readonly builder: DslExport;
  /** Arguments between the state's name and its options (an Action's call). @default none */
  readonly arguments?: readonly string[];
  /** Its own options, written after `comment`. */
  readonly options: readonly string[];
  /** Statements after the declarations (a Choice's rules). @default none */
  readonly wiring?: readonly string[];
  /** Type declarations written before the flow (a Map's item type). @default none */
  readonly types?: string;
}

/** Writes one state type; undefined when the builders cannot express this state (it is then kept raw). */
export type StateEmitter = (state: Raw, context: StateContext) => StateCode | undefined;
