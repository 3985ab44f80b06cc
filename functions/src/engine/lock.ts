/**
 * One job at a time (seed 001): the lock document names the job holding it. A holder blocks others
 * while it is running (with progress or a heartbeat in the last BACKFILL_STALE_MINUTES), pausing,
 * paused or cancelling (a draining job whose chain is lost is resumed by the recovery, so it settles).
 */
import { type Transaction, Timestamp } from "firebase-admin/firestore";
import type { EngineDeps } from "./deps";
import { type JobWithId, parseJob } from "./job-store";
import { isStale } from "./liveness";
import { jobRef, lockRef } from "./paths";
import { ACTIVE_STATUSES } from "./status";

export interface LockState {
  /** The job that holds the lock and still blocks others, if any. */
  blocking: JobWithId | null;
  /** A holder that no longer blocks because it is stale. */
  staleHolder: JobWithId | null;
}

/** Reads the lock inside a transaction (reads only; call before any write). */
export async function readLock(deps: EngineDeps, tx: Transaction): Promise<LockState> {
  const lock = await tx.get(lockRef(deps.db));
  const holderId: unknown = lock.get("jobId");
  if (typeof holderId !== "string") return { blocking: null, staleHolder: null };
  const holderSnap = await tx.get(jobRef(deps.db, holderId));
  if (!holderSnap.exists) return { blocking: null, staleHolder: null };
  const holder = parseJob(holderSnap);
  const draining = holder.status !== "running" && ACTIVE_STATUSES.includes(holder.status);
  if (draining || (holder.status === "running" && !isStale(holder, deps.clock.now(), deps.config.staleMs))) {
    return { blocking: holder, staleHolder: null };
  }
  return { blocking: null, staleHolder: holder.status === "running" ? holder : null };
}

export function takeLock(deps: EngineDeps, tx: Transaction, jobId: string): void {
  tx.set(lockRef(deps.db), { jobId, since: Timestamp.fromMillis(deps.clock.now()) });
}

/** Releases the lock if `jobId` holds it (reads first: call before writes in the same transaction). */
export async function releaseLockIfHeld(deps: EngineDeps, tx: Transaction, jobId: string): Promise<() => void> {
  const lock = await tx.get(lockRef(deps.db));
  return () => {
    if (lock.get("jobId") === jobId) tx.delete(lockRef(deps.db));
  };
}
