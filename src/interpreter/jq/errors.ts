import type { JqValue } from "./value.js";

/** A jq error: what `error(v)` raises and runtime errors raise (their message as the value). `try` catches it. */
export class JqError extends Error {
  override readonly name = "JqError";
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
  constructor(readonly builtin: string) {
    super(`jq: ${builtin} is not available in ZIS flows`);
  }
}
