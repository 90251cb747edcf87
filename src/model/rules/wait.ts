import type { Rule } from "./context.js";

/** Exactly one of Seconds (> 0) and SecondsPath (reference §3.8). */
export const checkWait: Rule = ({ view, report }) => {
  for (const machine of view.machines) {
    for (const state of machine.states) {
      if (state.type !== "Wait") continue;
      const { Seconds, SecondsPath } = state.raw;
      if ((Seconds === undefined) === (SecondsPath === undefined))
        report("wait_duration", state.at, { problem: "not_one_of" });
      else if (typeof Seconds === "number" && Seconds <= 0)
        report("wait_duration", [...state.at, "Seconds"], { problem: "not_positive", seconds: Seconds });
    }
  }
};
