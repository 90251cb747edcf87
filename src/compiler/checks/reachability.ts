import { transitionsOf, type MachineView } from "../bundle-view.js";
import type { Check } from "./context.js";

/** Breadth-first walk from StartAt: reports states no path reaches, and machines that cannot end. */
export const checkReachability: Check = ({ view, report }) => {
  for (const machine of view.machines) {
    if (typeof machine.startAt !== "string" || !machine.byName.has(machine.startAt)) continue;
    const reached = reachableFrom(machine, machine.startAt, true);
    for (const state of machine.states) {
      if (!reached.has(state.name))
        report(
          "unreachable_state",
          state.at,
          `no path from StartAt "${machine.startAt}" reaches "${state.name}"`,
        );
    }
    const canEnd = [...reached].some((name) => {
      const raw = machine.byName.get(name)!.raw;
      return raw.End === true || raw.Type === "Succeed" || raw.Type === "Fail";
    });
    if (!canEnd) report("no_terminal_state", [...machine.at, "StartAt"], "no reachable state ends the flow");
  }
};

/**
 * Names of the states reachable from `start`. With `includeStart` false, `start` itself counts only when a
 * cycle leads back to it (what "can run after this state" means).
 */
export function reachableFrom(machine: MachineView, start: string, includeStart: boolean): Set<string> {
  const reached = new Set<string>();
  const queue: string[] = [];
  const enqueueSuccessors = (name: string) => {
    const state = machine.byName.get(name);
    if (state) for (const { target } of transitionsOf(state)) queue.push(target);
  };
  if (includeStart) queue.push(start);
  else enqueueSuccessors(start);
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i]!;
    if (reached.has(name) || !machine.byName.has(name)) continue;
    reached.add(name);
    enqueueSuccessors(name);
  }
  return reached;
}
