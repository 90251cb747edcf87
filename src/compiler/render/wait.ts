import type { JsonObject } from "../../model/json.js";
import { refPath } from "../../dsl/ref.js";
import type { WaitStep } from "../../dsl/states/index.js";
import { renderTransition, stateHead } from "./common.js";

export function renderWait(step: WaitStep): JsonObject {
  const out = stateHead("Wait", step.comment);
  if (step.seconds !== undefined) out.Seconds = step.seconds;
  if (step.secondsPath) out.SecondsPath = refPath(step.secondsPath);
  renderTransition(out, step);
  return out;
}
