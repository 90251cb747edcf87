import { toPointer, type PointerSegment } from "../model/pointer.js";
import { KNOWN_EVENT_SOURCES } from "../model/events.js";
import { classifyRule, COMPARISON_OPERATORS, literalOperator } from "../model/choice-rule.js";
import { BUILTIN_BUILDERS } from "../dsl/actions.js";
import { BUILTIN_ACTION_SPECS, LINK_OBJECT_FIELDS, type ParameterType } from "../model/builtin-actions.js";
import { HTTP_METHODS } from "../model/http-action.js";
import { isJsonObject, type JsonValue } from "../model/json.js";
import {
  DEFAULT_INTEGRATION_PLACEHOLDER,
  dominantIntegration,
  parseActionName,
  parseFlowReference,
} from "../model/names.js";
import { parseReferencePath, type PathSegment } from "../model/paths.js";
import { classifyDollarValue, findPlaceholders } from "../model/template.js";
import type { EditList } from "./diff.js";
import { camelCase, memberAccess, Namer, pascalCase, propertyKey } from "./names.js";
import { MAX_PROXY_INDEX, ShapeTree, type LeafType } from "./shapes.js";

type Raw = Record<string, JsonValue>;

export interface GenerateOptions {
  /** Module specifier the generated code imports the DSL from. */
  readonly dslImport: string;
  /** `fileName` of the generated bundle (what `zisflow build` writes). */
  readonly fileName: string;
  /** Raw edits found by a previous round (written into the module). */
  readonly edits?: EditList;
}

export interface GeneratedModule {
  /** The whole module as text. */
  readonly code: string;
  /** The DSL names it imports, sorted. */
  readonly imports: readonly string[];
  /** Everything after the import declaration. */
  readonly statements: string;
  /** Raw edits the generator itself knows it needs (states and resources it cannot express). */
  readonly edits: EditList;
}

const DSL_EXPORTS = [
  "action",
  "and",
  "booleanEquals",
  "bundle",
  "choice",
  "createLink",
  "deleteLink",
  "fail",
  "flow",
  "httpAction",
  "integrationKey",
  "invoke",
  "isNull",
  "isPresent",
  "jobSpec",
  "jq",
  "loadConfig",
  "loadLinks",
  "map",
  "not",
  "numericEquals",
  "numericGreaterThan",
  "numericGreaterThanEquals",
  "numericLessThan",
  "numericLessThanEquals",
  "or",
  "param",
  "pass",
  "patchConfig",
  "patchLink",
  "path",
  "str",
  "stringEquals",
  "stringGreaterThan",
  "stringGreaterThanEquals",
  "stringLessThan",
  "stringLessThanEquals",
  "succeed",
  "timestampEquals",
  "timestampGreaterThan",
  "timestampGreaterThanEquals",
  "timestampLessThan",
  "timestampLessThanEquals",
  "tpl",
  "wait",
];

/** The TypeScript type of a built-in's parameter read by reference (the typed builders reject Ref<unknown>). */
const PARAMETER_TYPES: Record<ParameterType, LeafType | undefined> = {
  string: "string",
  number: "number",
  object: undefined,
  any: undefined,
};

const KNOWN_SOURCES = Object.keys(KNOWN_EVENT_SOURCES);

const UNCHECKED_EVENT_COMMENT =
  "// The flow's input type is inferred from the paths it reads. Type it with EventInput<source, type> to have\n" +
  "// the job spec check that the event carries what the flow reads, and drop <string, string>.\n";

/** The TypeScript type of a path a comparison reads, by what it compares. */
const OPERAND_TYPES: Record<"string" | "number" | "boolean" | "timestamp", LeafType> = {
  string: "string",
  number: "number",
  boolean: "boolean",
  timestamp: "string",
};

/** Writes TypeScript that rebuilds `bundle` with the DSL. */
export class ModuleGenerator {
  readonly #bundle: Raw;
  readonly #options: GenerateOptions;
  readonly #namer = new Namer(DSL_EXPORTS);
  readonly #used = new Set<string>(["bundle"]);
  readonly #params = new Map<string, { ident: string; placeholder: string }>();
  readonly #edits: EditList = { set: {}, remove: [], order: {} };
  readonly #actions = new Map<string, { ident: string; key: string; parameters: ShapeTree }>();
  /** Scope variables referenced since the last reset (an unused `$` parameter is left out). */
  readonly #scopesUsed = new Set<string>();
  readonly #calledActions = new Set<string>();
  readonly #integration: string;

