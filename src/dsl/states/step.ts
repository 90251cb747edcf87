import { DslError } from "../errors.js";
import type { Ref, Target } from "../ref.js";
import { nextCreationIndex, registerStep } from "../scope.js";
import type { Step } from "./index.js";

/** Props every state takes. */
export interface StepProps {
  /** Free text kept in the bundle. @default none */
  readonly comment?: string | undefined;
}

/** Name, comment and creation order, shared by every state builder. */
export abstract class StepBase {
  readonly creationIndex = nextCreationIndex();
  constructor(
    /** The state's name in the bundle, exactly as written. */
    readonly name: string,
    readonly comment: string | undefined,
  ) {
    registerStep(this as unknown as Step);
  }
}

/** A state that continues to one next state, or ends the flow when it has none (`"End": true`). */
export abstract class ChainableStep extends StepBase {
  #next: Step | undefined;

  get nextStep(): Step | undefined {
    return this.#next;
  }

  /** Sets the state that runs after this one and returns it, so calls chain: `a.next(b).next(c)`. */
  next<S extends Step>(step: S): S {
    if (this.#next)
      throw new DslError(
        "next_already_set",
        `state "${this.name}" already continues to "${this.#next.name}"`,
      );
    this.#next = step;
    return step;
  }
}

/** What a Catch writes at its ResultPath: the error's name and message (reference §3.11). */
export interface CaughtError {
  readonly Error: string;
  readonly Cause: string;
}

/**
 * One Catch entry of a step: the state to go to when it fails, and where its `{Error, Cause}` goes (rendered as
 * the model's `Catcher`).
 */
export interface CatchRoute {
  readonly handler: Step;
  readonly resultPath: Ref<unknown> | undefined;
  readonly comment: string | undefined;
}

/** One Retry entry (reference §3.11). */
export interface RetryProps {
  /** Seconds before the first retry. @default none: ZIS documents no default; ASL and the interpreter use 1 */
  readonly intervalSeconds?: number | undefined;
  /** Number of retries; 0 never retries. @default none: ZIS documents no default; ASL and the interpreter use 3 */
  readonly maxAttempts?: number | undefined;
  /** Multiplier applied to the interval on each retry. @default 2.0 */
  readonly backoffRate?: number | undefined;
  /** Free text kept in the bundle. @default none */
  readonly comment?: string | undefined;
}

/** Action and Map states: chainable, and able to catch and retry errors (only `States.ALL` in ZIS). */
export abstract class FallibleStep extends ChainableStep {
  readonly #catchers: CatchRoute[] = [];
  readonly #retriers: RetryProps[] = [];

  get catchers(): readonly CatchRoute[] {
    return this.#catchers;
  }
  get retriers(): readonly RetryProps[] {
    return this.#retriers;
  }

  /**
   * On any error (after retries), continue at `handler` with `{Error, Cause}` written at `resultPath` (whose
   * declared type must accept a `CaughtError`). Returns this state, so `next` can follow.
   */
  catch(
    handler: Step,
    props: {
      /** Where `{Error, Cause}` is written. @default none: ZIS then replaces the whole flow data with it */
      readonly resultPath?: Target<CaughtError> | undefined;
      /** Free text kept in the bundle. @default none */
      readonly comment?: string | undefined;
    } = {},
  ): this {
    this.#catchers.push({ handler, resultPath: props.resultPath, comment: props.comment });
    return this;
  }

  /** Retries the state on any error. Returns this state. */
  retry(props: RetryProps = {}): this {
    this.#retriers.push(props);
    return this;
  }
}
