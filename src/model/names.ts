/** Fully qualified ZIS names (reference §1.3). */
import { isBuiltinActionName, type BuiltinActionName } from "./builtin-actions.js";

export const JQ_ACTION_NAME = "zis:common:transform:Jq";

export type ParsedActionName =
  | { readonly kind: "jq" }
  | { readonly kind: "builtin"; readonly name: BuiltinActionName; readonly known: true }
  | { readonly kind: "builtin"; readonly name: string; readonly known: false }
  | { readonly kind: "custom"; readonly integration: string; readonly name: string }
  | { readonly kind: "invalid" };

export function parseActionName(actionName: string): ParsedActionName {
  if (actionName === JQ_ACTION_NAME) return { kind: "jq" };
  const builtin = /^zis:common:action:(.+)$/.exec(actionName);
  if (builtin) {
    const name = builtin[1]!;
    return isBuiltinActionName(name)
      ? { kind: "builtin", name, known: true }
      : { kind: "builtin", name, known: false };
  }
  const custom = /^zis:([^:]+):action:(.+)$/.exec(actionName);
  if (custom && custom[1] !== "common") return { kind: "custom", integration: custom[1]!, name: custom[2]! };
  return { kind: "invalid" };
}

export type ParsedFlowReference =
  { readonly ok: true; readonly integration: string; readonly name: string } | { readonly ok: false };

export function parseFlowReference(flowName: string): ParsedFlowReference {
  const match = /^zis:([^:]+):flow:(.+)$/.exec(flowName);
  return match ? { ok: true, integration: match[1]!, name: match[2]! } : { ok: false };
}

export const customActionName = (integration: string, name: string): string =>
  `zis:${integration}:action:${name}`;
export const builtinActionName = (name: BuiltinActionName): string => `zis:common:action:${name}`;
export const flowReference = (integration: string, name: string): string => `zis:${integration}:flow:${name}`;
export const jobSpecReference = (integration: string, name: string): string =>
  `zis:${integration}:job_spec:${name}`;

/** Integration keys: at most 64 characters of a-z, 0-9, `-` and `_` (reference §1.2). */
export const INTEGRATION_KEY = /^[a-z0-9_-]{1,64}$/;
/** The integration placeholder the seed tutorial uses; kept when no key is given at build time. */
export const DEFAULT_INTEGRATION_PLACEHOLDER = "INTEGRATION";

/** The integration key most `zis:<integration>:…` references of a bundle use (the first seen on a tie). */
export function dominantIntegration(keys: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: string | undefined;
  for (const [key, count] of counts) if (best === undefined || count > counts.get(best)!) best = key;
  return best;
}
