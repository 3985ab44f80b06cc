/**
 * Fault injection for tests (config BACKFILL_FAULT_INJECTION=true; never set in production): a
 * document `backfillFaults/{itemKey}` with `transientFailures: n` makes the next n attempts of that
 * item throw a transient error, so the real retry path (p-retry in the task, then the queue's
 * retryConfig) is exercised against the real emulators.
 */
import type { Firestore } from "firebase-admin/firestore";

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
