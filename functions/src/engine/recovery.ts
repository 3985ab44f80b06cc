/**
 * The scheduled recovery (every minute; also run on demand): resumes running jobs whose dispatcher
 * chain is lost from their checkpoints,
 * starts system jobs that are due (once per start of the system), starts the oldest queued job when
 * nothing runs, and deletes finished jobs past the retention period with their subcollections.
 */
import { type DocumentSnapshot, FieldValue, Timestamp } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import { SYSTEM_ACTOR } from "./job-schema";
import { type JobWithId, parseJob, tickOf } from "./job-store";
import { createJob, startNextQueued } from "./lifecycle";
import { prepareRequest } from "./prepare";
import { errorMessage } from "./errors";
import { chainExpiresAt, LEASE_MS } from "./liveness";
import { dispatcherRef, jobRef, jobsCol } from "./paths";
import { ACTIVE_STATUSES, CHAIN_STATUSES } from "./status";
import { transition } from "./transitions";

export interface RecoveryReport {
  resumed: string[];
  autoStarted: string[];
  started: string | null;
  deleted: string[];
}

export async function runRecovery(deps: EngineDeps): Promise<RecoveryReport> {
  const resumed = await resumeLostChains(deps);
  const autoStarted = await autoStartKinds(deps);
  const started = await startNextQueued(deps);
  const deleted = await deleteExpiredJobs(deps);
  log.info(messages.recoveryRan(resumed.length, (started ? 1 : 0) + autoStarted.length, deleted.length), { resumed, autoStarted, started, deleted });
  return { resumed, autoStarted, started, deleted };
}

/**
 * Running jobs whose dispatcher chain is lost (its lease ran out: a tick task dropped, a function
 * crashed or redeployed mid-tick) resume from their checkpoints under a new attempt: items in flight
 * without a checkpoint go out again, and the job records the resume and its reason.
 */
async function resumeLostChains(deps: EngineDeps): Promise<string[]> {
  const running = await jobsCol(deps.db)
    .where("status", "in", [...CHAIN_STATUSES])
    .get();
  const resumed: string[] = [];
  const expired = (job: JobWithId, state: DocumentSnapshot) => {
    const leaseUntil: unknown = state.get("leaseUntil");
    const expiresAt = chainExpiresAt(job, typeof leaseUntil === "number" ? leaseUntil : null);
    return CHAIN_STATUSES.includes(job.status) && expiresAt <= deps.clock.now() ? expiresAt : null;
  };
  for (const doc of running.docs) {
    if (expired(parseJob(doc), await dispatcherRef(deps.db, doc.id).get()) === null) continue; // alive: no transaction
    const tick = await deps.db.runTransaction(async (tx) => {
      const job = parseJob(await tx.get(jobRef(deps.db, doc.id)));
      const state = await tx.get(dispatcherRef(deps.db, doc.id));
      const now = deps.clock.now();
      const expiresAt = expired(job, state);
      if (expiresAt === null) return null;
      const at = Timestamp.fromMillis(now);
      const reason = `dispatcher lost: no tick alive for ${Math.round((now - expiresAt + LEASE_MS) / 1000)} s`;
      const fields = { "plan.attempt": job.plan.attempt + 1, heartbeatAt: at, resumes: FieldValue.arrayUnion({ at, reason }) };
      // A running job's resume is a status change (running -> running, audited); a draining one keeps its status.
      const change = job.status === "running" ? transition(deps, tx, job, "running", { by: SYSTEM_ACTOR, why: reason }, fields) : null;
      if (!change) tx.update(jobRef(deps.db, doc.id), fields);
      const next = tickOf(state) + 1;
      tx.set(
        dispatcherRef(deps.db, doc.id),
        { tick: next, owner: null, leaseUntil: now + LEASE_MS, reRelease: true, verifyListed: true, lastRollupAt: now },
        { merge: true },
      );
      return { next, reason };
    });
    if (tick === null) continue;
    log.warn(messages.jobResumed(doc.id, tick.reason), { jobId: doc.id, tick: tick.next });
    try {
      await deps.tasks.enqueueTick({ jobId: doc.id, tick: tick.next });
    } catch (error) {
      log.error(messages.resumeEnqueueFailed(doc.id, errorMessage(error)), { jobId: doc.id }); // its lease runs out again: the next run retries
      continue;
    }
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
    const active = await jobsCol(deps.db)
      .where("kind", "==", name)
      .where("status", "in", ["queued", ...ACTIVE_STATUSES])
      .limit(1)
      .get();
    if (!active.empty) continue; // already under way: it resumes, it is not started twice
    const due = await kind.autoStart({ db: deps.db });
    if (!due) continue;
    const prepared = await prepareRequest(deps, kind, kind.params.parse(due.params));
    const job = await createJob(deps, {
      kind: name,
      params: prepared.params,
      rateLimits: prepared.rateLimits,
      details: prepared.details,
      actor: SYSTEM_ACTOR,
      system: true,
    });
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
