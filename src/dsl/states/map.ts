import { collectSteps } from "../scope.js";
import { pathProxy, type PathProxy, type Ref, type ResultTarget } from "../ref.js";
import type { Step } from "./index.js";
import { FallibleStep, type StepProps } from "./step.js";

export interface MapProps<Item, R = unknown> extends StepProps {
  /** The array to iterate (at most 100 items). */
  readonly itemsPath: Ref<readonly Item[] | null | undefined>;
  /**
   * Builds the iterator and returns its first state. Its `$` is one item: iterations cannot see the flow's data.
   */
  readonly iterator: ($: PathProxy<Item>) => Step;
  /**
   * Where the array of iteration results is written. Declare an iteration's result type `R`
   * (`map<Order, Receipt>(…)`) to have it checked. @default none: ZIS then replaces the whole flow data
   */
  readonly resultPath?: ResultTarget<unknown extends R ? unknown : readonly R[]> | undefined;
}

/** The iterator of a Map state: its own state machine. */
export interface IteratorMachine {
  readonly start: Step;
  readonly steps: readonly Step[];
}

/** A Map state (reference §3.6). */
export class MapStep extends FallibleStep {
  readonly kind = "Map";
  readonly itemsPath: Ref<unknown>;
  readonly iterator: IteratorMachine;
  readonly resultPath: Ref<unknown> | undefined;
  constructor(name: string, props: MapProps<unknown>) {
    super(name, props.comment);
    this.itemsPath = props.itemsPath;
    const { result, steps } = collectSteps(() => props.iterator(pathProxy()));
    this.iterator = { start: result, steps };
    this.resultPath = props.resultPath;
  }
}

export const map = <Item, R = unknown>(name: string, props: MapProps<Item, NoInfer<R>>): MapStep =>
  new MapStep(name, props as unknown as MapProps<unknown>);
