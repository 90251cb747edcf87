import type { StateEmitter } from "./context.js";

export const emitSucceed: StateEmitter = (state, { values }) => ({
  builder: "succeed",
  options: typeof state.Message === "string" ? [`message: ${values.text(state.Message)}`] : [],
});