  /** Per custom action: how many Action states call it, and how often each parameter is passed. */
  readonly #callers = new Map<string, { calls: number; keys: Map<string, number> }>();

  constructor(bundle: Raw, options: GenerateOptions) {
    this.#bundle = bundle;
    this.#options = options;
    this.#integration = dominantIntegration(this.#integrationSegments()) ?? DEFAULT_INTEGRATION_PLACEHOLDER;
    this.#scanCallers(bundle.resources);
  }

  #scanCallers(value: unknown): void {
    if (Array.isArray(value)) value.forEach((v) => this.#scanCallers(v));
    else if (isJsonObject(value)) {
      if (value.Type === "Action" && typeof value.ActionName === "string") {
        const parsed = parseActionName(value.ActionName);
        if (parsed.kind === "custom") {
          const entry = this.#callers.get(parsed.name) ?? { calls: 0, keys: new Map() };
          entry.calls++;
          for (const key of Object.keys(isJsonObject(value.Parameters) ? value.Parameters : {})) {
            const plain = key.replace(/\.\$$/, "");
            entry.keys.set(plain, (entry.keys.get(plain) ?? 0) + 1);
          }
          this.#callers.set(parsed.name, entry);
        }
      }
      for (const member of Object.values(value)) this.#scanCallers(member);
    }
  }

