/**
 * The scheduled recovery (also run on demand): resumes stale running jobs from their checkpoints,
 * starts system jobs that are due (once per start of the system), starts the oldest queued job when
 * nothing runs, and deletes finished jobs past the retention period with their subcollections.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import { SYSTEM_ACTOR } from "./job-schema";
import { parseJob, tickOf } from "./job-store";
import { createJob, startNextQueued } from "./lifecycle";
import { isStale } from "./lock";
import { dispatcherRef, jobRef, jobsCol } from "./paths";

export interface RecoveryReport {
  resumed: string[];
  autoStarted: string[];
  started: string | null;
  deleted: string[];
}

export async function runRecovery(deps: EngineDeps): Promise<RecoveryReport> {
  const resumed = await resumeStaleJobs(deps);
  const autoStarted = await autoStartKinds(deps);
  const started = await startNextQueued(deps);
  const deleted = await deleteExpiredJobs(deps);
  log.info(messages.recoveryRan(resumed.length, (started ? 1 : 0) + autoStarted.length, deleted.length), { resumed, autoStarted, started, deleted });
  return { resumed, autoStarted, started, deleted };
}

async function resumeStaleJobs(deps: EngineDeps): Promise<string[]> {
  const running = await jobsCol(deps.db).where("status", "==", "running").get();
  const resumed: string[] = [];
  for (const doc of running.docs) {
    if (!isStale(parseJob(doc), deps.clock.now(), deps.config.staleMs)) continue;
    const tick = await deps.db.runTransaction(async (tx) => {
      const job = parseJob(await tx.get(jobRef(deps.db, doc.id)));
      const state = await tx.get(dispatcherRef(deps.db, doc.id));
      const now = deps.clock.now();
      if (!isStale(job, now, deps.config.staleMs)) return null;
      const minutes = Math.round((now - job.updatedAt.toMillis()) / 60_000);
      const at = Timestamp.fromMillis(now);
      tx.update(jobRef(deps.db, doc.id), {
        "plan.attempt": job.plan.attempt + 1,
        updatedAt: at,
        resumes: FieldValue.arrayUnion({ at, reason: `no progress for ${minutes} min` }),
      });
      const next = tickOf(state) + 1;
      tx.set(dispatcherRef(deps.db, doc.id), { tick: next, owner: null, leaseUntil: null, reRelease: true, verifyListed: true }, { merge: true });
      return next;
    });
    if (tick === null) continue;
    log.warn(messages.jobResumed(doc.id, "stale"), { jobId: doc.id });
    await deps.tasks.enqueueTick({ jobId: doc.id, tick });
    resumed.push(doc.id);
  }
  return resumed;
}

/** Kinds with `autoStart` (seed 000) are asked once per start of the system (config.startupId). */
async function autoStartKinds(deps: EngineDeps): Promise<string[]> {
  const started: string[] = [];
  for (const name of deps.kinds.names()) {
    const kind = deps.kinds.require(name);
    if (!kind.autoStart) continue;
    const marker = deps.db.collection("backfillAutoStarts").doc(name);
    const claimed = await deps.db.runTransaction(async (tx) => {
      const snap = await tx.get(marker);
      if (snap.get("startupId") === deps.config.startupId) return false;
      tx.set(marker, { startupId: deps.config.startupId, at: Timestamp.fromMillis(deps.clock.now()) });
      return true;
    });
    if (!claimed) continue;
    const active = await jobsCol(deps.db).where("kind", "==", name).where("status", "in", ["queued", "running", "paused"]).limit(1).get();
    if (!active.empty) continue; // already under way: it resumes, it is not started twice
    const due = await kind.autoStart({ db: deps.db });
    if (!due) continue;
    const job = await createJob(deps, { kind: name, params: kind.params.parse(due.params), actor: SYSTEM_ACTOR, system: true });
    await marker.update({ jobId: job.id });
    started.push(job.id);
  }
  return started;
}

async function deleteExpiredJobs(deps: EngineDeps): Promise<string[]> {
  const cutoff = Timestamp.fromMillis(deps.clock.now() - deps.config.retentionMs);
  const expired = await jobsCol(deps.db).where("finishedAt", "<", cutoff).limit(100).get();
  for (const doc of expired.docs) {
    await deps.db.recursiveDelete(doc.ref);
    log.info(messages.jobDeleted(doc.id), { jobId: doc.id });
  }
  return expired.docs.map((d) => d.id);
}
