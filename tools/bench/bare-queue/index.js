// `npm run bench` only (a second functions codebase the benchmark's stack loads; never deployed):
// the baseline for the engine's overhead. One task = one record: the same effect document the
// synthetic kind writes, and nothing else (no job, no checkpoint, no pacing). Its queue has the
// engine item queue's retry policy and rate ceiling, and the concurrency the benchmark gives its job.
const { initializeApp, getApps } = require("firebase-admin/app");
const { FieldValue, getFirestore } = require("firebase-admin/firestore");
const { onTaskDispatched } = require("firebase-functions/v2/tasks");
const { ITEM_QUEUE_LIMITS, ITEM_RETRY } = require("../../../functions/lib/queues.js");
const { EFFECTS, effectId } = require("../../../functions/lib/kinds/synthetic/index.js");

/** Must match BENCH_CONCURRENCY in tools/bench/overhead.mjs (the engine job's maxConcurrency). */
const BENCH_CONCURRENCY = 20;

exports.benchBareWrite = onTaskDispatched(
  { retryConfig: ITEM_RETRY, rateLimits: { ...ITEM_QUEUE_LIMITS, maxConcurrentDispatches: BENCH_CONCURRENCY } },
  async (req) => {
    if (getApps().length === 0) initializeApp();
    const { runId, record } = req.data;
    await getFirestore()
      .collection(EFFECTS)
      .doc(effectId(runId, record))
      .set({ jobId: runId, record, writes: FieldValue.increment(1) }, { merge: true });
  },
);
