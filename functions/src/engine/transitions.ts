/**
 * The one path for a job's status change: `transition` checks the table (status.ts), writes the
 * status with the caller's fields and appends the audit entry (who, when, from, to, why), inside
 * the caller's transaction; `announce` logs it once the transaction has committed (a transaction
 * may run its function more than once). Lifecycle, finalize, recovery, the lease, supersede and the
 * start-enqueue undo all change statuses through here.
 */
import { FieldValue, Timestamp, type Transaction } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { Clock } from "./deps";
import { ConflictError } from "./errors";
import type { Actor, AuditEntry } from "./job-schema";
import type { JobWithId } from "./job-store";
import { jobRef } from "./paths";
import { canTransition, FINISHED_STATUSES, type JobStatus } from "./status";

export interface Cause {
  by: Actor;
  /** Why, when it is not the actor's plain request. */
  why?: string;
}

/** A committed (or about to commit) status change, for `announce`. */
export interface StatusChange {
  jobId: string;
  from: JobStatus;
  to: JobStatus;
  by: Actor;
  why?: string;
}

/** The audit action of a change: what an operator reading the job's history calls it. */
export function auditAction(from: JobStatus, to: JobStatus): AuditEntry["action"] {
  if (to === "running") return from === "queued" ? "started" : "resumed";
  if (to === "failed") return "failed";
  if (to === "completed" || to === "partial") return "finished";
  return to as Exclude<JobStatus, "running" | "queued" | "completed" | "partial" | "failed">;
}

/** Refuses a change the table does not allow (409 through the API). */
function assertTransition(job: Pick<JobWithId, "id" | "status">, to: JobStatus): void {
  if (!canTransition(job.status, to)) {
    throw new ConflictError("invalid-transition", `Job ${job.id} is ${job.status}; it cannot become ${to}`, { status: job.status, requested: to });
  }
}

/**
 * Writes `job`'s move to `to` in `tx` (after the transaction's reads), with `fields` (e.g.
 * progress). A finished status sets finishedAt, and `cancelled` cancelledAt, unless `fields` does.
 */
export function transition(
  deps: { db: FirebaseFirestore.Firestore; clock: Clock },
  tx: Transaction,
  job: Pick<JobWithId, "id" | "status">,
  to: JobStatus,
  cause: Cause,
  fields: Record<string, unknown> = {},
): StatusChange {
  assertTransition(job, to);
  const at = Timestamp.fromMillis(deps.clock.now());
  const entry: AuditEntry = { action: auditAction(job.status, to), by: cause.by, at, from: job.status, to, ...(cause.why ? { why: cause.why } : {}) };
  const finished = { ...(FINISHED_STATUSES.includes(to) ? { finishedAt: at } : {}), ...(to === "cancelled" ? { cancelledAt: at } : {}) };
  tx.update(jobRef(deps.db, job.id), { ...finished, updatedAt: at, ...fields, status: to, audit: FieldValue.arrayUnion(entry) });
  return { jobId: job.id, from: job.status, to, by: cause.by, ...(cause.why ? { why: cause.why } : {}) };
}

/** The change's log line (after the commit). */
export function announce(change: StatusChange | null | undefined): void {
  if (!change) return;
  const fields = { jobId: change.jobId, from: change.from, to: change.to, by: change.by, ...(change.why ? { why: change.why } : {}) };
  const line = messages.jobStatusChanged(change.jobId, change.from, change.to);
  if (change.to === "failed" || (change.from === "running" && change.to === "paused")) log.warn(line, fields);
  else log.info(line, fields);
}

/** An audit entry that is not a status change (a retry started from this job). */
export function auditNote(deps: { db: FirebaseFirestore.Firestore; clock: Clock }, jobId: string, action: "retried", cause: Cause): Promise<unknown> {
  const entry: AuditEntry = { action, by: cause.by, at: Timestamp.fromMillis(deps.clock.now()), ...(cause.why ? { why: cause.why } : {}) };
  return jobRef(deps.db, jobId).update({ audit: FieldValue.arrayUnion(entry) });
}
