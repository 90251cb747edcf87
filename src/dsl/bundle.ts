import type { Flow } from "./flow.js";
import type { HttpAction } from "./http-action.js";
import type { JobSpec } from "./job-spec.js";

export interface BundleProps {
  readonly name: string;
  /** @default none */
  readonly description?: string;
  /** Job specs, in output order. Their flows, and the actions those flows call, are included automatically. */
  readonly jobSpecs?: readonly JobSpec[];
  /** Flows no job spec of this bundle triggers. @default none */
  readonly flows?: readonly Flow<unknown>[];
  /** Actions no flow of this bundle calls. @default none */
  readonly actions?: readonly HttpAction<unknown>[];
  /** File written by `zisflow build` in the output folder. @default <module file name>.json */
  readonly fileName?: string;
}

/** A whole ZIS bundle, the default export of a module in `flows/`. */
export interface BundleDefinition extends BundleProps {
  readonly kind: "Bundle";
}

export function bundle(props: BundleProps): BundleDefinition {
  return Object.freeze({ kind: "Bundle", ...props });
}

export function isBundleDefinition(value: unknown): value is BundleDefinition {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "Bundle";
}
