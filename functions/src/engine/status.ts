/**
 * Job statuses, each with what it means, and the one table of transitions the engine allows. Every
 * status change goes through `transition` (./transitions.ts), which checks this table.
 */
export const JOB_STATUSES = [
  /** Created by the system while another job ran; started when nothing holds the lock (recovery, or the job before it ending). */
  "queued",
  /** Items are being released and processed (also after a resume from a crash). */
  "running",
  /** Pause asked: nothing new is released; items already released finish. Becomes `paused` when none may still run. */
  "pausing",
  /** No item of the job is running; resume goes on from the checkpoints. Holds the one-job lock. */
  "paused",
  /** Every item processed and none failed. */
  "completed",
  /** Every item processed, some failed and some did not: retry-failed can start a job over them. */
  "partial",
  /** Every item failed (the source is down, say), or the job could not run at all. */
  "failed",
  /** Cancel asked: items already running finish and count; released items that have not started are checkpointed skipped. */
  "cancelling",
  /** Stopped by an operator, and no item of the job is running. */
  "cancelled",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: readonly JobStatus[] = ["completed", "partial", "failed", "cancelled"];
/** Statuses that hold the one-job-at-a-time lock. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["running", "pausing", "paused", "cancelling"];
/** Statuses whose dispatcher chain is alive (recovery resumes a lost one). */
export const CHAIN_STATUSES: readonly JobStatus[] = ["running", "pausing", "cancelling"];
/** A draining status and the one it settles into once no item may still run. */
export const SETTLES_INTO = { pausing: "paused", cancelling: "cancelled" } as const satisfies Partial<Record<JobStatus, JobStatus>>;
export type DrainingStatus = keyof typeof SETTLES_INTO;

/**
 * Allowed transitions, and who makes them:
 * - queued -> running: the oldest queued job starts when nothing holds the lock (recovery, a
 *   finished job's finalize, a cancel).
 * - running -> running: recovery resumes a lost dispatcher chain (recorded in `resumes` too).
 * - running -> pausing / cancelling, pausing -> running / cancelling, paused -> running / cancelled,
 *   queued -> cancelled: an operator (the API).
 * - pausing -> paused, cancelling -> cancelled: the dispatcher, once no released item may still run.
 * - running -> completed / partial / failed: the dispatcher, when every item is processed.
 * - running -> failed: a job whose first dispatcher task the queue refused (start-enqueue.ts).
 * - running -> paused: a resume whose task the queue refused, or a stale job superseded by a new
 *   one; in both no dispatcher chain is alive, so nothing is released and no item waits on one.
 */
export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ["running", "cancelled"],
  running: ["running", "pausing", "paused", "cancelling", "completed", "partial", "failed"],
  pausing: ["paused", "running", "cancelling"],
  paused: ["running", "cancelled"],
  completed: [],
  partial: [],
  failed: [],
  cancelling: ["cancelled"],
  cancelled: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinished(status: JobStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

export function isDraining(status: JobStatus): status is DrainingStatus {
  return status in SETTLES_INTO;
}
