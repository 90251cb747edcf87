import type { Flow } from "./flow.js";
import type { HttpAction } from "./http-action.js";
import type { JobSpec } from "./job-spec.js";
import type { JsonValue } from "../model/json.js";

/**
 * The escape hatch for what the builders cannot express (an undocumented property, a hand-made key order, a
 * deliberately broken reference): edits applied to the rendered bundle JSON, addressed by JSON pointer
 * (RFC 6901), before validation. `zisflow import` writes them so that a bundle round-trips exactly.
 */
export interface RawEdits {
  /** Values to write at pointers (missing objects on the way are created). @default none */
  readonly set?: Readonly<Record<string, JsonValue>> | undefined;
  /** Pointers to delete. @default none */
  readonly remove?: readonly string[] | undefined;
  /** Key order of the objects at these pointers: the keys listed come first, in that order. @default none */
  readonly order?: Readonly<Record<string, readonly string[]>> | undefined;
}

export interface BundleProps {
  readonly name: string;
  /** @default none */
  readonly description?: string | undefined;
  /**
   * Job specs, in output order. Their flows, and the actions those flows call, are included automatically.
   * @default none
   */
  readonly jobSpecs?: readonly JobSpec[] | undefined;
  /** Flows no job spec of this bundle triggers. @default none */
  readonly flows?: readonly Flow<unknown>[] | undefined;
  /** Actions no flow of this bundle calls. @default none */
  readonly actions?: readonly HttpAction<unknown>[] | undefined;
  /** File written by `zisflow build` in the output folder. @default <module file name>.json */
  readonly fileName?: string | undefined;
  /**
   * The integration key written when `--integration` is not given (a placeholder the bundle's users replace).
   * @default "INTEGRATION" (the seed tutorial's)
   */
  readonly integrationPlaceholder?: string | undefined;
  /** Raw edits of the rendered JSON. @default none */
  readonly raw?: RawEdits | undefined;
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
