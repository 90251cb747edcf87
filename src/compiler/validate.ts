import { buildBundleView, isObject } from "../model/bundle-view.js";
import { CHECKS, type ValidateOptions } from "./checks/index.js";
import { makeFinding, type Finding } from "./diagnostics.js";

export type { ValidateOptions } from "./checks/index.js";

/**
 * Validates any bundle JSON (parsed): the zod model plus graph, reference, path and data-flow checks.
 * Never throws on malformed input; every problem is a finding with a JSON pointer.
 */
export function validateBundle(bundle: unknown, options: ValidateOptions = {}): Finding[] {
  if (!isObject(bundle)) return [makeFinding("invalid_type", [], "a bundle is a JSON object")];
  const findings: Finding[] = [];
  const view = buildBundleView(bundle);
  const context = {
    view,
    options,
    report: (
      code: Parameters<typeof makeFinding>[0],
      at: Parameters<typeof makeFinding>[1],
      message: string,
    ) => {
      findings.push(makeFinding(code, at, message));
    },
  };
  for (const check of CHECKS) check(context);
  return findings;
}
