// Engine overhead on one document write per record, same emulators, same run:
//  (a) the synthetic kind one record per item task vs a bare task queue function (bare-queue/) that
//      writes the same document per task, under the same queue limits and concurrency (10,000);
//  (b) the synthetic kind with a batch of records per item task vs BulkWriter (throttling off)
//      writing the same documents, the emulator's raw write ceiling, at 10,000 and 100,000 records.
// The engine's own Firestore writes and reads are counted by the proxy between the functions and
// the emulator (firestore-counter.mjs), the kind's effects (syntheticEffects) set apart. Each run
// also gives CPU per record (cpu.mjs) and, for the engine, each item's timeline (progress-latency.mjs)
// and the documents its listeners were re-sent per dispatcher tick.
import { getFunctions } from "firebase-admin/functions";
import { EFFECTS, effectId } from "../../functions/lib/kinds/synthetic/index.js";
import { round, since, until } from "./context.mjs";
import { cpuPerItem } from "./cpu.mjs";
import { hotDocuments } from "./doc-writes.mjs";
import { itemTimeline, watchProgress } from "./progress-latency.mjs";

export const RECORDS = 10_000;
/** Batched runs: the same 10,000 and ten times as many. */
export const BATCHED_RECORDS = [10_000, 100_000];
/** The engine job's concurrency; bare-queue/index.js declares the same for its queue. */
export const BENCH_CONCURRENCY = 20;
const LIMITS = { requestsPerMinute: 30_000, maxConcurrency: BENCH_CONCURRENCY, minDelayMs: 0 };
const BATCH = 100;
const EFFECT = `${EFFECTS}/*`;

const effectCount = async (db, runId) => (await db.collection(EFFECTS).where("jobId", "==", runId).count().get()).data().count;

/** The engine's own operations per record, from the counter and the log, effects set apart. */
function perRecord(counts, invocations, records) {
  const total = (m) => Object.values(m).reduce((a, b) => a + b, 0);
  const ownWrites = total(counts.writes) - (counts.writes[EFFECT] ?? 0);
  return {
    writesPerRecord: round(ownWrites / records, 4),
    jobDocWrites: counts.writes["backfillJobs/*"] ?? 0,
    readsPerRecord: round(total(counts.reads) / records, 4),
    invocationsPerRecord: round(total(invocations) / records, 4),
    listenerResentPerTick: round(total(counts.unbilled) / Math.max(1, invocations.backfillDispatch), 1),
    writes: counts.writes,
    reads: counts.reads,
    unbilled: counts.unbilled,
    invocations,
  };
}

async function engineRun(ctx, batchSize, records = RECORDS) {
  ctx.counter.reset();
  const before = ctx.invocations();
  const cpuBefore = ctx.cpu();
  const started = Date.now();
  let watch;
  const job = await ctx.runJob("synthetic", { records, batchSize }, LIMITS, (jobId) => (watch = watchProgress(ctx.db, jobId)));
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuPerItem(cpuBefore, ctx.cpu(), records);
  watch.stop();
  if (job.doc.progress.succeeded !== Math.ceil(records / batchSize)) throw new Error(`synthetic job ${job.id} ended ${job.doc.status}`);
  // The engine's task functions only: the create call is the benchmark's, and the emulator prints
  // the bare run's executions to its log well after they ran.
  const all = since(ctx.invocations(), before);
  const invocations = { backfillItem: all.backfillItem ?? 0, backfillDispatch: all.backfillDispatch ?? 0 };
  const timeline = await itemTimeline(ctx.db, job.id, watch.samples);
  const hot = hotDocuments(ctx.counter.writeLog());
  return {
    records,
    itemsPerSecond: round(records / seconds),
    seconds: round(seconds, 1),
    cpuPerRecord: cpu,
    timeline,
    hotDocuments: hot,
    ...perRecord(ctx.counter.counts(), invocations, records),
  };
}

async function bareRun(ctx) {
  const runId = `bare-${Date.now()}`;
  const queue = getFunctions().taskQueue("benchBareWrite");
  const cpuBefore = ctx.cpu();
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
  return { itemsPerSecond: round(RECORDS / seconds), seconds: round(seconds, 1), cpuPerRecord: cpuPerItem(cpuBefore, ctx.cpu(), RECORDS) };
}

async function bulkWriterRun(ctx, records) {
  const runId = `bulk-${Date.now()}`;
  const writer = ctx.db.bulkWriter({ throttling: false });
  const started = Date.now();
  for (let record = 0; record < records; record += 1) {
    void writer.set(ctx.db.collection(EFFECTS).doc(effectId(runId, record)), { jobId: runId, record, writes: 1 });
  }
  await writer.close();
  const seconds = (Date.now() - started) / 1000;
  return { records, itemsPerSecond: round(records / seconds), seconds: round(seconds, 1) };
}

export async function overheadBench(ctx) {
  const bare = await bareRun(ctx);
  const single = await engineRun(ctx, 1);
  const batched = [];
  for (const records of BATCHED_RECORDS) {
    const bulk = await bulkWriterRun(ctx, records);
    const engine = await engineRun(ctx, BATCH, records);
    batched.push({ records, bulkWriter: bulk, engine: { batchSize: BATCH, ...engine }, ratio: round(engine.itemsPerSecond / bulk.itemsPerSecond, 3) });
  }
  return {
    records: RECORDS,
    concurrency: BENCH_CONCURRENCY,
    a: { bare, engine: single, ratio: round(single.itemsPerSecond / bare.itemsPerSecond, 3) },
    b: batched[0],
    b100k: batched[1],
  };
}
