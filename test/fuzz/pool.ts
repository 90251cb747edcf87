/**
 * The watchdog. Cases run on worker threads, a batch at a time; the main thread only waits. A worker that has not
 * answered a case within the limit is terminated (the case is a hang), one that dies (out of memory, say) is
 * gone (the case is a crash); either way a fresh worker goes on from the next case of the batch.
 */
import { Worker } from "node:worker_threads";
import type { Mode, Outcome } from "./checks.js";

export interface Job {
  readonly index: number;
  /** The case as JSON text. */
  readonly text: string;
}

/** The worker's outcome, or the watchdog's verdict on the case a worker was lost on. */
export type Verdict =
  Outcome | { readonly kind: "hang" } | { readonly kind: "crash"; readonly detail: string };

export interface PoolOptions {
  readonly mode: Mode;
  /** How long a worker may take over one case. */
  readonly limitMs: number;
  readonly workers: number;
  readonly batchSize: number;
}

const RESOURCE_LIMITS = {
  // A case that needs more is a crash (out of memory), not a machine that swaps.
  maxOldGenerationSizeMb: 1536,
  // About the main thread's stack, where the CLI validates and runs: recursion fails as deep as it would there.
  stackSizeMb: 1,
};

/** Loading tsx and the sources takes a few seconds; far longer means the worker cannot start at all. */
const STARTUP_LIMIT_MS = 120_000;

// Plain JavaScript (the worker starts without a TypeScript loader), as in src/cli/watch.ts.
const BOOT_SOURCE = `
const boot = async () => {
  const { workerData } = await import("node:worker_threads");
  (await import(workerData.tsx)).register();
  await import(workerData.entry);
};
boot();
`;

/** One worker thread at a time, under the watchdog, replaced whenever it hangs or dies. */
export class GuardedWorker {
  #worker: Worker | undefined;
  /** Told when the worker dies while a batch is on it. */
  #onLost: ((detail: string) => void) | undefined;

  constructor(
    private readonly mode: Mode,
    private readonly limitMs: number,
  ) {}

  /** Checks every job, in order, telling `onVerdict` of each. */
  async evaluate(jobs: readonly Job[], onVerdict: (job: Job, verdict: Verdict) => void): Promise<void> {
    let rest = jobs;
    while (rest.length > 0) {
      this.#worker ??= await this.#start();
      rest = rest.slice(await this.#batch(this.#worker, rest, onVerdict));
    }
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #start(): Promise<Worker> {
    const worker = new Worker(BOOT_SOURCE, {
      eval: true,
      execArgv: [],
      resourceLimits: RESOURCE_LIMITS,
      workerData: {
        mode: this.mode,
        tsx: import.meta.resolve("tsx/esm/api"),
        entry: new URL("./worker.ts", import.meta.url).href,
      },
    });
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => {
        clearTimeout(timer);
        void worker.terminate();
        reject(error);
      };
      const exited = (code: number) =>
        failed(new Error(`a fuzz worker exited with code ${code} while starting`));
      const timer = setTimeout(() => failed(new Error("a fuzz worker did not start")), STARTUP_LIMIT_MS);
      worker.on("error", failed);
      worker.on("exit", exited);
      worker.once("message", () => {
        clearTimeout(timer);
        worker.off("error", failed);
        worker.off("exit", exited);
        worker.on("error", (error: NodeJS.ErrnoException) =>
          this.#lost(worker, `${error.code ?? error.name}: ${error.message}\n${error.stack ?? ""}`),
        );
        worker.on("exit", (code) => this.#lost(worker, `the worker exited with code ${code}`));
        resolve(worker);
      });
    });
  }

  /** The worker died (or was terminated: then it is no longer this.#worker, and nothing happens). */
  #lost(worker: Worker, detail: string): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#onLost?.(detail);
  }

  /** Runs jobs on the worker until all are answered or the worker is lost; returns how many are done. */
  #batch(
    worker: Worker,
    jobs: readonly Job[],
    onVerdict: (job: Job, verdict: Verdict) => void,
  ): Promise<number> {
    return new Promise((resolve) => {
      let answered = 0;
      let timer: NodeJS.Timeout | undefined;
      const end = (culprit?: Verdict) => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        this.#onLost = undefined;
        if (culprit) onVerdict(jobs[answered++]!, culprit);
        resolve(answered);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.#worker = undefined;
          void worker.terminate();
          end({ kind: "hang" });
        }, this.limitMs);
      };
      const onMessage = (outcome: Outcome) => {
        onVerdict(jobs[answered++]!, outcome);
        if (answered === jobs.length) end();
        else arm();
      };
      worker.on("message", onMessage);
      this.#onLost = (detail) => end({ kind: "crash", detail });
      arm();
      worker.postMessage(jobs.map((job) => job.text));
    });
  }
}

/** Checks the jobs `nextJob` hands out (until it returns undefined) on `workers` guarded workers. */
export async function evaluateAll(
  options: PoolOptions,
  nextJob: () => Job | undefined,
  onVerdict: (job: Job, verdict: Verdict) => void,
): Promise<void> {
  const guards = Array.from(
    { length: options.workers },
    () => new GuardedWorker(options.mode, options.limitMs),
  );
  const nextBatch = (): Job[] => {
    const batch: Job[] = [];
    for (let job = nextJob(); job; job = batch.length < options.batchSize ? nextJob() : undefined)
      batch.push(job);
    return batch;
  };
  try {
    await Promise.all(
      guards.map(async (guard) => {
        for (let batch = nextBatch(); batch.length > 0; batch = nextBatch())
          await guard.evaluate(batch, onVerdict);
      }),
    );
  } finally {
    await Promise.all(guards.map((guard) => guard.close()));
  }
}
