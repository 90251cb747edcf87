import type { StateEmitter } from "./context.js";

export const emitPass: StateEmitter = (state) => ({
  builder: "pass",
  options: state.Result !== undefined ? [`result: ${JSON.stringify(state.Result)}`] : [],
});
