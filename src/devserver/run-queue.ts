import { setImmediate as turnOfEventLoop } from "node:timers/promises";

/** What requests may wait for: the queue to drain, or one run to end. */
export interface RunWaits {
  /** Resolves once no run is queued or running (runs queued meanwhile included). */
  idle(): Promise<void>;
  /** Resolves once the run has ended; at once for a run that is neither queued nor running. */
  ended(runId: number): Promise<void>;
}

/**
 * Flow runs, one after another in the order they were queued, off the path of the request that queued them.
 * The event loop turns before each run, so the server answers the requests that came in meanwhile.
 */
export class RunQueue<Job extends { readonly runId: number }> implements RunWaits {
  readonly #perform: (job: Job) => Promise<void>;
  readonly #abandon: (job: Job) => void;
  readonly #queued: Job[] = [];
  /** Resolves `ended` of each run queued or running. */
  readonly #endings = new Map<number, { readonly ended: Promise<void>; readonly end: () => void }>();
  #draining: Promise<void> | undefined;
  #stopped = false;

  /**
   * @param perform runs a job and records its outcome; it must not throw.
   * @param abandon records a job the queue will never run because it stopped.
   */
  constructor(perform: (job: Job) => Promise<void>, abandon: (job: Job) => void) {
    this.#perform = perform;
    this.#abandon = abandon;
  }

  add(job: Job): void {
    if (this.#stopped) return this.#abandon(job);
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.#endings.set(job.runId, { ended, end });
    this.#queued.push(job);
    this.#draining ??= this.#drain();
  }

  idle(): Promise<void> {
    return this.#draining ?? Promise.resolve();
  }

  ended(runId: number): Promise<void> {
    return this.#endings.get(runId)?.ended ?? Promise.resolve();
  }

  /** Abandons the queued jobs, and resolves when the one running (if any) has ended. Later jobs are abandoned. */
  stop(): Promise<void> {
    this.#stopped = true;
    for (const job of this.#queued.splice(0)) {
      this.#abandon(job);
      this.#end(job);
    }
    return this.idle();
  }

  async #drain(): Promise<void> {
    for (;;) {
      await turnOfEventLoop();
      const job = this.#queued.shift();
      if (!job) break;
      await this.#perform(job);
      this.#end(job);
    }
    this.#draining = undefined;
  }

  #end(job: Job): void {
    this.#endings.get(job.runId)?.end();
    this.#endings.delete(job.runId);
  }
}
