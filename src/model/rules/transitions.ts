import { transitionsOf, type ResourceView } from "../bundle-view.js";
import { isStateType, STATE_TRAITS } from "../states/index.js";
import type { Rule } from "./context.js";

/** StartAt and every Next/Default/Catch target exist in the same state machine; Next xor End. */
export const checkTransitions: Rule = ({ view, report }) => {
  // The state names of each flow, Map iterators included: a target no machine of the flow has is unknown.
  const namesInFlow = new Map<ResourceView, Set<string>>();
  for (const machine of view.machines) {
    const names = namesInFlow.get(machine.flow) ?? new Set<string>();
    for (const name of machine.byName.keys()) names.add(name);
    namesInFlow.set(machine.flow, names);
  }
  for (const machine of view.machines) {
    if (typeof machine.startAt === "string" && !machine.byName.has(machine.startAt)) {
      report("unknown_start_state", [...machine.at, "StartAt"], { name: machine.startAt });
    }
    for (const state of machine.states) {
      for (const { target, at } of transitionsOf(state.raw, state.at)) {
        if (machine.byName.has(target)) continue;
        if (namesInFlow.get(machine.flow)!.has(target)) {
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
