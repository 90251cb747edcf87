import type { Step } from "./states/index.js";

/**
 * States created while a flow's (or a Map iterator's) builder callback runs belong to that state machine.
 * A creation counter gives every state a stable position: machines list their states in the order the
 * author wrote them, so output never depends on how the graph happens to be walked.
 */
let creationCounter = 0;
const openScopes: Step[][] = [];

export const nextCreationIndex = (): number => ++creationCounter;

export function registerStep(step: Step): void {
  openScopes[openScopes.length - 1]?.push(step);
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
