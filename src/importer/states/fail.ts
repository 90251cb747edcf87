import type { StateEmitter } from "./context.js";

export const emitFail: StateEmitter = (state, { values }) => {
  if (typeof state.Error !== "string" || typeof state.Cause !== "string") return undefined;
  return {
    builder: "fail",
    options: [`error: ${values.text(state.Error)}`, `cause: ${values.text(state.Cause)}`],
  };
};
