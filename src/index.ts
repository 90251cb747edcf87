/** zisflow: typed DSL, compiler and validator for Zendesk Integration Services bundles. */
export * from "./dsl/index.js";
export { compileBundle, type CompileOptions, type CompileResult } from "./compiler/compile.js";
export { validateBundle, type ValidateOptions } from "./compiler/validate.js";
export {
  DIAGNOSTICS,
  hasErrors,
  type DiagnosticCode,
  type Finding,
  type Severity,
} from "./compiler/diagnostics.js";
export type { Bundle } from "./model/bundle.js";
