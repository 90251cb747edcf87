import type { Ref } from "../ref.js";
import { ChainableStep, type StepProps } from "./step.js";

export type WaitProps = StepProps &
  (
    | { /** Seconds to wait, > 0. */ readonly seconds: number; readonly secondsPath?: undefined }
    | {
        /** Path to the number of seconds. */ readonly secondsPath: Ref<number>;
        readonly seconds?: undefined;
      }
  );

/** A Wait state (reference §3.8). */
export class WaitStep extends ChainableStep {
  readonly kind = "Wait";
  readonly seconds: number | undefined;
  readonly secondsPath: Ref<number> | undefined;
  constructor(name: string, props: WaitProps) {
    super(name, props.comment);
    this.seconds = props.seconds;
    this.secondsPath = props.secondsPath;
  }
}

export const wait = (name: string, props: WaitProps): WaitStep => new WaitStep(name, props);
