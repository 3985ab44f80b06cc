/**
 * Settling a draining job: `pausing` becomes `paused` and `cancelling` becomes `cancelled` once no
 * released item may still run. An item may still run while its task can be delivered and do work:
 * it has no checkpoint yet, is not past its lost deadline, and is not waiting on a circuit deferral
 * (a deferred task that fires while the job is paused does nothing; one that fires while it is
 * cancelling checkpoints the item skipped). The status change is written with the last roll-up, in
 * the lease owner's transaction; `cancelled` also frees the one-job lock.
 */
import type { DocumentData } from "firebase-admin/firestore";
import type { EngineDeps } from "../deps";
import { deferralSchema, type DispatcherState, SYSTEM_ACTOR } from "../job-schema";
import { parseJob } from "../job-store";
import { releaseLockIfHeld } from "../lock";
import { deferralRef, dispatcherRef, jobRef } from "../paths";
import { type DrainingStatus, SETTLES_INTO } from "../status";
import { type StatusChange, transition } from "../transitions";

/** Keys of in-flight items that may still run (reads the deferrals of those not yet overdue). */
export async function mayStillRun(deps: EngineDeps, jobId: string, inFlight: DispatcherState["inFlight"], now: number): Promise<string[]> {
  const keys = Object.keys(inFlight).filter((key) => now - inFlight[key].releasedAt < deps.config.lostItemMs);
  if (keys.length === 0) return [];
  const deferrals = await deps.db.getAll(...keys.map((key) => deferralRef(deps.db, jobId, key)));
  return keys.filter((_, i) => {
    const deferral = deferrals[i].exists ? deferralSchema.safeParse(deferrals[i].data()) : null;
    return !(deferral?.success && deferral.data.dueAt > now);
  });
}

export type SettleResult = { result: "settled"; change: StatusChange } | { result: "moved-on" | "superseded"; change: null };

/** Writes the settled status with the roll-up's fields, if `owner` still holds the lease and the job is still `from`. */
export async function settleIfOwner(
  deps: EngineDeps,
  jobId: string,
  owner: string,
  from: DrainingStatus,
  jobFields: DocumentData,
  stateFields: Partial<DispatcherState>,
): Promise<SettleResult> {
  return deps.db.runTransaction(async (tx): Promise<SettleResult> => {
    const state = await tx.get(dispatcherRef(deps.db, jobId));
    if (state.get("owner") !== owner) return { result: "superseded", change: null };
    const job = parseJob(await tx.get(jobRef(deps.db, jobId)));
    const to = SETTLES_INTO[from];
    const release = to === "cancelled" ? await releaseLockIfHeld(deps, tx, jobId) : () => undefined;
    if (job.status !== from) return { result: "moved-on", change: null }; // resumed (or cancelled) meanwhile
    const change = transition(deps, tx, job, to, { by: SYSTEM_ACTOR, why: "no released item may still run" }, jobFields);
    tx.update(dispatcherRef(deps.db, jobId), stateFields);
    release();
    return { result: "settled", change };
  });
}
