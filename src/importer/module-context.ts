import { isJsonObject, type JsonValue } from "../model/json.js";
import {
  DEFAULT_INTEGRATION_PLACEHOLDER,
  dominantIntegration,
  parseActionName,
  parseFlowReference,
} from "../model/names.js";
import { toPointer, type PointerSegment } from "../model/pointer.js";
import { emptyEdits, type EditList } from "./diff.js";
import { DSL_EXPORTS, type DslExport } from "./dsl-exports.js";
import { Namer } from "./names.js";
import type { ShapeTree } from "./shapes.js";

/** A JSON object of the bundle being imported. */
export type Raw = Record<string, JsonValue>;

/** A custom action as the module declares it. */
export interface CustomAction {
  readonly ident: string;
  /** Its parameters' shape, as its definition reads them and its callers pass them. */
  readonly parameters: ShapeTree;
}

/** How a custom action is called across the bundle: by how many Action states, and how often each parameter. */
export interface ActionCallers {
  calls: number;
  readonly keys: Map<string, number>;
}

/**
 * What the generator knows about the module while writing it: the identifiers taken, the DSL names it imports,
 * the build parameters, the custom actions, and the raw edits for what the builders cannot express.
 */
export class ModuleContext {
  readonly namer = new Namer(DSL_EXPORTS);
  /** Raw edits the generator itself knows it needs (states and resources it cannot express). */
  readonly edits: EditList = emptyEdits();
  /** The integration key most references use: the bundle's integration placeholder. */
  readonly integration: string;
  /** Custom actions by name, declared before the flows that call them. */
  readonly actions = new Map<string, CustomAction>();
  /** Names of the custom actions some flow calls (the others go into the bundle's `actions`). */
  readonly calledActions = new Set<string>();
  readonly callers: ReadonlyMap<string, ActionCallers>;
  /** Scope variables referenced since the last reset (an unused `$` parameter is left out). */
  readonly scopesUsed = new Set<string>();
  readonly #imports = new Set<DslExport>(["bundle"]);
  readonly #params = new Map<string, { ident: string; placeholder: string }>();

  constructor(resources: JsonValue | undefined) {
    this.integration = dominantIntegration(integrationSegments(resources)) ?? DEFAULT_INTEGRATION_PLACEHOLDER;
    this.callers = scanCallers(resources);
  }

  /** `name`, imported from the DSL. */
  use(name: DslExport): string {
    this.#imports.add(name);
    return name;
  }

  /** The DSL names the module imports, sorted. */
  imports(): DslExport[] {
    return [...this.#imports].sort();
  }

  /**
   * What the module has met so far (imports, build parameters, scopes read, actions called, raw edits), to be put
   * back by the function returned: a state's emitter that gives up must leave nothing behind, or the module would
   * import, declare or read what no statement uses (tsc's noUnusedLocals and noUnusedParameters reject it).
   */
  checkpoint(): () => void {
    const imports = new Set(this.#imports);
    const params = new Map(this.#params);
    const scopes = new Set(this.scopesUsed);
    const called = new Set(this.calledActions);
    // Edits are only ever added (never changed in place): copies of the lists restore them.
    const edits = {
      set: { ...this.edits.set },
      remove: [...this.edits.remove],
      order: { ...this.edits.order },
    };
    return () => {
      replaceSet(this.#imports, imports);
      this.#params.clear();
      for (const [name, param] of params) this.#params.set(name, param);
      replaceSet(this.scopesUsed, scopes);
      replaceSet(this.calledActions, called);
      this.edits.set = edits.set;
      this.edits.remove = edits.remove;
      this.edits.order = edits.order;
    };
  }

  /** Keeps `value` as raw JSON at `at`, for what the builders cannot express. */
  keepRaw(at: readonly PointerSegment[], value: JsonValue): void {
    this.edits.set[toPointer(at)] = value;
  }

  /** The identifier of build parameter `name` (written `placeholder` in the bundle), declared once. */
  param(name: string, placeholder: string): string {
    if (placeholder === this.integration) return this.use("integrationKey");
    const existing = this.#params.get(name);
    if (existing) return existing.ident;
    this.use("param");
    const ident = this.namer.take(name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^([0-9])/, "_$1"));
    this.#params.set(name, { ident, placeholder });
    return ident;
  }

  /** The `const … = param(…)` declarations of the build parameters met. */
  paramDeclarations(): string[] {
    return [...this.#params].map(
      ([name, { ident, placeholder }]) =>
        `const ${ident} = param(${JSON.stringify(name)}${placeholder !== name ? `, { placeholder: ${JSON.stringify(placeholder)} }` : ""});`,
    );
  }
}

function replaceSet<T>(target: Set<T>, contents: ReadonlySet<T>): void {
  target.clear();
  for (const item of contents) target.add(item);
}

/** The integration segments of every `ActionName` and `flow_name` of custom actions and flows. */
function integrationSegments(resources: JsonValue | undefined): string[] {
  const segments: string[] = [];
  const visit = (value: JsonValue | undefined): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      for (const [key, member] of Object.entries(value)) {
        if (key === "ActionName" && typeof member === "string") {
          const parsed = parseActionName(member);
          if (parsed.kind === "custom") segments.push(parsed.integration);
        } else if (key === "flow_name" && typeof member === "string") {
          const parsed = parseFlowReference(member);
          if (parsed.ok) segments.push(parsed.integration);
        } else visit(member);
      }
    }
  };
  visit(resources);
  return segments;
}

/** Per custom action: how many Action states call it, and how often each parameter is passed. */
function scanCallers(resources: JsonValue | undefined): Map<string, ActionCallers> {
  const callers = new Map<string, ActionCallers>();
  const visit = (value: JsonValue | undefined): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      if (value.Type === "Action" && typeof value.ActionName === "string") {
        const parsed = parseActionName(value.ActionName);
        if (parsed.kind === "custom") {
          const entry = callers.get(parsed.name) ?? { calls: 0, keys: new Map() };
          entry.calls++;
          for (const key of Object.keys(isJsonObject(value.Parameters) ? value.Parameters : {})) {
            const plain = key.replace(/\.\$$/, "");
            entry.keys.set(plain, (entry.keys.get(plain) ?? 0) + 1);
          }
          callers.set(parsed.name, entry);
        }
      }
      for (const member of Object.values(value)) visit(member);
    }
  };
  visit(resources);
  return callers;
}
