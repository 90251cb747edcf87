import type { StateMachine } from "../../model/state-machine.js";
import type { State } from "../../model/states/index.js";
import type { DynamicOptions } from "../dynamic.js";
import { prepareAction, runAction } from "./action.js";
import { prepareChoice, runChoice } from "./choice.js";
import { prepareFail, runFail } from "./fail.js";
import { prepareMap, runMap } from "./map.js";
import { preparePass, runPass } from "./pass.js";
import { prepareSucceed, runSucceed } from "./succeed.js";
import type { PreparedMachine, PreparedState, StateOutcome, StateRun } from "./types.js";
import { prepareWait, runWait } from "./wait.js";

export type { MachineRunner, PreparedMachine, PreparedState, StateOutcome, StateRun } from "./types.js";

export function prepareState(
  name: string,
  state: State,
  options: DynamicOptions,
  prepareIterator: (iterator: StateMachine) => PreparedMachine,
): PreparedState {
  switch (state.Type) {
    case "Action":
      return prepareAction(name, state, options);
    case "Choice":
      return prepareChoice(name, state);
    case "Pass":
      return preparePass(name, state);
    case "Wait":
      return prepareWait(name, state);
    case "Map":
      return prepareMap(name, state, prepareIterator(state.Iterator));
    case "Succeed":
      return prepareSucceed(name, state, options);
    case "Fail":
      return prepareFail(name, state, options);
  }
}

export function runState(state: PreparedState, run: StateRun): Promise<StateOutcome> {
  switch (state.type) {
    case "Action":
      return runAction(state, run);
    case "Choice":
      return runChoice(state, run);
    case "Pass":
      return runPass(state, run);
    case "Wait":
      return runWait(state, run);
    case "Map":
      return runMap(state, run);
    case "Succeed":
      return runSucceed(state, run);
    case "Fail":
      return runFail(state, run);
  }
}
