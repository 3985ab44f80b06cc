/**
 * Housekeeping of the released-but-unfinished items a tick inherits: checkpoints an earlier
 * tick's listener missed, and (after a crash) items released again under the new attempt.
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { checkpointSchema, type DispatcherState } from "../job-schema";
import type { JobWithId } from "../job-store";
import { itemKeyOf } from "../checkpoint-id";
import { checkpointRef } from "../paths";
import { isAfter, type ProgressCounter } from "./counter";
import { skipUnlisted } from "./lost-items";
import { relist } from "./relist";

/**
 * In-flight items whose checkpoint is already at or before `countedThrough` were missed by the
 * listener of an earlier tick (a commit seen out of timestamp order): count them now.
 * Returns how many were counted.
 */
export async function countMissedCheckpoints(deps: EngineDeps, jobId: string, state: DispatcherState, counter: ProgressCounter): Promise<number> {
  const since = state.countedThrough;
  const keys = Object.keys(state.inFlight);
  if (!since || keys.length === 0) return 0;
  const snaps = await deps.db.getAll(...keys.map((k) => checkpointRef(deps.db, jobId, k)));
  const now = deps.clock.now();
  let late = 0;
  for (const snap of snaps) {
    if (!snap.exists) continue;
    const checkpoint = checkpointSchema.parse(snap.data());
    if (isAfter(checkpoint.finishedAt, since)) continue; // the listener delivers it
    const key = itemKeyOf(snap.id);
    counter.apply(key, checkpoint, now);
    delete state.inFlight[key];
    late += 1;
  }
  if (late > 0) log.warn(messages.checkpointsReconciled(jobId, late), { jobId, late });
  return late;
}

/**
 * After a crash: in-flight items without a checkpoint go out again under the new attempt's names
 * (listed again for their payload; one the kind no longer lists is checkpointed skipped).
 */
export async function releaseInFlightAgain(deps: EngineDeps, job: JobWithId, state: DispatcherState): Promise<void> {
  const attempt = job.plan.attempt;
  const keys = Object.keys(state.inFlight);
  const snaps = keys.length > 0 ? await deps.db.getAll(...keys.map((k) => checkpointRef(deps.db, job.id, k))) : [];
  const now = deps.clock.now();
  const missing = snaps.filter((s) => !s.exists).map((s): [string, DispatcherState["inFlight"][string]] => [itemKeyOf(s.id), state.inFlight[itemKeyOf(s.id)]]);
  const listed = await relist(deps, job, missing);
  await Promise.all(
    missing.map(async ([key, entry]) => {
      const again = listed.get(key);
      if (!again) {
        await skipUnlisted(deps, job.id, key, entry);
        return;
      }
      state.inFlight[key] = { ...entry, attempt, releasedAt: now, releases: entry.releases + 1 };
      await deps.tasks.enqueueItem({ jobId: job.id, itemKey: key, item: again.item, target: entry.target, attempt, release: entry.releases, releasedAt: now });
    }),
  );
  state.reRelease = false;
}
