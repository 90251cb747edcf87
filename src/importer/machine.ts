import { isJsonObject } from "../model/json.js";
import type { PointerSegment } from "../model/pointer.js";
import type { ModuleContext, Raw } from "./module-context.js";
import { camelCase, type Namer } from "./names.js";
import { ShapeTree } from "./shapes.js";
import { emitState, type MachineCode } from "./states/index.js";
import { ValueWriter } from "./values.js";

/**
 * A state machine's states as the statements of its builder callback, whose data is the proxy variable `scope`.
 * A state the builders cannot express is created as a bare `pass(…)` and kept whole in the raw edits.
 */
export function emitMachine(
  definition: Raw,
  at: readonly PointerSegment[],
  scope: string,
  namer: Namer,
  module: ModuleContext,
): MachineCode {
  const values = new ValueWriter(module, scope, new ShapeTree());
  const states = isJsonObject(definition.States)
    ? Object.entries(definition.States).filter((e): e is [string, Raw] => isJsonObject(e[1]))
    : [];
  const idents = new Map(states.map(([name]) => [name, namer.take(camelCase(name), "State")]));
  /** The states some statement names: the others are created without a variable, which nothing would read. */
  const used = new Set<string>();
  const created: Array<{ ident: string; expression: string }> = [];
  const wiring: string[] = [];
  let types = "";
  for (const [name, state] of states) {
    const ident = idents.get(name)!;
    const stateAt = [...at, "States", name];
    const targets = new Set<string>();
    const restoreModule = module.checkpoint();
    const restoreShape = values.shape.checkpoint();
    const statements = emitState(state, {
      name,
      ident,
      at: stateAt,
      module,
      values,
      namer,
      target: (next) => {
        const targetIdent = typeof next === "string" ? idents.get(next) : undefined;
        if (targetIdent) targets.add(targetIdent);
        return targetIdent;
      },
      machine: (nested, nestedAt, nestedScope) =>
        emitMachine(nested, nestedAt, nestedScope, namer.child(), module),
    });
    if (!statements) {
      // What the emitter met before giving up (imports, parameters, paths) goes with it: the stand-in reads none.
      restoreModule();
      restoreShape();
      created.push({ ident, expression: `${module.use("pass")}(${JSON.stringify(name)})` });
      module.keepRaw(stateAt, state);
      continue;
    }
    created.push({ ident, expression: statements.expression });
    for (const targetIdent of targets) used.add(targetIdent);
    if (statements.wiring.length > 0) used.add(ident);
    wiring.push(...statements.wiring);
    types += statements.types;
  }
  const start = typeof definition.StartAt === "string" ? idents.get(definition.StartAt) : undefined;
  if (!start) module.keepRaw([...at, "StartAt"], definition.StartAt ?? null);
  const first = start ?? [...idents.values()][0] ?? `${module.use("succeed")}("Done")`;
  used.add(first);
  const declarations = created.map(({ ident, expression }) =>
    used.has(ident) ? `const ${ident} = ${expression};` : `${expression};`,
  );
  const indent = "  ";
  const body =
    declarations.map((d) => `${indent}${d}\n`).join("") +
    (wiring.length ? `\n${wiring.map((w) => `${indent}${w}\n`).join("")}` : "") +
    `${indent}return ${first};\n`;
  return { shape: values.shape, body, types };
}
