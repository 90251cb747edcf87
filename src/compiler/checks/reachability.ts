import { endsMachine, reachableStates } from "../../model/bundle-view.js";
import type { Check } from "./context.js";

/** Breadth-first walk from StartAt: reports states no path reaches, and machines that cannot end. */
export const checkReachability: Check = ({ view, report }) => {
  for (const machine of view.machines) {
    if (typeof machine.startAt !== "string" || !machine.byName.has(machine.startAt)) continue;
    const reached = reachableStates(machine);
    for (const state of machine.states) {
      if (!reached.has(state.name))
        report("unreachable_state", state.at, { name: state.name, startAt: machine.startAt });
    }
    const canEnd = [...reached].some((name) => endsMachine(machine.byName.get(name)!.raw));
    if (!canEnd) report("no_terminal_state", [...machine.at, "StartAt"], {});
  }
};
