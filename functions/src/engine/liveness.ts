/**
 * Liveness of a job's dispatcher chain, and what counts as progress.
 * - A tick holds the dispatcher's lease while it runs and renews it every RENEW_EVERY_MS; a handover
 *   (or a start, a resume) sets the lease to LEASE_MS ahead with no owner, for the next tick to claim.
 *   A lease past its time means the chain is lost (tick task dropped, function crashed or redeployed
 *   mid-tick): the recovery, every minute, resumes the job. Lost within LEASE_MS + one minute.
 * - A job is stale (it no longer blocks the one-job lock) when neither its progress (`updatedAt`,
 *   moved only when counts move) nor its heartbeat (`heartbeatAt`, written once per tick, after the
 *   tick has dealt with overdue items) moved for BACKFILL_STALE_MINUTES. A live chain cannot wait for
 *   ever: every in-flight item is checkpointed, released again or failed as lost (lost-items.ts).
 */
import type { JobWithId } from "./job-store";

/** How far ahead a lease reaches: a live tick renews it long before. */
export const LEASE_MS = 30_000;
export const RENEW_EVERY_MS = 10_000;
/** An item lost this many times (each release given every delivery the queue allows) is failed. */
export const MAX_RELEASES = 3;
/** How often a tick looks for overdue in-flight items (in memory; reads only for overdue ones). */
export const LOST_CHECK_EVERY_MS = 5_000;

export const lostReason = (releases: number) => `lost: no delivery completed after ${releases} releases`;

/** The chain is lost once its lease has run out; a state without one counts from the job's last update. */
export function chainExpiresAt(job: Pick<JobWithId, "updatedAt">, leaseUntil: number | null): number {
  return leaseUntil ?? job.updatedAt.toMillis() + LEASE_MS;
}

/** The latest sign of life: progress, or a tick's heartbeat. */
export function lastSignOfLife(job: Pick<JobWithId, "updatedAt" | "heartbeatAt">): number {
  return Math.max(job.updatedAt.toMillis(), job.heartbeatAt?.toMillis() ?? 0);
}

export function isStale(job: Pick<JobWithId, "status" | "updatedAt" | "heartbeatAt">, now: number, staleMs: number): boolean {
  return job.status === "running" && now - lastSignOfLife(job) > staleMs;
}
