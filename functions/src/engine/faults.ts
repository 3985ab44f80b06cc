/**
 * Fault injection for tests (config BACKFILL_FAULT_INJECTION=true; never set in production): a
 * document `backfillFaults/{itemKey}` with `transientFailures: n` makes the next n attempts of that
 * item throw a transient error, so the real retry path (p-retry in the task, then the queue's
 * retryConfig) is exercised against the real emulators.
 */
import type { Firestore } from "firebase-admin/firestore";
import type { TaskQueue } from "./task-queue";

export const FAULTS_COLLECTION = "backfillFaults";

export class InjectedFaultError extends Error {
  constructor(itemKey: string, left: number) {
    super(`Injected transient fault for item ${itemKey} (${left} more to come)`);
    this.name = "InjectedFaultError";
  }
}

/** Consumes one injected failure for the item, if any is left, and throws it. */
export async function throwInjectedFault(db: Firestore, itemKey: string): Promise<void> {
  const ref = db.collection(FAULTS_COLLECTION).doc(itemKey);
  const left = await db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const failures: unknown = snap.get("transientFailures");
    if (typeof failures !== "number" || failures <= 0) return null;
    tx.update(ref, { transientFailures: failures - 1 });
    return failures - 1;
  });
  if (left !== null) throw new InjectedFaultError(itemKey, left);
}

/** Fault keys for enqueue failures: a job's first tick (its id is unknown before the create), any later tick of one job. */
export const FIRST_TICK_FAULT = "enqueue-first-tick";
export const tickFault = (jobId: string) => `enqueue-tick-${jobId}`;

/**
 * Fault injection for dispatcher-tick enqueues: `backfillFaults/enqueue-first-tick` (tick 0 of any
 * job) or `backfillFaults/enqueue-tick-{jobId}` (a later tick of that job, e.g. a resume) with
 * `transientFailures: n` makes the next n such enqueues throw, as Cloud Tasks does when unreachable
 * or refusing (IAM), so the start and resume failure paths run against the real emulators.
 */
export function faultInjectingTaskQueue(inner: TaskQueue, db: Firestore): TaskQueue {
  return {
    enqueueTick: async (p, delay) => {
      await throwInjectedFault(db, p.tick === 0 ? FIRST_TICK_FAULT : tickFault(p.jobId));
      await inner.enqueueTick(p, delay);
    },
    enqueueItem: (p, delay) => inner.enqueueItem(p, delay),
    enqueueRecovery: (p) => inner.enqueueRecovery(p),
  };
}
