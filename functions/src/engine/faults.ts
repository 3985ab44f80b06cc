/**
 * Fault injection for tests (config BACKFILL_FAULT_INJECTION=true; never set in production): a
 * document `backfillFaults/{itemKey}` with `transientFailures: n` makes the next n attempts of that
 * item throw a transient error, so the real retry path (p-retry in the task, then the queue's
 * retryConfig) is exercised against the real emulators.
 */
import type { Firestore } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
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
  const left = await consumeFault(db, itemKey);
  if (left !== null) throw new InjectedFaultError(itemKey, left);
}

/** Takes one of `transientFailures` from `backfillFaults/{key}`: how many are left, or null if none was. */
async function consumeFault(db: Firestore, key: string): Promise<number | null> {
  const ref = db.collection(FAULTS_COLLECTION).doc(key);
  return db.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    const failures: unknown = snap.get("transientFailures");
    if (typeof failures !== "number" || failures <= 0) return null;
    tx.update(ref, { transientFailures: failures - 1 });
    return failures - 1;
  });
}

/**
 * `backfillFaults/{itemKey}` with `dieOnReleases: n`: every delivery of the item's first n releases
 * kills the functions process before the checkpoint (as an instance crash or out-of-memory does),
 * so Cloud Tasks' attempts run out with no checkpoint and the dispatcher must find the item lost.
 */
export async function dieIfInjected(db: Firestore, itemKey: string, release: number): Promise<void> {
  const dieOnReleases: unknown = (await db.collection(FAULTS_COLLECTION).doc(itemKey).get()).get("dieOnReleases");
  if (typeof dieOnReleases === "number" && release < dieOnReleases) process.exit(137);
}

/** Fault keys for enqueue failures: a job's first tick (its id is unknown before the create), any later tick of one job. */
export const FIRST_TICK_FAULT = "enqueue-first-tick";
export const tickFault = (jobId: string) => `enqueue-tick-${jobId}`;
/** A later tick of one job accepted by the queue and never delivered (lost). */
export const dropTickFault = (jobId: string) => `drop-tick-${jobId}`;

/**
 * Fault injection for dispatcher-tick enqueues: `backfillFaults/enqueue-first-tick` (tick 0 of any
 * job) or `backfillFaults/enqueue-tick-{jobId}` (a later tick of that job, e.g. a resume) with
 * `transientFailures: n` makes the next n such enqueues throw, as Cloud Tasks does when unreachable
 * or refusing (IAM), so the start and resume failure paths run against the real emulators; and
 * `backfillFaults/drop-tick-{jobId}` makes the next n later ticks of that job vanish (accepted, never
 * delivered, as when every delivery of the tick task dies before its handler).
 */
export function faultInjectingTaskQueue(inner: TaskQueue, db: Firestore): TaskQueue {
  return {
    enqueueTick: async (p, delay) => {
      await throwInjectedFault(db, p.tick === 0 ? FIRST_TICK_FAULT : tickFault(p.jobId));
      if (p.tick > 0 && (await consumeFault(db, dropTickFault(p.jobId))) !== null) {
        log.warn(messages.faultTickDropped(p.jobId, p.tick), { jobId: p.jobId, tick: p.tick });
        return; // "accepted", never delivered
      }
      await inner.enqueueTick(p, delay);
    },
    enqueueItem: (p, delay) => inner.enqueueItem(p, delay),
    enqueueRecovery: (p) => inner.enqueueRecovery(p),
  };
}
