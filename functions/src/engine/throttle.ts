/**
 * The job's hold (`dispatcher/throttle`): a Retry-After from an item's source, or an open circuit,
 * makes the dispatcher release nothing before `until`. Item tasks write it here, never on the job
 * document, so a 429 storm from many concurrent items costs the job document nothing: the
 * dispatcher copies the hold onto the job with its roll-up (at most once a second).
 */
import { Timestamp } from "firebase-admin/firestore";
import type { EngineDeps } from "./deps";
import { throttleSchema } from "./job-schema";
import { throttleRef } from "./paths";

/** A hold ending within this of the current one is the same hold: no write. */
const SAME_HOLD_MS = 500;

/**
 * Extends the job's hold to `untilMs`; true when it wrote (the hold was shorter). No transaction:
 * twenty items in a storm would queue on its lock. A write is conditional on the document being
 * unchanged since it was read (or absent), so a shorter hold never replaces a longer one.
 */
export async function holdJob(deps: EngineDeps, jobId: string, untilMs: number, reason: string): Promise<boolean> {
  const ref = throttleRef(deps.db, jobId);
  const hold = { until: Timestamp.fromMillis(untilMs), reason };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const snap = await ref.get();
    if ((throttleSchema.safeParse(snap.data()).data?.until.toMillis() ?? 0) >= untilMs - SAME_HOLD_MS) return false;
    try {
      if (snap.exists) await ref.update(hold, { lastUpdateTime: snap.updateTime! });
      else await ref.create(hold);
      return true;
    } catch (error) {
      if (!CHANGED_MEANWHILE.includes((error as { code?: unknown }).code as number)) throw error;
    }
  }
  return false; // others keep extending it: the hold is at least as long as theirs
}

/** gRPC codes of a write whose precondition failed: ALREADY_EXISTS, FAILED_PRECONDITION. */
const CHANGED_MEANWHILE = [6, 9];
