/**
 * A cache of what was made from a key, forgetting the oldest entry past `limit`: paths, jq programs and patterns
 * come from bundles and data, and `zisflow dev` runs for days.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  /** @param limit how many entries it keeps */
  constructor(readonly limit: number) {}

  /** The value made for `key`, made now by `make` if it is not kept. */
  get(key: K, make: (key: K) => V): V {
    if (this.#entries.has(key)) return this.#entries.get(key)!;
    const value = make(key);
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, value);
    return value;
  }
}
