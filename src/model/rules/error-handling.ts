import { ERROR_EQUALS_ALL } from "../states/common.js";
import { isObject } from "../bundle-view.js";
import { previewOf } from "../json.js";
import type { Rule } from "./context.js";

/** Catch and Retry entries match only States.ALL; Retry should spell out its timing. */
export const checkErrorHandling: Rule = ({ view, report }) => {
  for (const machine of view.machines) {
    for (const state of machine.states) {
      for (const field of ["Catch", "Retry"] as const) {
        const entries = state.raw[field];
        if (!Array.isArray(entries)) continue;
        entries.forEach((entry, i) => {
          if (!isObject(entry)) return;
          const at = [...state.at, field, i];
          const errors = entry.ErrorEquals;
          if (Array.isArray(errors) && !(errors.length === 1 && errors[0] === ERROR_EQUALS_ALL))
            report("invalid_error_equals", [...at, "ErrorEquals"], { found: previewOf(errors) });
          if (field === "Retry" && (entry.IntervalSeconds === undefined || entry.MaxAttempts === undefined))
            report("retry_default_used", at, {});
        });
      }
    }
  }
};
