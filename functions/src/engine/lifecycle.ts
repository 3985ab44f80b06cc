/** Creating, pausing, resuming, cancelling jobs: every status change through transition() in a Firestore transaction. */
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { z } from "zod";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import { ConflictError, invalidRequest, NotFoundError, UnavailableError } from "./errors";
import { type Actor, type Ramp, rampSchema, type RateLimits, rateLimitsSchema, SYSTEM_ACTOR } from "./job-schema";
import { initialDispatcherState, type JobWithId, newJobDoc, parseJob, tickOf } from "./job-store";
import { LEASE_MS } from "./liveness";
import { readLock, releaseLockIfHeld, takeLock } from "./lock";
import { dispatcherRef, jobRef, jobsCol } from "./paths";
import { readRateLimitSettings } from "./rate-limit-settings";
import { enqueueStartTick } from "./start-enqueue";
import { announce, type StatusChange, transition } from "./transitions";

export interface CreateJobInput {
  kind: string;
  params: Record<string, unknown>;
  rateLimits?: Partial<RateLimits>;
  ramp?: Ramp;
  actor: Actor;
  /** System-started jobs wait as queued instead of getting a 409. */
  system?: boolean;
  retryOf?: string | null;
  total?: number | null;
  /** Decisions of the kind's `prepare`, shown on the job. */
  details?: Record<string, unknown>;
  /**
   * A stable id makes the create idempotent (an event delivered twice creates one job): when the
   * job already exists it is returned unchanged.
   */
  jobId?: string;
}

/** What a create may ask of the limits: the values the job document's schema reads back. */
const limitsRequest = z.strictObject({ rateLimits: rateLimitsSchema.partial().optional(), ramp: rampSchema.optional() });

/**
 * A trigger, a script or a kind's `prepare` calls createJob without the API's validation: limits the
 * job document could not be read back with are refused here, before anything is written.
 */
function assertLimits(input: CreateJobInput): void {
  const parsed = limitsRequest.safeParse({ rateLimits: input.rateLimits, ramp: input.ramp });
  if (!parsed.success) throw invalidRequest(parsed.error);
}

export async function createJob(deps: EngineDeps, input: CreateJobInput): Promise<JobWithId> {
  const kind = deps.kinds.require(input.kind);
  assertLimits(input);
  const ref = input.jobId ? jobRef(deps.db, input.jobId) : jobsCol(deps.db).doc();
  let existed = false;
  let superseded: StatusChange | null = null;
  const job = await deps.db.runTransaction(async (tx) => {
    const existing = input.jobId ? await tx.get(ref) : null;
    if (existing?.exists) {
      existed = true;
      return parseJob(existing);
    }
    const settings = await readRateLimitSettings(deps.db, tx);
    const lock = await readLock(deps, tx);
    if (lock.blocking && !input.system) {
      throw new ConflictError("job-running", `Backfill job ${lock.blocking.id} is ${lock.blocking.status}; one job runs at a time`, {
        runningJob: { id: lock.blocking.id, kind: lock.blocking.kind, status: lock.blocking.status },
      });
    }
    const status = lock.blocking ? "queued" : "running";
    const rateLimits = { ...settings, ...kind.defaultRateLimits, ...input.rateLimits };
    const doc = newJobDoc(
      {
        kind: kind.name,
        params: input.params,
        rateLimits,
        ramp: input.ramp,
        actor: input.actor,
        system: input.system ?? false,
        retryOf: input.retryOf ?? null,
        total: input.total ?? null,
        details: input.details,
      },
      status,
      deps.clock.now(),
    );
    superseded = lock.staleHolder ? supersede(deps, tx, lock.staleHolder, ref.id) : null;
    tx.create(ref, doc);
    if (status === "running") {
      tx.create(dispatcherRef(deps.db, ref.id), initialDispatcherState(deps.clock.now()));
      takeLock(deps, tx, ref.id);
    }
    return { id: ref.id, ...doc };
  });
  if (existed) return job;
  announce(superseded);
  if (job.status === "running") {
    log.info(messages.jobCreated(job.id, job.kind), { jobId: job.id, kind: job.kind, createdBy: job.createdBy });
    await enqueueStartTick(deps, job.id, 0, "failed");
  } else {
    log.info(messages.jobQueued(job.id, job.kind, "another job is running"), { jobId: job.id, kind: job.kind });
  }
  return job;
}

/** A stale running job (no chain alive) loses the lock to a new job: it is paused, to be resumed or cancelled later. */
function supersede(deps: EngineDeps, tx: Transaction, stale: JobWithId, byJobId: string): StatusChange {
  const at = Timestamp.fromMillis(deps.clock.now());
  return transition(
    deps,
    tx,
    stale,
    "paused",
    { by: SYSTEM_ACTOR, why: `stale: superseded by job ${byJobId}` },
    {
      lastErrors: FieldValue.arrayUnion({ itemKey: "-", message: `stale: superseded by job ${byJobId}`, at }),
    },
  );
}

