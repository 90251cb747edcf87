import { compileBundle } from "../compiler/compile.js";
import { REGISTRY_READ_ONLY_FIELDS } from "../model/bundle.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import { diffJson, emptyEdits, hasEdits, type EditList } from "./diff.js";
import { generateModule, type GeneratedModule } from "./codegen.js";
import { evaluateModule } from "./evaluate.js";
import { measureRawShare, type RawShare } from "./raw-share.js";

export type { RawShare } from "./raw-share.js";

export interface ImportOptions {
  /** `fileName` the generated bundle module builds to. */
  readonly fileName: string;
  /** Where the generated module imports the DSL from. @default "zisflow" */
  readonly dslImport?: string;
}

export interface ImportResult {
  /** The TypeScript module, prettier-formatted. */
  readonly code: string;
  /** What the importer had to do that a person should know (dropped fields, raw edits). */
  readonly notes: string[];
  /** How much of the bundle the module keeps as raw edits rather than DSL code. */
  readonly rawShare: RawShare;
}

/**
 * The module as a ts-morph source file: the import declaration through ts-morph's structures, the statements
 * through its writer. (The round-trip checks run the plain statements; only the final output is assembled.)
 */
async function assembleWithTsMorph(generated: GeneratedModule, dslImport: string): Promise<string> {
  const { Project } = await import("ts-morph");
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("module.ts");
  file.addImportDeclaration({ namedImports: [...generated.imports], moduleSpecifier: dslImport });
  file.addStatements((writer) => writer.blankLine().write(generated.statements));
  return file.getFullText();
}

/** Says, for people, what went into the raw edits. */
function describeEdits(edits: EditList, share: RawShare): string[] {
  const notes: string[] = [];
  const list = (pointers: readonly string[]) =>
    pointers
      .slice(0, 5)
      .map((p) => p || "(the bundle itself)")
      .join(", ") + (pointers.length > 5 ? ` and ${pointers.length - 5} more` : "");
  const set = Object.keys(edits.set);
  if (set.length > 0) notes.push(`kept as raw JSON what the builders do not express: ${list(set)}`);
  if (edits.remove.length > 0)
    notes.push(`raw edits remove what the builders add but the bundle lacks: ${list(edits.remove)}`);
  const orders = Object.keys(edits.order);
  if (orders.length > 0)
    notes.push(`raw edits keep the author's key order of ${orders.length} object(s): ${list(orders)}`);
  if (share.rawBytes > 0)
    notes.push(
      `raw edits carry ${(share.share * 100).toFixed(1)}% of the bundle's JSON (${share.rawBytes} of ${share.bundleBytes} bytes)` +
        (share.rawStates.length > 0 ? `, ${share.rawStates.length} of its ${share.states} states whole` : ""),
    );
  return notes;
}

/** Why a bundle could not be imported: not a bundle, or an importer bug (its code does not rebuild the bundle). */
export type ImportErrorCode = "not_a_bundle" | "module_failed" | "not_reproduced";

export class ImportError extends Error {
  override readonly name = "ImportError";
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Turns bundle JSON into a TypeScript module that rebuilds it exactly. The code uses the builders for all they
 * can express; the importer then runs that code, compares what it builds with the source, and writes what
 * differs (unknown properties, key orders, broken references) into the bundle's `raw` edits, so building the
 * module gives back the same values in the same key order.
 */
export async function importBundle(source: unknown, options: ImportOptions): Promise<ImportResult> {
  if (
    typeof source !== "object" ||
    source === null ||
    Array.isArray(source) ||
    typeof (source as JsonObject).resources !== "object"
  )
    throw new ImportError("not_a_bundle", 'not a ZIS bundle: expected an object with "resources"');
  const notes: string[] = [];
  const bundle = { ...(source as JsonObject) };
  for (const field of REGISTRY_READ_ONLY_FIELDS) {
    if (field in bundle) {
      notes.push(`dropped "${field}": the Registry API sets it, an upload does not carry it`);
      delete bundle[field];
    }
  }

  const dslImport = options.dslImport ?? "zisflow";
  const generate = (edits: EditList | undefined) =>
    generateModule(bundle, { dslImport, fileName: options.fileName, ...(edits ? { edits } : {}) });
  const build = async (generated: GeneratedModule): Promise<JsonValue> => {
    let definition;
    try {
      definition = await evaluateModule(generated);
    } catch (error) {
      throw new ImportError(
        "module_failed",
        `the generated module does not run (an importer bug): ${(error as Error).message}`,
      );
    }
    return compileBundle(definition).bundle;
  };
  let generated = generate(undefined);
  const edits = emptyEdits();
  diffJson(await build(generated), bundle, edits);
  if (hasEdits(edits)) {
    generated = generate(edits);
    const remaining = emptyEdits();
    diffJson(await build(generated), bundle, remaining);
    if (hasEdits(remaining))
      throw new ImportError(
        "not_reproduced",
        `could not reproduce the bundle exactly (an importer bug); differences at ${JSON.stringify(remaining)}`,
      );
  }
  const allEdits = { ...edits, set: { ...generated.edits.set, ...edits.set } };
  const rawShare = measureRawShare(bundle, allEdits);
  notes.push(...describeEdits(allEdits, rawShare));
  const prettier = await import("prettier");
  const code = await prettier.format(await assembleWithTsMorph(generated, dslImport), {
    parser: "typescript",
    printWidth: 110,
  });
  return { code, notes, rawShare };
}