  generate(): GeneratedModule {
    const resources = isJsonObject(this.#bundle.resources) ? this.#bundle.resources : {};
    const entries = Object.entries(resources).filter((e): e is [string, Raw] => isJsonObject(e[1]));
    const body: string[] = [];
    for (const [key, resource] of entries)
      if (resource.type === "ZIS::Action::Http") body.push(this.#action(key, resource));
    const flows = new Map<string, string>();
    for (const [key, resource] of entries) {
      if (resource.type !== "ZIS::Flow") continue;
      const { code, ident, name } = this.#flow(key, resource);
      body.push(code);
      flows.set(name, ident);
    }
    const jobSpecs: string[] = [];
    const triggered = new Set<string>();
    for (const [key, resource] of entries) {
      if (resource.type === "ZIS::JobSpec") {
        const spec = this.#jobSpec(key, resource, flows);
        if (spec) {
          body.push(spec.code);
          jobSpecs.push(spec.ident);
          triggered.add(spec.flow);
        }
      } else if (resource.type !== "ZIS::Action::Http" && resource.type !== "ZIS::Flow") {
        this.#edits.set[toPointer(["resources", key])] = resource;
      }
    }
    const untriggered = [...flows].filter(([name]) => !triggered.has(name)).map(([, ident]) => ident);
    const unused = [...this.#actions]
      .filter(([name]) => !this.#calledActions.has(name))
      .map(([, a]) => a.ident);

    const props: string[] = [`name: ${JSON.stringify(this.#bundle.name ?? "")}`];
    if (this.#bundle.description !== undefined)
      props.push(`description: ${JSON.stringify(this.#bundle.description)}`);
    props.push(`fileName: ${JSON.stringify(this.#options.fileName)}`);
    if (this.#integration !== DEFAULT_INTEGRATION_PLACEHOLDER)
      props.push(`integrationPlaceholder: ${JSON.stringify(this.#integration)}`);
    if (jobSpecs.length > 0) props.push(`jobSpecs: [${jobSpecs.join(", ")}]`);
    if (untriggered.length > 0) props.push(`flows: [${untriggered.join(", ")}]`);
    if (unused.length > 0) props.push(`actions: [${unused.join(", ")}]`);
    const edits = mergeEdits(this.#edits, this.#options.edits);
    if (edits) props.push(`raw: ${JSON.stringify(edits)}`);

    const params = [...this.#params.entries()].map(
      ([name, { ident, placeholder }]) =>
        `const ${ident} = param(${JSON.stringify(name)}${placeholder !== name ? `, { placeholder: ${JSON.stringify(placeholder)} }` : ""});`,
    );
    const imports = [...this.#used].sort();
    const statements = [
      ...(params.length > 0 ? [...params, ""] : []),
      ...body,
      `export default bundle({\n  ${props.join(",\n  ")},\n});`,
      "",
    ].join("\n");
    const code = `import { ${imports.join(", ")} } from ${JSON.stringify(this.#options.dslImport)};\n\n${statements}`;
    return { code, imports, statements, edits: this.#edits };
  }

  #use(name: string): string {
    this.#used.add(name);
    return name;
  }

  #integrationSegments(): string[] {
    const segments: string[] = [];
    const visit = (value: unknown): void => {
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
    visit(this.#bundle.resources);
    return segments;
  }

  // ---- custom actions -------------------------------------------------------------------------------

  #action(key: string, resource: Raw): string {
    const properties = isJsonObject(resource.properties) ? resource.properties : {};
    const name = typeof properties.name === "string" ? properties.name : key;
    const ident = this.#namer.take(camelCase(name), "Action");
    const definition = isJsonObject(properties.definition) ? properties.definition : {};
    const shape = new ShapeTree();
    this.#actions.set(name, { ident, key, parameters: shape });
    this.#scopesUsed.clear();
    const members: string[] = [];
    const method =
      typeof definition.method === "string" && (HTTP_METHODS as readonly string[]).includes(definition.method)
        ? definition.method
        : "GET";
    members.push(`method: ${JSON.stringify(method)}`);
    for (const field of ["url", "path"] as const) {
      const plain = definition[field];
      const dynamic = definition[`${field}.$`];
      if (typeof plain === "string") members.push(`${field}: ${this.#plainText(plain)}`);
      else if (typeof dynamic === "string")
        members.push(`${field}: ${this.#dollarValue(dynamic, "$", shape, "string")}`);
    }
    if (typeof definition.connectionName === "string")
      members.push(`connectionName: ${JSON.stringify(definition.connectionName)}`);
    for (const field of ["headers", "queryParams"] as const) {
      const pairs = keyValuePairs(definition[field]);
      if (pairs)
        members.push(
          `${field}: { ${pairs.map(([k, v]) => `${propertyKey(k)}: ${this.#keyValue(v, shape)}`).join(", ")} }`,
        );
    }
    if (isJsonObject(definition.requestBody))
      members.push(`requestBody: ${this.#dynamicObject(definition.requestBody, "$", shape)}`);
    else if (
      typeof definition["requestBody.$"] === "string" &&
      classifyDollarValue(definition["requestBody.$"]) === "path"
    )
      members.push(`requestBody: ${this.#ref(definition["requestBody.$"], "$", shape)}`);
    const options = key !== name ? `, { key: ${JSON.stringify(key)} }` : "";
    const parameter = this.#scopesUsed.has("$") ? "($)" : "()";
    // Parameters: what the definition reads plus what callers pass; optional unless every caller passes it.
    const callers = this.#callers.get(name);
    const optional = new Set<string>();
    for (const passed of callers?.keys.keys() ?? []) shape.use([passed]);
    for (const member of shape.topLevelKeys())
      if ((callers?.keys.get(member) ?? 0) < (callers?.calls ?? 0) || !callers) optional.add(member);
    return `const ${ident} = ${this.#use("httpAction")}<${shape.render(false, optional)}>(${JSON.stringify(name)}, ${parameter} => ({\n  ${members.join(",\n  ")},\n})${options});\n`;
  }

  #keyValue(entry: Raw, shape: ShapeTree): string {
    if (typeof entry["value.$"] === "string")
      return this.#dollarValue(entry["value.$"], "$", shape, "string");
    return this.#plainText(String(entry.value));
  }

  // ---- flows ------------------------------------------------------------------------------------------

  #flow(key: string, resource: Raw): { code: string; ident: string; name: string } {
    const properties = isJsonObject(resource.properties) ? resource.properties : {};
    const name = typeof properties.name === "string" ? properties.name : key;
    const ident = this.#namer.take(camelCase(name), "Flow");
    const definition = isJsonObject(properties.definition) ? properties.definition : {};
    const dataType = this.#namer.take(`${pascalCase(name)}Data`);
    const at: PointerSegment[] = ["resources", key, "properties", "definition"];
    this.#scopesUsed.clear();
    const machine = this.#machine(definition, at, "$", this.#namer.child());
    const parameter = this.#scopesUsed.has("$") ? "($)" : "()";
    const options: string[] = [];
    if (typeof definition.Comment === "string")
      options.push(`comment: ${JSON.stringify(definition.Comment)}`);
    if (key !== name) options.push(`key: ${JSON.stringify(key)}`);
    const code =
      `${machine.types}interface ${dataType} ${machine.shape.render(true)}\n\n` +
      `export const ${ident} = ${this.#use("flow")}<${dataType}>(${JSON.stringify(name)}, ${parameter} => {\n${machine.body}}${options.length ? `, { ${options.join(", ")} }` : ""});\n`;
    return { code, ident, name };
  }

  /** A state machine's states as statements; `scope` is the proxy variable of its data. */
  #machine(definition: Raw, at: PointerSegment[], scope: string, namer: Namer) {
    const shape = new ShapeTree();
    const states = isJsonObject(definition.States)
      ? Object.entries(definition.States).filter((e): e is [string, Raw] => isJsonObject(e[1]))
      : [];
    const idents = new Map(states.map(([name]) => [name, namer.take(camelCase(name), "State")]));
    const declarations: string[] = [];
    const wiring: string[] = [];
    let types = "";
    for (const [name, state] of states) {
      const stateAt = [...at, "States", name];
      const result = this.#state(name, state, stateAt, scope, shape, idents, namer);
      if (!result) {
        declarations.push(`const ${idents.get(name)} = ${this.#use("pass")}(${JSON.stringify(name)});`);
        this.#edits.set[toPointer(stateAt)] = state;
        continue;
      }
      declarations.push(`const ${idents.get(name)} = ${result.declaration};`);
      wiring.push(...result.wiring);
      types += result.types;
    }
    const start = typeof definition.StartAt === "string" ? idents.get(definition.StartAt) : undefined;
    if (!start) {
      this.#edits.set[toPointer([...at, "StartAt"])] = definition.StartAt ?? null;
    }
    const first = start ?? [...idents.values()][0] ?? `${this.#use("succeed")}("Done")`;
    const indent = "  ";
    const body =
      declarations.map((d) => `${indent}${d}\n`).join("") +
      (wiring.length ? `\n${wiring.map((w) => `${indent}${w}\n`).join("")}` : "") +
      `${indent}return ${first};\n`;
    return { shape, body, types };
  }

  /** A state's declaration and wiring, or undefined when the builders cannot express it. */
  #state(
    name: string,
    state: Raw,
    at: PointerSegment[],
    scope: string,
    shape: ShapeTree,
    idents: Map<string, string>,
    namer: Namer,
  ): { declaration: string; wiring: string[]; types: string } | undefined {
    const ident = idents.get(name)!;
    const props: string[] = [];
    const wiring: string[] = [];
    let types = "";
    const comment = typeof state.Comment === "string" ? state.Comment : undefined;
    const target = (next: unknown): string | undefined =>
      typeof next === "string" ? idents.get(next) : undefined;
    const chain = () => {
      const next = target(state.Next);
      if (next) wiring.push(`${ident}.next(${next});`);
    };
    const resultPath = () => {
      if (typeof state.ResultPath === "string")
        props.push(`resultPath: ${this.#ref(state.ResultPath, scope, shape)}`);
    };
    const errorHandling = () => {
      for (const retry of Array.isArray(state.Retry) ? state.Retry : []) {
        if (!isJsonObject(retry)) continue;
        const fields: string[] = [];
        if (typeof retry.IntervalSeconds === "number")
          fields.push(`intervalSeconds: ${retry.IntervalSeconds}`);
        if (typeof retry.MaxAttempts === "number") fields.push(`maxAttempts: ${retry.MaxAttempts}`);
        if (typeof retry.BackoffRate === "number") fields.push(`backoffRate: ${retry.BackoffRate}`);
        if (typeof retry.Comment === "string") fields.push(`comment: ${JSON.stringify(retry.Comment)}`);
        wiring.push(`${ident}.retry({ ${fields.join(", ")} });`);
      }
      for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
        if (!isJsonObject(catcher)) continue;
        const handler = target(catcher.Next);
        if (!handler) continue;
        const fields: string[] = [];
        if (typeof catcher.ResultPath === "string")
          fields.push(`resultPath: ${this.#ref(catcher.ResultPath, scope, shape)}`);
        if (typeof catcher.Comment === "string") fields.push(`comment: ${JSON.stringify(catcher.Comment)}`);
        wiring.push(`${ident}.catch(${handler}${fields.length ? `, { ${fields.join(", ")} }` : ""});`);
      }
    };
    const withComment = () =>
      comment !== undefined ? [`comment: ${JSON.stringify(comment)}`, ...props] : props;
    const propsArg = () => {
      const all = withComment();
      return all.length ? `, { ${all.join(", ")} }` : "";
    };
    switch (state.Type) {
      case "Pass": {
        if (state.Result !== undefined) props.push(`result: ${JSON.stringify(state.Result)}`);
        resultPath();
        chain();
        return { declaration: `${this.#use("pass")}(${JSON.stringify(name)}${propsArg()})`, wiring, types };
      }
      case "Wait": {
        if (typeof state.Seconds === "number") props.push(`seconds: ${state.Seconds}`);
        else if (typeof state.SecondsPath === "string")
          props.push(`secondsPath: ${this.#ref(state.SecondsPath, scope, shape, "number")}`);
        else return undefined;
        chain();
        return {
          declaration: `${this.#use("wait")}(${JSON.stringify(name)}, { ${withComment().join(", ")} })`,
          wiring,
          types,
        };
      }
      case "Succeed": {
        if (typeof state.Message === "string")
          props.push(`message: ${this.#text(state.Message, scope, shape)}`);
        return {
          declaration: `${this.#use("succeed")}(${JSON.stringify(name)}${propsArg()})`,
          wiring,
          types,
        };
      }
      case "Fail": {
        if (typeof state.Error !== "string" || typeof state.Cause !== "string") return undefined;
        props.push(
          `error: ${this.#text(state.Error, scope, shape)}`,
          `cause: ${this.#text(state.Cause, scope, shape)}`,
        );
        return {
          declaration: `${this.#use("fail")}(${JSON.stringify(name)}, { ${withComment().join(", ")} })`,
          wiring,
          types,
        };
      }
      case "Choice": {
        if (!Array.isArray(state.Choices)) return undefined;
        const rules: string[] = [];
        for (const rule of state.Choices) {
          if (!isJsonObject(rule)) return undefined;
          const condition = this.#condition(rule, scope, shape);
          const next = target(rule.Next);
          if (!condition || !next) return undefined;
          rules.push(
            `.when(${condition}, ${next}${typeof rule.Comment === "string" ? `, { comment: ${JSON.stringify(rule.Comment)} }` : ""})`,
          );
        }
        const otherwise = target(state.Default);
        wiring.push(`${ident}${rules.join("")}${otherwise ? `.otherwise(${otherwise})` : ""};`);
        return { declaration: `${this.#use("choice")}(${JSON.stringify(name)}${propsArg()})`, wiring, types };
      }
      case "Action": {
        if (typeof state.ActionName !== "string") return undefined;
        const call = this.#call(
          state.ActionName,
          isJsonObject(state.Parameters) ? state.Parameters : {},
          scope,
          shape,
        );
        if (!call) return undefined;
        if (typeof state.TimeoutSeconds === "number") props.push(`timeoutSeconds: ${state.TimeoutSeconds}`);
        resultPath();
        errorHandling();
        chain();
        return {
          declaration: `${this.#use("action")}(${JSON.stringify(name)}, ${call}${propsArg()})`,
          wiring,
          types,
        };
      }
      case "Map": {
        if (typeof state.ItemsPath !== "string" || !isJsonObject(state.Iterator)) return undefined;
        const itemType = this.#namer.take(`${pascalCase(name)}Item`);
        const itemsPath = parseReferencePath(state.ItemsPath);
        if (!itemsPath.ok || itemsPath.segments.some((s) => typeof s === "number" && s > MAX_PROXY_INDEX))
          return undefined;
        shape.use(itemsPath.segments, { array: itemType });
        const itemScope = namer.take("item");
        const iterator = this.#machine(state.Iterator, [...at, "Iterator"], itemScope, namer.child());
        types += `${iterator.types}interface ${itemType} ${iterator.shape.render(false)}\n\n`;
        this.#scopesUsed.add(scope);
        props.push(`itemsPath: ${scope}${accessChain(itemsPath.segments)}`);
        props.push(
          `iterator: (${this.#scopesUsed.has(itemScope) ? itemScope : ""}) => {\n${iterator.body.replace(/^/gm, "  ")}}`,
        );
        resultPath();
        errorHandling();
        chain();
        return {
          declaration: `${this.#use("map")}(${JSON.stringify(name)}, { ${withComment().join(", ")} })`,
          wiring,
          types,
        };
      }
      default:
        return undefined;
    }
  }

  #call(actionName: string, parameters: Raw, scope: string, shape: ShapeTree): string | undefined {
    const parsed = parseActionName(actionName);
    switch (parsed.kind) {
      case "jq": {
        const keys = Object.keys(parameters);
        const expected = keys.map((k) => k.replace(/\.\$$/, ""));
        if (expected.join(",") !== "expr,data") return undefined;
        const expr =
          typeof parameters.expr === "string"
            ? JSON.stringify(parameters.expr)
            : typeof parameters["expr.$"] === "string" &&
                classifyDollarValue(parameters["expr.$"]) === "template"
              ? this.#template(parameters["expr.$"], scope, shape)
              : undefined;
        let data: string | undefined;
        if (typeof parameters["data.$"] === "string" && classifyDollarValue(parameters["data.$"]) === "path")
          data = this.#ref(parameters["data.$"], scope, shape);
        else if (isJsonObject(parameters.data)) data = this.#dynamicObject(parameters.data, scope, shape);
        else if (typeof parameters.data === "string") data = JSON.stringify(parameters.data);
        if (!expr || !data) return undefined;
        return `${this.#use("jq")}(${expr}, ${data})`;
      }
      case "builtin": {
        if (!parsed.known) return undefined;
        const taken: Readonly<Record<string, ParameterType>> = BUILTIN_ACTION_SPECS[parsed.name].parameters;
        if (!Object.keys(parameters).every((key) => Object.hasOwn(taken, key.replace(/\.\$$/, ""))))
          return undefined;
        // The link objects' fields are typed where they are (#dynamicObject passes these types into them).
        const types: Record<string, LeafType> = {};
        for (const [name, type] of Object.entries({ ...taken, ...LINK_OBJECT_FIELDS }))
          if (PARAMETER_TYPES[type]) types[name] = PARAMETER_TYPES[type];
        return `${this.#use(BUILTIN_BUILDERS[parsed.name].name)}(${this.#dynamicObject(parameters, scope, shape, types)})`;
      }
      case "custom": {
        const action = this.#actions.get(parsed.name);
        if (!action) return undefined;
        this.#calledActions.add(parsed.name);
        const types: Record<string, LeafType> = {};
        for (const key of Object.keys(parameters)) {
          const plain = key.replace(/\.\$$/, "");
          const type = action.parameters.typeAt([plain]);
          if (type) types[plain] = type;
        }
        return `${this.#use("invoke")}(${action.ident}, ${this.#dynamicObject(parameters, scope, shape, types)})`;
      }
      case "invalid":
        return undefined;
    }
  }

  #condition(rule: Raw, scope: string, shape: ShapeTree): string | undefined {
    const keys = Object.keys(rule).filter((k) => k !== "Next" && k !== "Comment");
    const parsed = classifyRule(rule);
    switch (parsed.kind) {
      case "and":
      case "or": {
        if (keys.length !== 1) return undefined;
        const parts = parsed.rules.map((sub) =>
          isJsonObject(sub) && sub.Next === undefined ? this.#condition(sub, scope, shape) : undefined,
        );
        if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
        return `${this.#use(parsed.kind)}(${parts.join(", ")})`;
      }
      case "not": {
        if (keys.length !== 1 || !isJsonObject(parsed.rule) || parsed.rule.Next !== undefined)
          return undefined;
        const inner = this.#condition(parsed.rule, scope, shape);
        return inner ? `${this.#use("not")}(${inner})` : undefined;
      }
      case "malformed":
        return undefined;
      case "comparison": {
        const { operator, operand, variable } = parsed;
        if (typeof variable !== "string" || keys.length !== 2) return undefined;
        const { values, operandIsPath } = COMPARISON_OPERATORS[operator];
        const fn = this.#use(camelCase(literalOperator(operator)));
        if (values === "presence" || values === "null") {
          if (typeof operand !== "boolean") return undefined;
          return `${fn}(${this.#ref(variable, scope, shape)}${operand ? "" : ", false"})`;
        }
        const type = OPERAND_TYPES[values];
        if (operandIsPath) {
          if (typeof operand !== "string") return undefined;
          return `${fn}(${this.#ref(variable, scope, shape, type)}, ${this.#ref(operand, scope, shape, type)})`;
        }
        if (typeof operand !== (values === "timestamp" ? "string" : values)) return undefined;
        return `${fn}(${this.#ref(variable, scope, shape, type)}, ${JSON.stringify(operand)})`;
      }
    }
  }

  // ---- job specs ----------------------------------------------------------------------------------

  #jobSpec(key: string, resource: Raw, flows: Map<string, string>) {
    const properties = isJsonObject(resource.properties) ? resource.properties : {};
    const { name, event_source, event_type, flow_name } = properties;
    const parsed = typeof flow_name === "string" ? parseFlowReference(flow_name) : undefined;
    const flowIdent = parsed?.ok ? flows.get(parsed.name) : undefined;
    const expressible =
      typeof name === "string" &&
      typeof event_source === "string" &&
      typeof event_type === "string" &&
      flowIdent !== undefined &&
      parsed?.ok &&
      parsed.integration === this.#integration &&
      Object.keys(properties).length === 4;
    if (!expressible || !parsed?.ok) {
      this.#edits.set[toPointer(["resources", key])] = resource;
      return undefined;
    }
    const ident = this.#namer.take(camelCase(name as string), "JobSpec");
    // The flow's input type is inferred from the paths it reads, not taken from the event catalog, so the job
    // spec's event check would compare two unrelated types; it is turned off, visibly, for ZIS's own events.
    const checked = !(KNOWN_SOURCES as readonly string[]).includes(event_source as string);
    const keyOption = key !== name ? `, key: ${JSON.stringify(key)}` : "";
    return {
      ident,
      flow: parsed.name,
      code:
        (checked ? "" : UNCHECKED_EVENT_COMMENT) +
        `export const ${ident} = ${this.#use("jobSpec")}${checked ? "" : "<string, string>"}(${JSON.stringify(name)}, {\n  event_source: ${JSON.stringify(event_source)},\n  event_type: ${JSON.stringify(event_type)},\n  flow: ${flowIdent}${keyOption},\n});\n`,
    };
  }

