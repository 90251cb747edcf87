/** Misuse of the DSL found while a module builds its bundle (before compiling). */
export class DslError extends Error {
  override readonly name = "DslError";
  constructor(
    /** Stable code, e.g. `next_already_set`. */
    readonly code:
      | "next_already_set"
      | "default_already_set"
      | "invalid_reference_path"
      | "ref_in_array"
      | "not_a_ref"
      | "terminal_state"
      | "duplicate_step_name"
      | "empty_logical_rule",
    message: string,
  ) {
    super(message);
  }
}
