/**
 * Ending a job: exact counts from the checkpoints (aggregation queries), the final status, the lock
 * released, the kind's onFinish hook, and the next queued job started.
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { checkpointSchema, type Progress, SYSTEM_ACTOR } from "../job-schema";
import { type JobWithId, parseJob } from "../job-store";
import { startNextQueued } from "../lifecycle";
import { releaseLockIfHeld } from "../lock";
import { dispatcherRef, checkpointsCol, jobRef } from "../paths";
import type { JobStatus } from "../status";
import type { JobSummary, Outcome } from "../types";
import { addCheckpoint, type AggregateNames, type Aggregates, emptyAggregates } from "./aggregates";
import { aggregateFields } from "./rollup";
import { addSample } from "./throughput";
import { announce, transition } from "../transitions";

export type Counts = Pick<Progress, "processed" | Outcome>;

export async function exactCounts(deps: EngineDeps, jobId: string): Promise<Counts> {
  const outcomes: Outcome[] = ["succeeded", "failed", "skipped", "unavailable"];
  const values = await Promise.all(outcomes.map(async (o) => (await checkpointsCol(deps.db, jobId).where("outcome", "==", o).count().get()).data().count));
  const [succeeded, failed, skipped, unavailable] = values;
  return { processed: succeeded + failed + skipped + unavailable, succeeded, failed, skipped, unavailable };
}

/**
 * Targets, metrics, tallies and the error summary recounted from every checkpoint in one pass, page
 * by page (the emulator has no sum aggregation).
 */
const checkpointAggregateFields = checkpointSchema.pick({ outcome: true, target: true, error: true, detail: true });

export async function exactAggregates(deps: EngineDeps, jobId: string, names: AggregateNames): Promise<Aggregates> {
  let agg = emptyAggregates();
  let last: string | null = null;
  for (;;) {
    let query = checkpointsCol(deps.db, jobId).orderBy("__name__").select("outcome", "target", "error", "detail").limit(1000);
    if (last) query = query.startAfter(last);
    const snap = await query.get();
    for (const doc of snap.docs) agg = addCheckpoint(agg, names, checkpointAggregateFields.parse({ detail: null, ...doc.data() }));
    if (snap.size < 1000) return agg;
    last = snap.docs[snap.size - 1].id;
  }
}

function targetsAddUp(targets: Aggregates["targets"], processed: number): boolean {
  const rows = Object.values(targets);
  return rows.length === 0 || rows.reduce((sum, r) => sum + r.processed, 0) === processed;
}

/**
 * The aggregates a job ends with: the live ones are counted together with `processed`, so they are
 * exact when the live count equals the exact one (and the target rows add up); otherwise recounted.
 */
export async function settledAggregates(
  deps: EngineDeps,
  job: Pick<JobWithId, "id" | "kind">,
  liveProcessed: number,
  live: Aggregates,
  exactProcessed: number,
): Promise<Aggregates> {
  if (liveProcessed === exactProcessed && targetsAddUp(live.targets, exactProcessed)) return live;
  return exactAggregates(deps, job.id, deps.kinds.get(job.kind) ?? {});
}

export function finalStatus(counts: Counts): Extract<JobStatus, "completed" | "partial" | "failed"> {
  if (counts.failed === 0) return "completed";
  return counts.failed === counts.processed ? "failed" : "partial";
}

export function summarize(job: JobWithId, progress: Progress, status: string, now: number, metrics: Record<string, number> = job.metrics): JobSummary {
  const started = (job.startedAt ?? job.createdAt).toMillis();
  return {
    id: job.id,
    kind: job.kind,
    params: job.params,
    total: progress.total,
    processed: progress.processed,
    succeeded: progress.succeeded,
    failed: progress.failed,
    skipped: progress.skipped,
    unavailable: progress.unavailable,
    status,
    elapsedMs: now - started,
    metrics,
  };
}

/** Finishes a running job whose items are all processed. Returns false if it was not running. */
export async function finalizeJob(deps: EngineDeps, jobId: string, owner: string): Promise<boolean> {
  const counts = await exactCounts(deps, jobId);
  const status = finalStatus(counts);
  const before = parseJob(await jobRef(deps.db, jobId).get());
  const kind = deps.kinds.get(before.kind);
  const aggregates = await settledAggregates(deps, before, before.progress.processed, before, counts.processed);
  const now = deps.clock.now();
  const result = await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(jobRef(deps.db, jobId));
    const state = await tx.get(dispatcherRef(deps.db, jobId));
    const current = parseJob(snap);
    if (current.status !== "running" || state.get("owner") !== owner) return null;
    const release = await releaseLockIfHeld(deps, tx, jobId);
    const progress: Progress = { ...current.progress, ...counts, total: counts.processed, itemsPerSecond: 0, etaSeconds: 0 };
    const change = transition(
      deps,
      tx,
      current,
      status,
      { by: SYSTEM_ACTOR, why: `every item processed (${counts.failed} failed)` },
      {
        ...aggregateFields(aggregates, kind?.summarize),
        throughput: addSample(current.throughput, now, counts.processed, true),
        progress,
        "plan.done": true,
        limiter: { state: "idle", inFlight: 0, releasedLastMinute: 0, throttledUntil: null },
      },
    );
    tx.update(dispatcherRef(deps.db, jobId), { owner: null, leaseUntil: null, inFlight: {} });
    release();
    return { job: { ...current, progress, metrics: aggregates.metrics }, change };
  });
  if (!result) return false;
  const { job, change } = result;
  announce(change);
  const summary = summarize(job, job.progress, status, now);
  if (status === "failed") log.critical(messages.jobAllFailed(jobId, job.kind, counts.failed), { jobId, ...counts });
  log.info(messages.jobFinished(jobId, status, counts.processed, counts.failed), { jobId, status, ...counts, elapsedMs: summary.elapsedMs });
  await kind?.onFinish?.({ db: deps.db, jobId }, summary);
  await startNextQueued(deps);
  return true;
}
