import { isJsonObject } from "../model/json.js";
import { DEFAULT_INTEGRATION_PLACEHOLDER } from "../model/names.js";
import type { EditList } from "./diff.js";
import type { DslExport } from "./dsl-exports.js";
import { emitFlow } from "./flow.js";
import { emitHttpAction } from "./http-action.js";
import { emitJobSpec } from "./job-spec.js";
import { ModuleContext, type Raw } from "./module-context.js";

export interface GenerateOptions {
  /** Module specifier the generated code imports the DSL from. */
  readonly dslImport: string;
  /** `fileName` of the generated bundle (what `zisflow build` writes). */
  readonly fileName: string;
  /** Raw edits found by a previous round (written into the module). @default none: the first round */
  readonly edits?: EditList;
}

export interface GeneratedModule {
  /** The whole module as text. */
  readonly code: string;
  /** The DSL names it imports, sorted. */
  readonly imports: readonly DslExport[];
  /** Everything after the import declaration. */
  readonly statements: string;
  /** Raw edits the generator itself knows it needs (states and resources it cannot express). */
  readonly edits: EditList;
}

/**
 * Writes TypeScript that rebuilds `bundle` with the DSL: its custom actions, then its flows, then its job specs,
 * then the bundle itself. What the builders cannot express goes into the bundle's `raw` edits.
 */
export function generateModule(bundle: Raw, options: GenerateOptions): GeneratedModule {
  const module = new ModuleContext(bundle.resources);
  const resources = isJsonObject(bundle.resources) ? bundle.resources : {};
  const entries = Object.entries(resources).filter((e): e is [string, Raw] => isJsonObject(e[1]));
  const body: string[] = [];
  for (const [key, resource] of entries)
    if (resource.type === "ZIS::Action::Http") body.push(emitHttpAction(key, resource, module));
  const flows = new Map<string, string>();
  for (const [key, resource] of entries) {
    if (resource.type !== "ZIS::Flow") continue;
    const { code, ident, name } = emitFlow(key, resource, module);
    body.push(code);
    flows.set(name, ident);
  }
  const jobSpecs: string[] = [];
  const triggered = new Set<string>();
  for (const [key, resource] of entries) {
    if (resource.type === "ZIS::JobSpec") {
      const spec = emitJobSpec(key, resource, flows, module);
      if (spec) {
        body.push(spec.code);
        jobSpecs.push(spec.ident);
        triggered.add(spec.flow);
      }
    } else if (resource.type !== "ZIS::Action::Http" && resource.type !== "ZIS::Flow") {
      module.keepRaw(["resources", key], resource);
    }
  }
  const untriggered = [...flows].filter(([name]) => !triggered.has(name)).map(([, ident]) => ident);
  const unused = [...module.actions]
    .filter(([name]) => !module.calledActions.has(name))
    .map(([, a]) => a.ident);

  const props: string[] = [`name: ${JSON.stringify(bundle.name ?? "")}`];
  if (bundle.description !== undefined) props.push(`description: ${JSON.stringify(bundle.description)}`);
  props.push(`fileName: ${JSON.stringify(options.fileName)}`);
  if (module.integration !== DEFAULT_INTEGRATION_PLACEHOLDER)
    props.push(`integrationPlaceholder: ${JSON.stringify(module.integration)}`);
  if (jobSpecs.length > 0) props.push(`jobSpecs: [${jobSpecs.join(", ")}]`);
  if (untriggered.length > 0) props.push(`flows: [${untriggered.join(", ")}]`);
  if (unused.length > 0) props.push(`actions: [${unused.join(", ")}]`);
  const edits = mergeEdits(module.edits, options.edits);
  if (edits) props.push(`raw: ${JSON.stringify(edits)}`);

  const params = module.paramDeclarations();
  const imports = module.imports();
  const statements = [
    ...(params.length > 0 ? [...params, ""] : []),
    ...body,
    `export default bundle({\n  ${props.join(",\n  ")},\n});`,
    "",
  ].join("\n");
  const code = `import { ${imports.join(", ")} } from ${JSON.stringify(options.dslImport)};\n\n${statements}`;
  return { code, imports, statements, edits: module.edits };
}

/** The generator's own edits and a previous round's, or undefined when there are none. */
function mergeEdits(own: EditList, found: EditList | undefined): EditList | undefined {
  const set = { ...own.set, ...(found?.set ?? {}) };
  const remove = [...own.remove, ...(found?.remove ?? [])];
  const order = { ...own.order, ...(found?.order ?? {}) };
  const empty = Object.keys(set).length === 0 && remove.length === 0 && Object.keys(order).length === 0;
  return empty ? undefined : { set, remove, order };
}
