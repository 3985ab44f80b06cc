// Cost on paper: the engine's own operations per 1M items at list prices (us-central1), from the
// counts measured in the overhead runs. Cloud Tasks bills each API call and each delivery attempt:
// a task is one enqueue plus one delivery; each delivery is also one function invocation. Compute
// time (GB-s) is left out: it depends on the kind's own work.
import { round } from "./context.mjs";

export const PRICES = { writePer100k: 0.18, readPer100k: 0.06, taskOpPerMillion: 0.4, invocationPerMillion: 0.4 };

export function costPerMillion(run) {
  const m = 1_000_000;
  const writes = (run.writesPerRecord * m * PRICES.writePer100k) / 100_000;
  const reads = (run.readsPerRecord * m * PRICES.readPer100k) / 100_000;
  const tasks = (2 * run.invocationsPerRecord * m * PRICES.taskOpPerMillion) / m;
  const invocations = (run.invocationsPerRecord * m * PRICES.invocationPerMillion) / m;
  return {
    writes: round(writes),
    reads: round(reads),
    tasks: round(tasks),
    invocations: round(invocations),
    total: round(writes + reads + tasks + invocations),
  };
}
