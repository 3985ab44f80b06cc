/**
 * Ending a job: exact counts from the checkpoints (aggregation queries), the final status, the lock
 * released, the kind's onFinish hook, and the next queued job started.
 */
import { Timestamp } from "firebase-admin/firestore";
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { checkpointSchema, type Progress, type TargetProgress } from "../job-schema";
import { type JobWithId, parseJob } from "../job-store";
import { startNextQueued } from "../lifecycle";
import { releaseLockIfHeld } from "../lock";
import { dispatcherRef, itemsCol, jobRef } from "../paths";
import type { JobStatus } from "../status";
import type { JobSummary, Outcome } from "../types";
import { addMetrics, addToTarget } from "./counter";
import { addSample } from "./throughput";

export type Counts = Pick<Progress, "processed" | Outcome>;

export async function exactCounts(deps: EngineDeps, jobId: string): Promise<Counts> {
  const outcomes: Outcome[] = ["succeeded", "failed", "skipped", "unavailable"];
  const values = await Promise.all(
    outcomes.map(async (o) => (await itemsCol(deps.db, jobId).where("outcome", "==", o).count().get()).data().count),
  );
  const [succeeded, failed, skipped, unavailable] = values;
  return { processed: succeeded + failed + skipped + unavailable, succeeded, failed, skipped, unavailable };
}

/**
 * The kind's metrics recounted from every checkpoint, page by page (the emulator has no sum
 * aggregation). Only needed when the live counts do not add up to the exact total.
 */
export async function exactMetrics(deps: EngineDeps, jobId: string, names: readonly string[] = []): Promise<Record<string, number>> {
  let sums: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  if (names.length === 0) return sums;
  let last: string | null = null;
  for (;;) {
    let query = itemsCol(deps.db, jobId).orderBy("__name__").select("detail").limit(1000);
    if (last) query = query.startAfter(last);
    const snap = await query.get();
    for (const doc of snap.docs) sums = addMetrics(sums, names, checkpointSchema.shape.detail.parse(doc.get("detail") ?? null));
    if (snap.size < 1000) return sums;
    last = snap.docs[snap.size - 1].id;
  }
}

/**
 * The metrics a job ends with: the live sums are counted together with `processed`, so they are
 * exact when the live count equals the exact one; otherwise they are recounted.
 */
export async function settledMetrics(
  deps: EngineDeps,
  job: Pick<JobWithId, "id" | "kind">,
  liveProcessed: number,
  liveMetrics: Record<string, number>,
  exactProcessed: number,
): Promise<Record<string, number>> {
  return liveProcessed === exactProcessed ? liveMetrics : exactMetrics(deps, job.id, deps.kinds.get(job.kind)?.metrics);
}

/**
 * Per-target rows recounted from the checkpoints, page by page. Only needed when the live rows do
 * not add up to the exact total (they always should; this keeps a finished job's rows exact).
 */
const targetFields = checkpointSchema.pick({ outcome: true, target: true, error: true });

export async function exactTargets(deps: EngineDeps, jobId: string): Promise<Record<string, TargetProgress>> {
  const targets: Record<string, TargetProgress> = {};
  let last: string | null = null;
  for (;;) {
    let query = itemsCol(deps.db, jobId).orderBy("__name__").select("outcome", "target", "error").limit(1000);
    if (last) query = query.startAfter(last);
    const snap = await query.get();
    for (const doc of snap.docs) {
      const cp = targetFields.parse(doc.data());
      if (cp.target !== null) targets[cp.target] = addToTarget(targets[cp.target], cp);
    }
    if (snap.size < 1000) return targets;
    last = snap.docs[snap.size - 1].id;
  }
}

function targetsAddUp(targets: Record<string, TargetProgress>, processed: number): boolean {
  const rows = Object.values(targets);
  return rows.length === 0 || rows.reduce((sum, r) => sum + r.processed, 0) === processed;
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
  const recounted = targetsAddUp(before.targets, counts.processed) ? null : await exactTargets(deps, jobId);
  const metrics = await settledMetrics(deps, before, before.progress.processed, before.metrics, counts.processed);
  const now = deps.clock.now();
  const job = await deps.db.runTransaction(async (tx) => {
    const snap = await tx.get(jobRef(deps.db, jobId));
    const state = await tx.get(dispatcherRef(deps.db, jobId));
    const current = parseJob(snap);
    if (current.status !== "running" || state.get("owner") !== owner) return null;
    const release = await releaseLockIfHeld(deps, tx, jobId);
    const progress: Progress = { ...current.progress, ...counts, total: counts.processed, itemsPerSecond: 0, etaSeconds: 0 };
    const targets = recounted ?? current.targets;
    tx.update(jobRef(deps.db, jobId), {
      targets,
      metrics,
      throughput: addSample(current.throughput, now, counts.processed, true),
      status,
      progress,
      finishedAt: Timestamp.fromMillis(now),
      updatedAt: Timestamp.fromMillis(now),
      "plan.done": true,
      limiter: { state: "idle", inFlight: 0, releasedLastMinute: 0, throttledUntil: null },
    });
    tx.update(dispatcherRef(deps.db, jobId), { owner: null, leaseUntil: null, inFlight: {} });
    release();
    return { ...current, progress, metrics };
  });
  if (!job) return false;
  const summary = summarize(job, job.progress, status, now);
  if (status === "failed") log.critical(messages.jobAllFailed(jobId, job.kind, counts.failed), { jobId, ...counts });
  log.info(messages.jobFinished(jobId, status, counts.processed, counts.failed), { jobId, status, ...counts, elapsedMs: summary.elapsedMs });
  await deps.kinds.get(job.kind)?.onFinish?.({ db: deps.db, jobId }, summary);
  await startNextQueued(deps);
  return true;
}
