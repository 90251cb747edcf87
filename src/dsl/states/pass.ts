import type { JsonValue } from "../../model/json.js";
import type { Ref, ResultTarget } from "../ref.js";
import { ChainableStep, type StepProps } from "./step.js";

export interface PassProps<R extends JsonValue = JsonValue> extends StepProps {
  /** Fixed JSON to write (any JSON value). @default none: the state's input is passed through */
  readonly result?: R | undefined;
  /**
   * Where the result is written; its declared type must accept `result`.
   * @default none: ZIS then replaces the whole flow data
   */
  readonly resultPath?: ResultTarget<NoInfer<R>> | undefined;
}

/** A Pass state (reference §3.7): writes `result` at `resultPath`. */
export class PassStep extends ChainableStep {
  readonly kind = "Pass";
  readonly result: JsonValue | undefined;
  readonly resultPath: Ref<unknown> | undefined;
  constructor(name: string, props: PassProps<JsonValue>) {
    super(name, props.comment);
    this.result = props.result;
    this.resultPath = props.resultPath;
  }
}

/** `pass("InitRetries", { result: { count: 0 }, resultPath: $.retries })`. */
export const pass = <R extends JsonValue = never>(name: string, props: PassProps<R> = {}): PassStep =>
  new PassStep(name, props as unknown as PassProps<JsonValue>);