async function readInTx(deps: EngineDeps, tx: Transaction, jobId: string): Promise<JobWithId> {
  const snap = await tx.get(jobRef(deps.db, jobId));
  if (!snap.exists) throw new NotFoundError("job-not-found", `No backfill job "${jobId}"`, { jobId });
  return parseJob(snap);
}

/** Pause: `pausing` at once (nothing new is released); the dispatcher makes it `paused` when no item may still run. */
export async function pauseJob(deps: EngineDeps, jobId: string, actor: Actor): Promise<void> {
  const change = await deps.db.runTransaction(async (tx) => transition(deps, tx, await readInTx(deps, tx, jobId), "pausing", { by: actor }));
  announce(change);
}

/**
 * Resume: a `pausing` job whose dispatcher is still draining simply runs on; a `paused` one takes
 * the lock again and starts a new dispatcher chain, which first releases again the items that were
 * in flight when it paused and have no checkpoint (their tasks, had they come while it was paused, did nothing).
 */
export async function resumeJob(deps: EngineDeps, jobId: string, actor: Actor): Promise<void> {
  const result = await deps.db.runTransaction(async (tx) => {
    const job = await readInTx(deps, tx, jobId);
    const state = await tx.get(dispatcherRef(deps.db, jobId));
    const lock = await readLock(deps, tx);
    if (job.status === "pausing") return { change: transition(deps, tx, job, "running", { by: actor }), tick: null };
    if (job.status !== "paused") {
      throw new ConflictError("invalid-transition", `Job ${job.id} is ${job.status}; only a paused or pausing job can be resumed`, {
        status: job.status,
        requested: "running",
      });
    }
    if (lock.blocking && lock.blocking.id !== jobId) {
      throw new ConflictError("job-running", `Backfill job ${lock.blocking.id} is ${lock.blocking.status}; one job runs at a time`, {
        runningJob: { id: lock.blocking.id, kind: lock.blocking.kind, status: lock.blocking.status },
      });
    }
    const now = deps.clock.now();
    const next = tickOf(state) + 1;
    takeLock(deps, tx, jobId);
    const change = transition(deps, tx, job, "running", { by: actor }, { "plan.attempt": job.plan.attempt + 1 });
    tx.set(dispatcherRef(deps.db, jobId), { tick: next, owner: null, leaseUntil: now + LEASE_MS, lastRollupAt: now, reRelease: true }, { merge: true });
    return { change, tick: next };
  });
  announce(result.change);
  if (result.tick !== null) await enqueueStartTick(deps, jobId, result.tick, "paused");
}

/**
 * Cancel: a queued or paused job (nothing of it runs) is `cancelled` at once and frees the lock; a
 * running or pausing one becomes `cancelling`, and the dispatcher makes it `cancelled` (and frees
 * the lock) when no item may still run.
 */
export async function cancelJob(deps: EngineDeps, jobId: string, actor: Actor): Promise<void> {
  const change = await deps.db.runTransaction(async (tx) => {
    const job = await readInTx(deps, tx, jobId);
    const settled = job.status === "queued" || job.status === "paused";
    if (!settled) return transition(deps, tx, job, "cancelling", { by: actor });
    const release = await releaseLockIfHeld(deps, tx, jobId);
    const done = transition(deps, tx, job, "cancelled", { by: actor });
    release();
    return done;
  });
  announce(change);
  if (change.to === "cancelled") await startNextQueued(deps);
}

/** Starts the oldest queued job when no job holds the lock. Returns its id, or null. */
export async function startNextQueued(deps: EngineDeps): Promise<string | null> {
  const oldest = await jobsCol(deps.db).where("status", "==", "queued").orderBy("createdAt").limit(1).get();
  if (oldest.empty) return null;
  const jobId = oldest.docs[0].id;
  const started = await deps.db.runTransaction(async (tx) => {
    const job = await readInTx(deps, tx, jobId);
    const lock = await readLock(deps, tx);
    if (job.status !== "queued" || lock.blocking) return null;
    const at = Timestamp.fromMillis(deps.clock.now());
    const superseded = lock.staleHolder ? supersede(deps, tx, lock.staleHolder, jobId) : null;
    const change = transition(deps, tx, job, "running", { by: SYSTEM_ACTOR, why: "nothing else runs" }, { startedAt: at });
    tx.set(dispatcherRef(deps.db, jobId), initialDispatcherState(deps.clock.now()));
    takeLock(deps, tx, jobId);
    return [superseded, change];
  });
  if (!started) return null;
  started.forEach(announce);
  try {
    await enqueueStartTick(deps, jobId, 0, "failed");
  } catch (error) {
    if (error instanceof UnavailableError && error.code === "enqueue-failed") return null; // logged; the job is failed and the lock free
    throw error;
  }
  return jobId;
}
