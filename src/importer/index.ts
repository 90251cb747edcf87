import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadBundleModule } from "../project/index.js";
import { compileBundle } from "../compiler/compile.js";
import { REGISTRY_READ_ONLY_FIELDS } from "../model/bundle.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import { diffJson, emptyEdits, hasEdits, type EditList } from "./diff.js";
import { ModuleGenerator, type GeneratedModule } from "./codegen.js";

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
}

/**
 * The module as a ts-morph source file: the import declaration through ts-morph's structures, the statements
 * through its writer. (The round-trip checks above load the plain text; only the final output pays for ts-morph.)
 */
async function assembleWithTsMorph(generated: GeneratedModule, dslImport: string): Promise<string> {
  const { Project } = await import("ts-morph");
  const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("module.ts");
  file.addImportDeclaration({ namedImports: [...generated.imports], moduleSpecifier: dslImport });
  file.addStatements((writer) => writer.blankLine().write(generated.statements));
  return file.getFullText();
}

/** Says, for people, what went into the raw edits. */
function describeEdits(edits: EditList): string[] {
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
  return notes;
}

export class ImportError extends Error {
  override readonly name = "ImportError";
}

/**
 * The DSL as the importer's own checks load it (the generated module may import "zisflow" instead): this
 * package's own entry module, compiled (dist/index.js) or, when zisflow runs from its sources, src/index.ts.
 */
function dslFile(): string {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  return new URL(`../index${extension}`, import.meta.url).href;
}

/**
 * Turns bundle JSON into a TypeScript module that rebuilds it exactly. The code uses the builders for all they
 * can express; the importer then builds that code, compares the result with the source, and writes what
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
    throw new ImportError('not a ZIS bundle: expected an object with "resources"');
  const notes: string[] = [];
  const bundle = { ...(source as JsonObject) };
  for (const field of REGISTRY_READ_ONLY_FIELDS) {
    if (field in bundle) {
      notes.push(`dropped "${field}": the Registry API sets it, an upload does not carry it`);
      delete bundle[field];
    }
  }

  const workdir = await mkdtemp(path.join(os.tmpdir(), "zisflow-import-"));
  try {
    const build = async (edits: EditList | undefined): Promise<JsonValue> => {
      const { code } = new ModuleGenerator(bundle, {
        dslImport: dslFile(),
        fileName: options.fileName,
        ...(edits ? { edits } : {}),
      }).generate();
      const file = path.join(workdir, `module-${Math.random().toString(36).slice(2)}.ts`);
      await writeFile(file, code);
      let definition;
      try {
        definition = await loadBundleModule(file);
      } catch (error) {
        throw new ImportError(
          `the generated module does not load (an importer bug): ${(error as Error).message}`,
        );
      }
      return compileBundle(definition).bundle;
    };
    const first = await build(undefined);
    const edits = emptyEdits();
    diffJson(first, bundle, edits);
    if (hasEdits(edits)) {
      const second = await build(edits);
      const remaining = emptyEdits();
      diffJson(second, bundle, remaining);
      if (hasEdits(remaining))
        throw new ImportError(
          `could not reproduce the bundle exactly (an importer bug); differences at ${JSON.stringify(remaining)}`,
        );
    }
    const generated = new ModuleGenerator(bundle, {
      dslImport: options.dslImport ?? "zisflow",
      fileName: options.fileName,
      ...(hasEdits(edits) ? { edits } : {}),
    }).generate();
    notes.push(...describeEdits({ ...edits, set: { ...generated.edits.set, ...edits.set } }));
    const prettier = await import("prettier");
    const code = await prettier.format(await assembleWithTsMorph(generated, options.dslImport ?? "zisflow"), {
      parser: "typescript",
      printWidth: 110,
    });
    return { code, notes };
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}
