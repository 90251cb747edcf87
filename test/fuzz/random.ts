import fc from "fast-check";

/**
 * A seeded source of choices (splitmix32): every fuzz case is a function of the campaign seed and its index,
 * so a campaign is deterministic however its cases are spread over workers.
 */
export class Rng {
  #state = 0;

  constructor(...seedParts: readonly number[]) {
    for (const part of seedParts) {
      this.#state = Math.imul(this.#state ^ part, 0x9e3779b1);
      this.next();
    }
  }

  /** An unsigned 32-bit integer. */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) | 0;
    let z = this.#state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** An integer in [0, bound). */
  int(bound: number): number {
    return Math.floor((this.next() / 2 ** 32) * bound);
  }

  chance(probability: number): boolean {
    return this.next() / 2 ** 32 < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rng.pick: nothing to pick from");
    return items[this.int(items.length)]!;
  }

  /** One of the choices, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [weight: number, value: T])[]): T {
    let roll = this.int(choices.reduce((sum, [weight]) => sum + weight, 0));
    for (const [weight, value] of choices) {
      if (roll < weight) return value;
      roll -= weight;
    }
    throw new Error("Rng.weighted: no choices");
  }

  /** An integer in [min, max], log-uniform: each order of magnitude as likely as the next. */
  size(min: number, max: number): number {
    return Math.round(Math.exp(Math.log(min) + (this.next() / 2 ** 32) * (Math.log(max) - Math.log(min))));
  }

  /** One value of a fast-check arbitrary, seeded from this source. */
  sample<T>(arbitrary: fc.Arbitrary<T>): T {
    return fc.sample(arbitrary, { seed: this.int(2 ** 31), numRuns: 1 })[0]!;
  }
}
