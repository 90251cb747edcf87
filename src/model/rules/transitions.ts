import { transitionsOf } from "../bundle-view.js";
import { isStateType, STATE_TRAITS } from "../states/index.js";
import type { Rule } from "./context.js";

/** StartAt and every Next/Default/Catch target exist in the same state machine; Next xor End. */
export const checkTransitions: Rule = ({ view, report }) => {
  for (const machine of view.machines) {
    if (typeof machine.startAt === "string" && !machine.byName.has(machine.startAt)) {
      report(
        "unknown_start_state",
        [...machine.at, "StartAt"],
        `StartAt names no state: "${machine.startAt}"`,
      );
    }
    const otherScopes = view.machines.filter((m) => m.flow === machine.flow && m !== machine);
    for (const state of machine.states) {
      for (const { target, at } of transitionsOf(state.raw, state.at)) {
        if (machine.byName.has(target)) continue;
        if (otherScopes.some((m) => m.byName.has(target))) {
          report(
            "transition_out_of_scope",
            at,
            `"${target}" is in another scope: Map iterators cannot jump to the states around them, nor be entered from outside`,
          );
        } else {
          report("unknown_next_state", at, `no state named "${target}" in this state machine`);
        }
      }
      const { raw, type } = state;
      if (!isStateType(type) || STATE_TRAITS[type].continuation !== "next") continue;
      if (raw.End === false)
        report("end_false", [...state.at, "End"], 'ZIS accepts only "End": true; omit End instead');
      if (raw.Next !== undefined && raw.End === true)
        report("next_and_end", state.at, "a state cannot have both Next and End");
      if (raw.Next === undefined && raw.End === undefined)
        report(
          "missing_transition",
          state.at,
          `${state.type} state "${state.name}" needs Next or "End": true`,
        );
    }
  }
};
