// Engine overhead on one document write per item, 10,000 items, same emulators, same run:
//  (a) the synthetic kind one record per item task vs a bare task queue function (bare-queue/) that
//      writes the same document per task, under the same queue limits and concurrency;
//  (b) the synthetic kind with a batch of records per item task vs BulkWriter (throttling off)
//      writing the same documents: the emulator's raw write ceiling.
// The engine's own Firestore writes and reads are counted by the proxy between the functions and
// the emulator (firestore-counter.mjs), the kind's effects (syntheticEffects) set apart.
import { getFunctions } from "firebase-admin/functions";
import { EFFECTS, effectId } from "../../functions/lib/kinds/synthetic/index.js";
import { round, since, until } from "./context.mjs";

export const RECORDS = 10_000;
/** The engine job's concurrency; bare-queue/index.js declares the same for its queue. */
export const BENCH_CONCURRENCY = 20;
const LIMITS = { requestsPerMinute: 30_000, maxConcurrency: BENCH_CONCURRENCY, minDelayMs: 0 };
const BATCH = 100;
const EFFECT = `${EFFECTS}/*`;

const effectCount = async (db, runId) => (await db.collection(EFFECTS).where("jobId", "==", runId).count().get()).data().count;

/** The engine's own operations per record, from the counter and the log, effects set apart. */
function perRecord(counts, invocations) {
  const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
  const ownWrites = total(counts.writes) - (counts.writes[EFFECT] ?? 0);
  return {
    writesPerRecord: round(ownWrites / RECORDS, 4),
    jobDocWrites: counts.writes["backfillJobs/*"] ?? 0,
    readsPerRecord: round(total(counts.reads) / RECORDS, 4),
    invocationsPerRecord: round(total(invocations) / RECORDS, 4),
    writes: counts.writes,
    reads: counts.reads,
    invocations,
  };
}

async function engineRun(ctx, batchSize) {
  ctx.counter.reset();
  const before = ctx.invocations();
  const started = Date.now();
  const job = await ctx.runJob("synthetic", { records: RECORDS, batchSize }, LIMITS);
  const seconds = (Date.now() - started) / 1000;
  if (job.doc.progress.succeeded !== Math.ceil(RECORDS / batchSize)) throw new Error(`synthetic job ${job.id} ended ${job.doc.status}`);
  // The engine's task functions only: the create call is the benchmark's, and the emulator prints
  // the bare run's executions to its log well after they ran.
  const all = since(ctx.invocations(), before);
  const invocations = { backfillItem: all.backfillItem ?? 0, backfillDispatch: all.backfillDispatch ?? 0 };
  return { itemsPerSecond: round(RECORDS / seconds), seconds: round(seconds, 1), ...perRecord(ctx.counter.counts(), invocations) };
}

async function bareRun(ctx) {
  const runId = `bare-${Date.now()}`;
  const queue = getFunctions().taskQueue("benchBareWrite");
  const started = Date.now();
  let next = 0;
  const enqueueAll = Array.from({ length: 32 }, async () => {
    while (next < RECORDS) {
      const record = next++;
      await queue.enqueue({ runId, record });
    }
  });
  await Promise.all(enqueueAll);
  await until(async () => (await effectCount(ctx.db, runId)) >= RECORDS, 30 * 60_000, 500);
  const seconds = (Date.now() - started) / 1000;
  return { itemsPerSecond: round(RECORDS / seconds), seconds: round(seconds, 1) };
}

async function bulkWriterRun(ctx) {
  const runId = `bulk-${Date.now()}`;
  const writer = ctx.db.bulkWriter({ throttling: false });
  const started = Date.now();
  for (let record = 0; record < RECORDS; record += 1) {
    void writer.set(ctx.db.collection(EFFECTS).doc(effectId(runId, record)), { jobId: runId, record, writes: 1 });
  }
  await writer.close();
  const seconds = (Date.now() - started) / 1000;
  return { itemsPerSecond: round(RECORDS / seconds), seconds: round(seconds, 1) };
}

export async function overheadBench(ctx) {
  const bare = await bareRun(ctx);
  const single = await engineRun(ctx, 1);
  const bulk = await bulkWriterRun(ctx);
  const batched = await engineRun(ctx, BATCH);
  return {
    records: RECORDS,
    concurrency: BENCH_CONCURRENCY,
    a: { bare, engine: single, ratio: round(single.itemsPerSecond / bare.itemsPerSecond, 3) },
    b: { bulkWriter: bulk, engine: { batchSize: BATCH, ...batched }, ratio: round(batched.itemsPerSecond / bulk.itemsPerSecond, 3) },
  };
}
