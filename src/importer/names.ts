/** Readable, unique JavaScript identifiers for resources and states. */

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async of"
  ).split(" "),
);

/** "zendesk.get_ticket" → "zendeskGetTicket"; "001.ZIS.LoadConfig" → "s001ZisLoadConfig". */
export function camelCase(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "");
  if (words.length === 0) return "value";
  const joined = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join("");
  return /^[0-9]/.test(joined) ? `s${joined}` : joined;
}

export const pascalCase = (name: string): string => {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
};

/** Hands out identifiers that clash neither with each other nor with the names given as taken. */
export class Namer {
  readonly #taken: Set<string>;
  constructor(taken: Iterable<string> = []) {
    this.#taken = new Set([...RESERVED, ...taken]);
  }
  take(wanted: string, suffix = ""): string {
    let name = wanted;
    if (this.#taken.has(name) && suffix) name = `${wanted}${suffix}`;
    for (let i = 2; this.#taken.has(name); i++) name = `${wanted}${suffix}${i}`;
    this.#taken.add(name);
    return name;
  }
  child(): Namer {
    return new Namer(this.#taken);
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An object-literal key: bare when it is an identifier, quoted otherwise. */
export const propertyKey = (key: string): string =>
  IDENTIFIER.test(key) && !RESERVED.has(key) ? key : JSON.stringify(key);

/** A member access on a proxy: `.key` or `["odd key"]`. */
export const memberAccess = (key: string): string =>
  IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
