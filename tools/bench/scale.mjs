// The scale model (`npm run bench -- scale`): how long 1M and 10M items take in production, in each
// mode, and which limit binds. It takes the per-item times measured by the overhead runs (or the
// defaults below when no run is on record) and production's limits, and steps through time in
// Firestore's ramp windows (a new collection takes 500 writes/s, then 50% more every 5 minutes).
// Pure: no emulator, no network.

/** Production's limits (Cloud Tasks' and Firestore's documented quotas; queues.ts; the job schema). */
export const PRODUCTION = {
  /** Cloud Tasks: dispatches per second per queue (ITEM_QUEUE_LIMITS.maxDispatchesPerSecond). */
  queueDispatchesPerSecond: 500,
  /** The item queue's declared concurrent dispatches (ITEM_QUEUE_LIMITS; Cloud Tasks allows 5,000). */
  queueConcurrent: 200,
  /** A job's own ceilings (rateLimitsSchema): 30,000 requests/min, 200 in flight. */
  jobRequestsPerSecond: 500,
  jobConcurrency: 200,
  /** Cloud Run functions: 100 instances by default, 80 requests per instance (2nd gen, 1 CPU). */
  instances: 100,
  perInstanceConcurrency: 80,
  /** Writes/s an index takes on monotonically increasing values (one tablet). */
  hotSpotWritesPerSecond: 500,
  /** The checkpoints' finishedAt index is led by a shard field (checkpoint-id.ts CHECKPOINT_SHARDS). */
  checkpointShards: 2,
  /** Firestore's ramp for a new collection: start, growth factor, window. */
  ramp: { start: 500, growth: 1.5, windowSeconds: 300 },
};

/** Per-item figures when no benchmark run is on record (BENCHMARKS.md, 2026-11-25). */
export const DEFAULT_MEASURED = {
  oneItemPerTask: { slotMs: 1000, runMs: 160, effectWritesPerItem: 1 },
  batched: { batchSize: 100, slotMs: 1600, runMs: 1200, effectWritesPerItem: 1 },
};

/** The measured inputs from a results.json of `npm run bench` (overhead runs), else the defaults. */
export function measuredFrom(results) {
  const a = results?.overhead?.a?.engine;
  const b = results?.overhead?.b100k?.engine ?? results?.overhead?.b?.engine;
  const from = (run, fallback, batchSize) => {
    const slot = run?.timeline?.slot?.p50Ms;
    const runMs = run?.timeline?.run?.p50Ms;
    return slot && runMs ? { ...fallback, batchSize, slotMs: slot, runMs } : fallback;
  };
  return {
    oneItemPerTask: from(a, DEFAULT_MEASURED.oneItemPerTask, 1),
    batched: from(b, DEFAULT_MEASURED.batched, b?.batchSize ?? DEFAULT_MEASURED.batched.batchSize),
  };
}

/**
 * Records per second each limit allows a job (not counting the write ramp), and the smallest.
 * `m`: { batchSize, slotMs, runMs, effectWritesPerItem }. One checkpoint per task (of batchSize records).
 */
export function ceilings(m, p = PRODUCTION) {
  const batch = m.batchSize ?? 1;
  const concurrency = Math.min(p.jobConcurrency, p.queueConcurrent, p.instances * p.perInstanceConcurrency);
  const limits = {
    "queue dispatches (500/s per queue)": p.queueDispatchesPerSecond * batch,
    "job rate limit (30,000 requests/min)": p.jobRequestsPerSecond * batch,
    [`concurrency (${concurrency} slots x ${m.slotMs} ms per item)`]: (concurrency * 1000 * batch) / m.slotMs,
  };
  limits[`checkpoint finishedAt index (${p.checkpointShards} shards x ${p.hotSpotWritesPerSecond} writes/s)`] =
    p.checkpointShards * p.hotSpotWritesPerSecond * batch;
  const [binding, perSecond] = Object.entries(limits).sort((x, y) => x[1] - y[1])[0];
  return { limits, binding, perSecond };
}

/**
 * Seconds to process `items` records: the job's ceiling, and (when `ramp`: a job created with the
 * `ramp` option, engine/dispatcher/ramp.ts) the effects' writes held to Firestore's ramp for a new collection. Returns the time and the limit that bound longest.
 */
export function timeFor(items, m, { ramp = true } = {}, p = PRODUCTION) {
  const { binding, perSecond } = ceilings(m, p);
  let done = 0;
  let seconds = 0;
  const bound = {};
  for (let window = 0; done < items; window += 1) {
    const rampWrites = p.ramp.start * p.ramp.growth ** window;
    const rampRecords = ramp ? rampWrites / (m.effectWritesPerItem ?? 1) : Infinity;
    const rate = Math.min(perSecond, rampRecords);
    const limit = rate === perSecond ? binding : "Firestore ramp for a new collection (500/50/5)";
    const step = Math.min(p.ramp.windowSeconds, (items - done) / rate);
    done += rate * step;
    seconds += step;
    bound[limit] = (bound[limit] ?? 0) + step;
  }
  const [limit] = Object.entries(bound).sort((x, y) => y[1] - x[1])[0];
  return { seconds: Math.round(seconds), limit, perSecond: Math.round(perSecond) };
}

/** The table `npm run bench -- scale` prints: 1M and 10M items, both modes, with and without the ramp. */
export function scaleModel(measured = DEFAULT_MEASURED, p = PRODUCTION) {
  const rows = [];
  for (const [mode, m] of Object.entries(measured)) {
    for (const items of [1_000_000, 10_000_000]) {
      for (const ramp of [false, true]) rows.push({ mode, items, ramp, ...timeFor(items, m, { ramp }, p) });
    }
  }
  return rows;
}

export function formatDuration(seconds) {
  const h = Math.floor(seconds / 3600);
  const min = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${min} min` : `${Math.max(1, min)} min`;
}

export function formatScale(rows) {
  const lines = rows.map(
    (r) =>
      `${r.mode.padEnd(14)} ${String(r.items / 1e6).padStart(2)}M items${r.ramp ? ", new collection" : ""}: ${formatDuration(r.seconds)} at up to ${r.perSecond} items/s; bound by ${r.limit}`,
  );
  lines.push("(1 sustained write/s per document: the engine writes the job document at most once a second whatever the item rate, so it bounds no mode.)");
  return lines.join("\n");
}
