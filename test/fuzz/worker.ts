/** A fuzz worker thread (started by pool.ts): checks each batch's cases in order and answers each in turn. */
import { parentPort, workerData } from "node:worker_threads";
import { evaluate, type Mode } from "./checks.js";

const port = parentPort;
if (!port) throw new Error("test/fuzz/worker.ts runs in a worker thread started by test/fuzz/pool.ts");
const { mode } = workerData as { readonly mode: Mode };

port.on("message", async (texts: readonly string[]) => {
  for (const text of texts) port.postMessage(await evaluate(mode, text));
});
port.postMessage("ready");
