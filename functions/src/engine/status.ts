/** Job statuses, each with what it means, and the only transitions the engine allows. */
export const JOB_STATUSES = [
  /** Created by the system while another job ran; recovery starts it when nothing runs. */
  "queued",
  /** Items are being released and processed (also after a resume from a crash). */
  "running",
  /** No new items are released; in-flight items finish; resume goes on from the checkpoints. */
  "paused",
  /** Every item processed and none failed. */
  "completed",
  /** Every item processed, some failed and some did not: retry-failed can start a job over them. */
  "partial",
  /** Every item failed (the source is down, say), or the job could not run at all. */
  "failed",
  /** Stopped by an operator: later tasks do nothing, in-flight items finish and count. */
  "cancelled",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

export const FINISHED_STATUSES: readonly JobStatus[] = ["completed", "partial", "failed", "cancelled"];
/** Statuses that hold the one-job-at-a-time lock. */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["running", "paused"];

/** Allowed transitions. `running -> running` is a resume after a crash (recorded in `resumes`). */
export const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: ["running", "cancelled"],
  running: ["running", "paused", "completed", "partial", "failed", "cancelled"],
  paused: ["running", "cancelled"],
  completed: [],
  partial: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinished(status: JobStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}
