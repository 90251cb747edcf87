/**
 * JSON documents as the fuzzer builds them: JSON values with `JsonText` leaves, JSON text written out verbatim.
 * Values deeper than any call stack are such text (built with String.prototype.repeat, written at once), so that
 * documents themselves stay shallow enough for JSON.stringify.
 */

/** The texts of the JsonText leaves the JSON.stringify call in progress has met (see toJsonText). */
let spliced: string[] = [];

/** JSON text written as is: deep nesting, and numbers a double cannot hold or JSON.stringify would change. */
export class JsonText {
  constructor(readonly text: string) {}

  /** JSON.stringify writes a marker for the text, which toJsonText then replaces with it. */
  toJSON(): string {
    spliced.push(this.text);
    return `\u0000${spliced.length - 1}\u0000`;
  }
}

const MARKER = /"\\u0000(\d+)\\u0000"/g;

export function toJsonText(document: unknown): string {
  spliced = [];
  const text = JSON.stringify(document);
  const texts = spliced;
  spliced = [];
  return texts.length === 0 ? text : text.replace(MARKER, (_, index: string) => texts[Number(index)]!);
}

export type JsonContainer = Record<string, unknown> | unknown[];

export const isContainer = (value: unknown): value is JsonContainer =>
  value !== null && typeof value === "object" && !(value instanceof JsonText);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  isContainer(value) && !Array.isArray(value);

/** Sets an own member, even one named `__proto__` (an assignment would set the prototype instead). */
export function setMember(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An object with these members, each an own property (see setMember). */
export function objectOf(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) setMember(result, key, value);
  return result;
}

/** A deep copy; JsonText leaves are shared (they never change). */
export function cloneDocument(document: unknown): unknown {
  if (Array.isArray(document)) return document.map(cloneDocument);
  if (!isRecord(document)) return document;
  return objectOf(Object.entries(document).map(([key, value]) => [key, cloneDocument(value)] as const));
}

/** Indented JSON when parsing and writing again gives the same text (else the compact text, unchanged). */
export function readableJson(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (JSON.stringify(value) === text) return JSON.stringify(value, null, 2) + "\n";
  } catch {
    // Deeper than JSON.stringify goes: kept compact.
  }
  return text;
}
