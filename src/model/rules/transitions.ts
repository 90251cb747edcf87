import { transitionsOf } from "../bundle-view.js";
import { isStateType, STATE_TRAITS } from "../states/index.js";
import type { Rule } from "./context.js";

/** StartAt and every Next/Default/Catch target exist in the same state machine; Next xor End. */
export const checkTransitions: Rule = ({ view, report }) => {
  for (const machine of view.machines) {
    if (typeof machine.startAt === "string" && !machine.byName.has(machine.startAt)) {
      report("unknown_start_state", [...machine.at, "StartAt"], { name: machine.startAt });
    }
    const otherScopes = view.machines.filter((m) => m.flow === machine.flow && m !== machine);
    for (const state of machine.states) {
      for (const { target, at } of transitionsOf(state.raw, state.at)) {
        if (machine.byName.has(target)) continue;
        if (otherScopes.some((m) => m.byName.has(target))) {
          report("transition_out_of_scope", at, { target });
        } else {
          report("unknown_next_state", at, { target });
        }
      }
      const { raw, type } = state;
      if (!isStateType(type) || STATE_TRAITS[type].continuation !== "next") continue;
      if (raw.End === false) report("end_false", [...state.at, "End"], {});
      if (raw.Next !== undefined && raw.End === true) report("next_and_end", state.at, {});
      if (raw.Next === undefined && raw.End === undefined)
        report("missing_transition", state.at, { type, name: state.name });
    }
  }
};
