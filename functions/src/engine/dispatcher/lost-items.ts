/**
 * Lost items. Cloud Tasks deletes a task after its last attempt, and attempts that never reach the
 * handler count (instance crash, out of memory, timeout, 429/503 while scaling): an item can vanish
 * with no checkpoint. The dispatcher knows every item it released and when; one still without a
 * checkpoint `config.lostItemMs` after its release (every delivery the queue allows, with backoff,
 * from the queue config) is released again under a new task name, up to MAX_RELEASES times, then
 * checkpointed `failed` ("lost: ..."), so the job always finishes with exact counts.
 * A circuit deferral (the item rescheduled itself while its source was down) restarts the clock.
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { commitCheckpoint, reportItemFailure } from "../checkpoint-write";
import { deferralSchema, type DispatcherState } from "../job-schema";
import type { JobWithId } from "../job-store";
import { lostReason, MAX_RELEASES } from "../liveness";
import { checkpointRef, deferralRef } from "../paths";
import { jobParamsOf, type ListedItem } from "../types";
import { relist } from "./relist";

type Entry = DispatcherState["inFlight"][string];

export interface LostReport {
  released: string[];
  failed: string[];
}

/** In-flight items past their lost deadline (in memory: no reads). */
export function overdueKeys(inFlight: DispatcherState["inFlight"], now: number, lostItemMs: number): string[] {
  return Object.entries(inFlight)
    .filter(([, entry]) => now - entry.releasedAt >= lostItemMs)
    .map(([key]) => key);
}

/** Looks at overdue items once: released again, failed as lost, or (checkpointed, deferred) left be. */
export async function settleOverdue(deps: EngineDeps, job: JobWithId, state: DispatcherState, keys: string[]): Promise<LostReport> {
  const report: LostReport = { released: [], failed: [] };
  if (keys.length === 0) return report;
  const { db } = deps;
  const snaps = await db.getAll(...keys.flatMap((k) => [checkpointRef(db, job.id, k), deferralRef(db, job.id, k)]));
  const now = deps.clock.now();
  const lost: Array<[string, Entry]> = [];
  keys.forEach((key, i) => {
    const entry = state.inFlight[key];
    if (!entry) return;
    const deferral = deferralSchema.safeParse(snaps[2 * i + 1].data()).data;
    if (snaps[2 * i].exists)
      entry.releasedAt = now; // counted by the listener (or, if it was missed, by the next tick)
    else if (deferral && deferral.dueAt > entry.releasedAt) entry.releasedAt = deferral.dueAt;
    else lost.push([key, entry]);
  });
  const listed = await relist(deps, job, lost);
  await Promise.all(
    lost.map(async ([key, entry]) => {
      const again = listed.get(key);
      if (!again) {
        state.inFlight[key] = { ...entry, releasedAt: now };
        if (await skipUnlisted(deps, job.id, key, entry)) report.failed.push(key);
      } else if (entry.releases < MAX_RELEASES) {
        const { releases } = entry;
        state.inFlight[key] = { ...entry, attempt: job.plan.attempt, releasedAt: now, releases: releases + 1 };
        log.warn(messages.itemLost(job.id, key, releases, Math.round(deps.config.lostItemMs / 1000)), { jobId: job.id, itemKey: key, releases });
        await deps.tasks.enqueueItem({
          jobId: job.id,
          itemKey: key,
          item: again.item,
          target: entry.target,
          attempt: job.plan.attempt,
          release: releases,
          releasedAt: now,
        });
        report.released.push(key);
      } else {
        state.inFlight[key] = { ...entry, releasedAt: now };
        if (await failLostItem(deps, job, key, entry, again)) report.failed.push(key);
      }
    }),
  );
  return report;
}

/**
 * An in-flight item the kind no longer lists (deleted, or out of scope since its release) is
 * checkpointed `skipped`, unless a delivery got there first: the job's counts still close.
 */
export async function skipUnlisted(deps: EngineDeps, jobId: string, key: string, entry: Entry): Promise<boolean> {
  const { db } = deps;
  const written = await commitCheckpoint(db, checkpointRef(db, jobId, key), async () => ({
    outcome: "skipped",
    attempts: 0,
    target: entry.target,
    item: entry.item ?? null,
    error: null,
    detail: { skipped: "no longer listed" },
  }));
  if (written) log.warn(messages.itemNoLongerListed(jobId, key), { jobId, itemKey: key });
  return written;
}

/** Checkpoints a lost item as failed (with the kind's failure effect), unless a delivery got there first. */
async function failLostItem(deps: EngineDeps, job: JobWithId, key: string, entry: Entry, listed: ListedItem<unknown>): Promise<boolean> {
  const { db } = deps;
  const kind = deps.kinds.require(job.kind);
  const ctx = { db, jobId: job.id };
  const failure = { message: lostReason(entry.releases), retryable: true, type: "LostItem" };
  const params = jobParamsOf(kind).safeParse(job.params);
  const item = kind.item.safeParse(listed.item);
  const effect = params.success && item.success && kind.failureEffect ? kind.failureEffect(ctx, params.data, item.data, failure) : null;
  const written = await commitCheckpoint(db, checkpointRef(db, job.id, key), async (tx) => {
    const detail = effect ? await effect(tx) : undefined;
    return { outcome: "failed", attempts: 0, target: entry.target, item: listed.item, error: failure, detail: detail ?? null };
  });
  if (!written) return false;
  if (item.success) await reportItemFailure(kind, ctx, key, item.data, failure);
  else log.error(messages.itemFailed(job.id, key, failure.message), { jobId: job.id, itemKey: key, ...failure });
  return true;
}
