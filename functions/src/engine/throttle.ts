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

/** Extends the job's hold to `untilMs`; true when it wrote (the hold was shorter). */
export async function holdJob(deps: EngineDeps, jobId: string, untilMs: number, reason: string): Promise<boolean> {
  const ref = throttleRef(deps.db, jobId);
  const covers = (data: unknown) => (throttleSchema.safeParse(data).data?.until.toMillis() ?? 0) >= untilMs - SAME_HOLD_MS;
  if (covers((await ref.get()).data())) return false; // the common case in a storm: no transaction
  return deps.db.runTransaction(async (tx) => {
    if (covers((await tx.get(ref)).data())) return false;
    tx.set(ref, { until: Timestamp.fromMillis(untilMs), reason });
    return true;
  });
}
