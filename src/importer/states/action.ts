import { isJsonObject } from "../../model/json.js";
import { actionCall } from "../action-calls.js";
import type { StateEmitter } from "./context.js";

export const emitAction: StateEmitter = (state, { values }) => {
  if (typeof state.ActionName !== "string") return undefined;
  const call = actionCall(state.ActionName, isJsonObject(state.Parameters) ? state.Parameters : {}, values);
  if (!call) return undefined;
  return {
    builder: "action",
    arguments: [call],
    options: typeof state.TimeoutSeconds === "number" ? [`timeoutSeconds: ${state.TimeoutSeconds}`] : [],
  };
};
