/** The codes of DslError; a test holds each to a place that throws it. */
export const DSL_ERROR_CODES = [
  "next_already_set",
  "default_already_set",
  "invalid_reference_path",
  "ref_in_array",
  "not_a_ref",
  "empty_logical_rule",
  "ref_of_other_machine",
] as const;
export type DslErrorCode = (typeof DSL_ERROR_CODES)[number];

/** Misuse of the DSL found while a module builds its bundle (before compiling). */
export class DslError extends Error {
  override readonly name = "DslError";
  constructor(
    /** Stable code, e.g. `next_already_set`. */
    readonly code: DslErrorCode,
    message: string,
  ) {
    super(message);
  }
}
