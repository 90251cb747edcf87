import type { Step } from "./states/index.js";

/**
 * States created while a flow's (or a Map iterator's) builder callback runs belong to that state machine.
 * A creation counter gives every state a stable position: machines list their states in the order the
 * author wrote them, so output never depends on how the graph happens to be walked.
 */
let creationCounter = 0;
const openScopes: Step[][] = [];

export const nextCreationIndex = (): number => ++creationCounter;

const owners = new WeakMap<Step, readonly Step[]>();

export function registerStep(step: Step): void {
  const scope = openScopes[openScopes.length - 1];
  if (!scope) return;
  scope.push(step);
  owners.set(step, scope);
}

/**
 * The machine whose builder is running now (the innermost: a Map iterator's inside its flow's), as the array
 * its states are collected in; undefined at module level.
 */
export function currentScope(): readonly Step[] | undefined {
  return openScopes[openScopes.length - 1];
}

/** Whether `outer` is open around the machine being built now (and is not that machine itself). */
export function isOpenAround(outer: readonly Step[]): boolean {
  const index = openScopes.indexOf(outer as Step[]);
  return index >= 0 && index < openScopes.length - 1;
}

/** The states of the machine (flow or Map iterator) whose builder created `step`; undefined at module level. */
export function owningScope(step: Step): readonly Step[] | undefined {
  return owners.get(step);
}

export function collectSteps<T>(build: () => T): { readonly result: T; readonly steps: readonly Step[] } {
  const steps: Step[] = [];
  openScopes.push(steps);
  try {
    return { result: build(), steps };
  } finally {
    openScopes.pop();
  }
}
