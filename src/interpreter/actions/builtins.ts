import {
  builtinParametersSchema,
  type BuiltinActionName,
  type BuiltinParameters,
} from "../../model/builtin-actions.js";
import { firstProblem } from "../../model/parse.js";
import type { RunContext } from "../context.js";
import { StateError, STATE_ERROR_NAMES } from "../errors.js";
import type { ZisStore } from "../stores.js";

type Builtin<N extends BuiltinActionName> = (parameters: BuiltinParameters<N>, store: ZisStore) => unknown;

/** The built-in actions (reference §6, links seed) over the run's config and link stores. */
const BUILTINS: { readonly [N in BuiltinActionName]: Builtin<N> } = {
  LoadConfig: ({ scope }, { configs }) => configs.load(scope),
  PatchConfig: ({ scope, config }, { configs }) => {
    configs.patch(scope, config);
    return null;
  },
  CreateLink: (parameters, { links }) => links.create(parameters),
  LoadLinks: (parameters, { links }) => links.load(parameters),
  PatchLink: (parameters, { links }) => links.patch(parameters),
  DeleteLink: (parameters, { links }) => {
    links.delete(parameters);
    return null;
  },
};

/**
 * Runs a built-in action with its resolved parameters, read with the model's schema of that built-in: a
 * parameter of the wrong type or a missing one fails the state as ZIS fails it (States.TaskFailed).
 */
export function runBuiltin<N extends BuiltinActionName>(
  name: N,
  parameters: unknown,
  context: RunContext,
): unknown {
  const parsed = builtinParametersSchema(name).safeParse(parameters);
  if (!parsed.success) {
    const { member, reason } = firstProblem(parsed.error);
    throw new StateError(STATE_ERROR_NAMES.taskFailed, `${name}: ${member ? `${member} ` : ""}${reason}`);
  }
  return BUILTINS[name](parsed.data, context.store);
}
