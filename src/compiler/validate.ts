import { findingsOf } from "../model/rules/index.js";
import { CHECKS, type ValidateOptions } from "./checks/index.js";
import type { Finding } from "../model/diagnostics.js";

export type { ValidateOptions } from "./checks/index.js";

/**
 * Validates any bundle JSON (parsed): the zod model plus graph, reference, path and data-flow checks.
 * Never throws on malformed input; every problem is a finding with a JSON pointer.
 */
export function validateBundle(bundle: unknown, options: ValidateOptions = {}): Finding[] {
  return findingsOf(bundle, CHECKS, { options });
}
