import { checkActions } from "./actions.js";
import {
  checkChoiceRules,
  checkErrorHandling,
  checkSchema,
  checkTransitions,
  checkWait,
} from "../../model/rules/index.js";
import type { Check } from "./context.js";
import { checkDataFlow } from "./data-flow.js";
import { checkHttpActions } from "./http-actions.js";
import { checkPaths } from "./paths.js";
import { checkReachability } from "./reachability.js";
import { checkResources } from "./resources.js";

export type { Check, CheckContext, ValidateOptions } from "./context.js";

/** Every check, in report order: structure first, then references, graph, paths and data flow. */
export const CHECKS: readonly Check[] = [
  checkSchema,
  checkResources,
  checkHttpActions,
  checkActions,
  checkTransitions,
  checkReachability,
  checkChoiceRules,
  checkWait,
  checkErrorHandling,
  checkPaths,
  checkDataFlow,
];
