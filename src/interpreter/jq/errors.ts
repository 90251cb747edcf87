import type { JqValue } from "./value.js";

/**
 * The own jq engine's signals, each with a stable code. None leaves the interpreter as it is: `runJq` turns
 * them into a state error, jq's message, or a run of jq-wasm.
 */

/** A jq error: what `error(v)` raises and runtime errors raise (their message as the value). `try` catches it. */
export class JqError extends Error {
  override readonly name = "JqError";
  readonly code = "jq_error";
  constructor(readonly value: JqValue) {
    super(typeof value === "string" ? value : "jq error");
  }
}

/** `break $label`: unwinds to the `label` it names; not an error, so `try` lets it through. */
export class JqBreak {
  constructor(readonly label: object) {}
}

/** A builtin the sandbox forbids, found in the parsed program. */
export class JqForbidden extends Error {
  override readonly name = "JqForbidden";
  readonly code = "jq_forbidden";
  constructor(readonly builtin: string) {
    super(`jq: ${builtin} is not available in ZIS flows`);
  }
}

/** Thrown where the own engine cannot be sure to answer as jq 1.8.2 would: the caller runs jq-wasm instead. */
export class JqUnsupported extends Error {
  override readonly name = "JqUnsupported";
  readonly code = "jq_unsupported";
}

/** A program the own lexer or parser cannot read; the caller leaves such programs to jq-wasm. */
export class JqSyntaxError extends Error {
  override readonly name = "JqSyntaxError";
  readonly code = "jq_syntax";
}

/**
 * A program that spent its budget: more evaluation steps in the own engine than allowed, or more wall time in
 * jq-wasm. Not a jq error (`try` cannot catch it) and not left to the other engine: the run ends.
 */
export class JqBudgetExceeded extends Error {
  override readonly name = "JqBudgetExceeded";
  readonly code = "jq_budget_exceeded";
  constructor(
    readonly budget: "jqSteps" | "jqMilliseconds",
    readonly limit: number,
  ) {
    super(`jq program over its budget: ${budget} (${limit})`);
  }
}
