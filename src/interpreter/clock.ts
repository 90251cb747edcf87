/** Time as the interpreter sees it. Wait states and Retry intervals sleep on it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(seconds: number): Promise<void>;
}

/**
 * A clock that never really waits: `sleep` moves time forward at once, so tests of Wait and Retry take no
 * wall time and can assert exactly how long the flow would have waited.
 */
export class VirtualClock implements Clock {
  #now: number;
  readonly sleeps: number[] = [];
  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === "number" ? start : start.getTime();
  }
  now(): number {
    return this.#now;
  }
  async sleep(seconds: number): Promise<void> {
    this.sleeps.push(seconds);
    this.#now += seconds * 1000;
  }
  /** Seconds slept in total. */
  get elapsedSeconds(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}
