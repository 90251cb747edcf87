import type { StateEmitter } from "./context.js";

export const emitWait: StateEmitter = (state, { values }) => {
  if (typeof state.Seconds === "number") return { builder: "wait", options: [`seconds: ${state.Seconds}`] };
  if (typeof state.SecondsPath === "string")
    return { builder: "wait", options: [`secondsPath: ${values.ref(state.SecondsPath, "number")}`] };
  return undefined;
};
