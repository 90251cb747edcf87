import { isBundleDefinition, type BundleDefinition } from "../dsl/bundle.js";
import type { GeneratedModule } from "./codegen.js";
import { dslValue } from "./dsl-exports.js";

/** The transpiled statements of a module, run with its DSL imports bound to their values and an exports object. */
type ModuleBody = (exports: { default?: unknown }, ...imports: unknown[]) => void;

/**
 * Runs a generated module in this process, against the DSL this process has loaded, and returns its default
 * export: its statements with the types stripped (by the TypeScript that ts-morph bundles), its imported names
 * bound to the DSL's exports. Loading the module from a file instead would load zisflow anew for each check.
 */
export async function evaluateModule(
  module: Pick<GeneratedModule, "imports" | "statements">,
): Promise<BundleDefinition> {
  const { ts } = await import("ts-morph");
  const { outputText, diagnostics = [] } = ts.transpileModule(module.statements, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  const [syntaxError] = diagnostics;
  if (syntaxError) throw new Error(ts.flattenDiagnosticMessageText(syntaxError.messageText, "\n"));
  const exports: { default?: unknown } = {};
  const body = new Function("exports", ...module.imports, outputText) as ModuleBody;
  body(exports, ...module.imports.map(dslValue));
  if (!isBundleDefinition(exports.default))
    throw new Error("its default export is not made with bundle({...})");
  return exports.default;
}
