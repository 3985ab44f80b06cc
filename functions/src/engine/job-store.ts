/** Reading and creating job documents; status changes live in ./transitions.ts. */
import { type DocumentSnapshot, type Firestore, Timestamp } from "firebase-admin/firestore";
import { NotFoundError } from "./errors";
import { type Actor, type DispatcherState, emptyErrorSummary, type JobDoc, type Ramp, type RateLimits, jobSchema } from "./job-schema";
import { LEASE_MS } from "./liveness";
import { dispatcherRef, jobRef } from "./paths";

export type JobWithId = JobDoc & { id: string };

export function parseJob(snap: DocumentSnapshot): JobWithId {
  return { id: snap.id, ...jobSchema.parse(snap.data()) };
}

export async function readJob(db: Firestore, jobId: string): Promise<JobWithId> {
  const snap = await jobRef(db, jobId).get();
  if (!snap.exists) throw new NotFoundError("job-not-found", `No backfill job "${jobId}"`, { jobId });
  return parseJob(snap);
}

export interface NewJobInput {
  kind: string;
  params: Record<string, unknown>;
  rateLimits: RateLimits;
  ramp?: Ramp | null;
  actor: Actor;
  system: boolean;
  retryOf: string | null;
  total: number | null;
  details?: Record<string, unknown>;
}

export function newJobDoc(input: NewJobInput, status: "queued" | "running", now: number): JobDoc {
  const at = Timestamp.fromMillis(now);
  const audit: JobDoc["audit"] = [{ action: "created", by: input.actor, at }];
  if (status === "running") audit.push({ action: "started", by: input.actor, at });
  return {
    kind: input.kind,
    params: input.params,
    status,
    system: input.system,
    retryOf: input.retryOf,
    createdBy: input.actor,
    createdAt: at,
    startedAt: status === "running" ? at : null,
    updatedAt: at,
    heartbeatAt: null,
    finishedAt: null,
    cancelledAt: null,
    audit,
    resumes: [],
    rateLimits: input.rateLimits,
    ramp: input.ramp ?? null,
    plan: { cursor: null, done: false, enqueued: 0, attempt: 0 },
    progress: {
      total: input.total,
      processed: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      unavailable: 0,
      currentItem: null,
      itemsPerSecond: 0,
      etaSeconds: null,
    },
    limiter: { state: "idle", inFlight: 0, releasedLastMinute: 0, throttledUntil: null },
    lastErrors: [],
    throttledUntil: null,
    targets: {},
    circuits: {},
    details: input.details ?? {},
    metrics: {},
    tallies: {},
    errorSummary: emptyErrorSummary(),
    summary: {},
    throughput: [],
  };
}

/**
 * A new chain: its first tick must claim the lease within LEASE_MS (or the recovery resumes it), and
 * its first roll-up comes at least a second after the job document was written here.
 */
export function initialDispatcherState(now: number): DispatcherState {
  return {
    tick: 0,
    owner: null,
    leaseUntil: now + LEASE_MS,
    lastReleaseAt: null,
    countedThrough: null,
    inFlight: {},
    recentFinishes: [],
    verifyListed: false,
    reRelease: false,
    lastRollupAt: now,
  };
}

export { dispatcherRef };

/** The dispatcher's current tick number from its state document (0 before the first tick). */
export function tickOf(state: DocumentSnapshot): number {
  const tick: unknown = state.get("tick");
  return typeof tick === "number" ? tick : 0;
}
