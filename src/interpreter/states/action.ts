import { BUILTIN_ACTION_SPECS, type BuiltinActionName } from "../../model/builtin-actions.js";
import { parseActionName } from "../../model/names.js";
import { classifyDollarValue } from "../../model/template.js";
import type { ActionState } from "../../model/states/action.js";
import { runBuiltin } from "../actions/builtins.js";
import { runHttpAction } from "../actions/http.js";
import type { PreparedHttpAction, RunContext } from "../context.js";
import { compilePath, write, type CompiledPath } from "../data.js";
import { compileDynamic, type DynamicOptions, type Resolver } from "../dynamic.js";
import { HarnessError } from "../errors.js";
import { budgetExceeded } from "../budget.js";
import { JqBudgetExceeded, runJq } from "../jq/index.js";
import {
  prepareCatchers,
  prepareRetriers,
  withErrorHandling,
  type PreparedCatcher,
  type PreparedRetrier,
} from "./error-handling.js";
import { continueWith, type StateOutcome, type StateRun } from "./types.js";

type Target =
  /** `dataByReference`: `data.$` is a plain reference path, so its value reaches jq exactly as it is. */
  | { readonly kind: "jq"; readonly dataByReference: boolean }
  | { readonly kind: "builtin"; readonly name: BuiltinActionName }
  | { readonly kind: "custom"; readonly name: string };

export interface PreparedAction {
  readonly type: "Action";
  readonly name: string;
  readonly target: Target;
  readonly parameters: Resolver;
  /** Undefined: the result is not written (PatchConfig and DeleteLink without ResultPath). */
  readonly resultPath: CompiledPath | undefined;
  readonly retriers: readonly PreparedRetrier[];
  readonly catchers: readonly PreparedCatcher[];
  readonly next: string | undefined;
}

export function prepareAction(name: string, state: ActionState, options: DynamicOptions): PreparedAction {
  const parsed = parseActionName(state.ActionName);
  let target: Target;
  if (parsed.kind === "jq") {
    const data = state.Parameters?.["data.$"];
    target = {
      kind: "jq",
      dataByReference: typeof data === "string" && classifyDollarValue(data) === "path",
    };
  } else if (parsed.kind === "builtin" && parsed.known) target = { kind: "builtin", name: parsed.name };
  else if (parsed.kind === "custom") target = { kind: "custom", name: parsed.name };
  else throw new HarnessError("invalid_bundle", `state "${name}": unknown action "${state.ActionName}"`);
  const silent =
    target.kind === "builtin" &&
    !BUILTIN_ACTION_SPECS[target.name].returnsResult &&
    state.ResultPath === undefined;
  return {
    type: "Action",
    name,
    target,
    parameters: compileDynamic(state.Parameters ?? {}, options),
    resultPath: silent ? undefined : compilePath(state.ResultPath ?? "$"),
    retriers: prepareRetriers(state.Retry),
    catchers: prepareCatchers(state.Catch),
    next: state.Next,
  };
}

export function runAction(state: PreparedAction, run: StateRun): Promise<StateOutcome> {
  return withErrorHandling(run, state.retriers, state.catchers, async () => {
    const parameters = state.parameters(run.data);
    const result = await invoke(state, parameters, run);
    const data = state.resultPath ? write(run.data, state.resultPath, result, run.context.sizes) : run.data;
    return continueWith(state, data);
  });
}

async function invoke(state: PreparedAction, parameters: unknown, run: StateRun): Promise<unknown> {
  const { target } = state;
  switch (target.kind) {
    case "jq": {
      const { expr, data } = (parameters ?? {}) as { expr?: unknown; data?: unknown };
      const { budget, clock } = run.context;
      try {
        return await runJq(String(expr ?? "."), target.dataByReference ? (data ?? null) : jqInput(data), {
          steps: budget.jqSteps,
          milliseconds: budget.jqMilliseconds,
          // jq-wasm's clock has whole milliseconds; both engines read the same.
          now: Math.floor(clock.now()),
        });
      } catch (error) {
        if (error instanceof JqBudgetExceeded) throw budgetExceeded(error.budget, error.limit, state.name);
        throw error;
      }
    }
    case "builtin":
      return runBuiltin(target.name, parameters, run.context);
    case "custom":
      return runHttpAction(
        customAction(target.name, state.name, run.context),
        parameters,
        run.context,
        run.entry,
      );
  }
}

/**
 * Jq `data` the bundle writes as text (a literal string, as real bundles do, or a `{{…}}` template) is read as
 * JSON text when it is JSON; any other string stays a string.
 */
function jqInput(data: unknown): unknown {
  if (typeof data !== "string") return data ?? null;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

function customAction(name: string, state: string, context: RunContext): PreparedHttpAction {
  const action = context.actions.get(name);
  if (!action)
    throw new HarnessError(
      "invalid_bundle",
      `state "${state}" calls action "${name}", which the bundle does not define`,
    );
  return action;
}