  // ---- values ---------------------------------------------------------------------------------------

  /** A reference path as a proxy expression (or `path<T>(…)` when the proxy cannot, or the type does not, fit). */
  #ref(text: string, scope: string, shape: ShapeTree, type?: LeafType): string {
    const parsed = parseReferencePath(text);
    const typeArgument = type ? `<${type}>` : "";
    if (!parsed.ok || parsed.segments.some((s) => typeof s === "number" && s > MAX_PROXY_INDEX))
      return `${this.#use("path")}${typeArgument}(${JSON.stringify(text)})`;
    if (type) {
      const known = shape.typeAt(parsed.segments);
      if (known !== undefined && known !== type)
        return `${this.#use("path")}${typeArgument}(${JSON.stringify(text)})`;
    }
    if (!isInitialKey(parsed.segments, scope)) shape.use(parsed.segments, type ?? "unknown");
    this.#scopesUsed.add(scope);
    return `${scope}${accessChain(parsed.segments)}`;
  }

  #dollarValue(value: string, scope: string, shape: ShapeTree, type?: LeafType): string {
    return classifyDollarValue(value) === "path"
      ? this.#ref(value, scope, shape, type)
      : this.#template(value, scope, shape);
  }

  /** A `{{…}}` template as a tpl`` expression. */
  #template(text: string, scope: string, shape: ShapeTree): string {
    let out = "";
    let offset = 0;
    for (const placeholder of findPlaceholders(text)) {
      out += escapeTemplate(text.slice(offset, placeholder.start));
      out += "${" + this.#ref(placeholder.path, scope, shape) + "}";
      offset = placeholder.end;
    }
    out += escapeTemplate(text.slice(offset));
    return `${this.#use("tpl")}\`${out}\``;
  }

  /** Succeed Message / Fail Error and Cause: text whose placeholders are interpolated. */
  #text(text: string, scope: string, shape: ShapeTree): string {
    return findPlaceholders(text).length > 0 ? this.#template(text, scope, shape) : this.#plainText(text);
  }

  /** A plain string; recognisable build-parameter placeholders become `param(...)`. */
  #plainText(text: string): string {
    if (findPlaceholders(text).length > 0) return JSON.stringify(text);
    const pieces = this.#paramPieces(text);
    if (pieces.every((p) => typeof p === "string")) return JSON.stringify(text);
    if (pieces.length === 1) return (pieces[0] as { ident: string }).ident;
    const body = pieces
      .map((p) => (typeof p === "string" ? escapeTemplate(p) : "${" + p.ident + "}"))
      .join("");
    return `${this.#use("str")}\`${body}\``;
  }

  #paramPieces(text: string): Array<string | { ident: string }> {
    const token =
      /\$\{([A-Z][A-Z0-9_]*)\}|%([A-Z][A-Z0-9_]*)%|\{\{([A-Za-z_][A-Za-z0-9_<>]*)\}\}|\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_PLACEHOLDER)\b|^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$/g;
    const pieces: Array<string | { ident: string }> = [];
    let offset = 0;
    for (const match of text.matchAll(token)) {
      const name = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5]!;
      if (match.index > offset) pieces.push(text.slice(offset, match.index));
      pieces.push({ ident: this.#param(name, match[0]) });
      offset = match.index + match[0].length;
    }
    if (offset < text.length) pieces.push(text.slice(offset));
    return pieces;
  }

  #param(name: string, placeholder: string): string {
    if (placeholder === this.#integration) return this.#use("integrationKey");
    const existing = this.#params.get(name);
    if (existing) return existing.ident;
    this.#use("param");
    const ident = this.#namer.take(name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^([0-9])/, "_$1"));
    this.#params.set(name, { ident, placeholder });
    return ident;
  }

  /** An object of Parameters / request body / metadata: `key.$` members become refs and templates. */
  #dynamicObject(
    object: Raw,
    scope: string,
    shape: ShapeTree,
    types: Readonly<Record<string, LeafType>> = {},
  ): string {
    const members: string[] = [];
    const seen = new Set<string>();
    for (const [key, value] of Object.entries(object)) {
      const plainKey = key.endsWith(".$") ? key.slice(0, -2) : key;
      if (seen.has(plainKey)) continue;
      seen.add(plainKey);
      if (key.endsWith(".$")) {
        if (typeof value !== "string") continue;
        members.push(`${propertyKey(plainKey)}: ${this.#dollarValue(value, scope, shape, types[plainKey])}`);
      } else
        members.push(
          `${propertyKey(key)}: ${this.#dynamicValue(value, scope, shape, key === "left_object" || key === "right_object" ? types : {})}`,
        );
    }
    return `{ ${members.join(", ")} }`;
  }

  #dynamicValue(
    value: JsonValue,
    scope: string,
    shape: ShapeTree,
    types: Readonly<Record<string, LeafType>> = {},
  ): string {
    if (typeof value === "string") return this.#plainText(value);
    if (Array.isArray(value))
      return `[${value.map((item) => this.#dynamicValue(item, scope, shape)).join(", ")}]`;
    if (isJsonObject(value)) return this.#dynamicObject(value, scope, shape, types);
    return JSON.stringify(value);
  }
}

