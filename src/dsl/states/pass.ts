import type { JsonValue } from "../../model/json.js";
import type { Ref } from "../ref.js";
import { ChainableStep, type StepProps } from "./step.js";

export interface PassProps extends StepProps {
  /** Fixed JSON to write (any JSON value). @default none: the state's input is passed through */
  readonly result?: JsonValue;
  /** Where the result is written. @default none: ZIS then replaces the whole flow data */
  readonly resultPath?: Ref<unknown>;
}

/** A Pass state (reference §3.7): writes `result` at `resultPath`. */
export class PassStep extends ChainableStep {
  readonly kind = "Pass";
  readonly result: JsonValue | undefined;
  readonly resultPath: Ref<unknown> | undefined;
  constructor(name: string, props: PassProps) {
    super(name, props.comment);
    this.result = props.result;
    this.resultPath = props.resultPath;
  }
}

export const pass = (name: string, props: PassProps = {}): PassStep => new PassStep(name, props);