function keyValuePairs(list: unknown): Array<[string, Raw]> | undefined {
  if (!Array.isArray(list)) return undefined;
  const pairs: Array<[string, Raw]> = [];
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.key !== "string") return undefined;
    const keys = Object.keys(item);
    const valueKey = keys.find((k) => k === "value" || k === "value.$");
    if (keys.length !== 2 || !valueKey || typeof item[valueKey] !== "string" || keys[0] !== "key")
      return undefined;
    if (pairs.some(([k]) => k === item.key)) return undefined;
    pairs.push([item.key, item]);
  }
  return pairs;
}

function accessChain(segments: readonly PathSegment[]): string {
  return segments.map((s) => (typeof s === "number" ? `[${s}]` : memberAccess(s))).join("");
}

/** account_id, integration_key and subdomain are typed by the DSL already. */
function isInitialKey(segments: readonly PathSegment[], scope: string): boolean {
  return (
    scope === "$" &&
    typeof segments[0] === "string" &&
    ["account_id", "integration_key", "subdomain"].includes(segments[0])
  );
}

/** Text as the literal part of a template literal. */
function escapeTemplate(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/`/g, "\\`")
    .replace(/\$\{/g, "\\${")
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
}

function mergeEdits(a: EditList, b: EditList | undefined): EditList | undefined {
  const set = { ...a.set, ...(b?.set ?? {}) };
  const remove = [...a.remove, ...(b?.remove ?? [])];
  const order = { ...a.order, ...(b?.order ?? {}) };
  const merged: EditList = { set, remove, order };
  const empty = Object.keys(set).length === 0 && remove.length === 0 && Object.keys(order).length === 0;
  return empty ? undefined : merged;
}
