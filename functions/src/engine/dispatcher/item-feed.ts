/**
 * A tick's feed of items: lists them a page at a time from the saved cursor (skipping those in flight,
 * and those already checkpointed when a relisting asks for it), holds them until released, enqueues
 * the item tasks of a release, and knows the plan the job document records (release cursor, listing
 * done, items enqueued) and how many it released in the last minute.
 */
import type { EngineDeps } from "../deps";
import type { DispatcherState, JobPlan } from "../job-schema";
import type { JobWithId } from "../job-store";
import { itemKeyOf } from "../checkpoint-id";
import { checkpointRef } from "../paths";
import type { ListedItem } from "../types";
import { sourceFor } from "./item-source";

export class ItemFeed {
  /** Listed, not yet released; `after`: the key listed just before each (where relisting it starts). */
  private readonly queue: Array<ListedItem<unknown> & { after: string | null }> = [];
  private listCursor: string | null;
  private listDone: boolean;
  private releaseCursor: string | null;
  private enqueued: number;
  /** When each release of the last minute went out, one entry per item. */
  private readonly releases: number[] = [];

  constructor(
    private readonly deps: EngineDeps,
    plan: JobPlan,
  ) {
    this.listCursor = this.releaseCursor = plan.cursor;
    this.listDone = plan.done;
    this.enqueued = plan.enqueued;
  }

  /** Items listed and waiting for release. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Every item is listed and released. */
  get exhausted(): boolean {
    return this.listDone && this.queue.length === 0;
  }

  /** Nothing waits and the listing has more. */
  get needsRefill(): boolean {
    return this.queue.length === 0 && !this.listDone;
  }

  async refill(job: JobWithId, state: DispatcherState): Promise<void> {
    const page = await sourceFor(this.deps, job).list(this.listCursor, this.deps.config.pageSize);
    const listed = page.items.map((item, i) => ({ ...item, after: i === 0 ? this.listCursor : page.items[i - 1].key }));
    let items = listed.filter((i) => !state.inFlight[i.key]);
    if (state.verifyListed && items.length > 0) {
      const refs = items.map((i) => checkpointRef(this.deps.db, job.id, i.key));
      const existing = new Set((await this.deps.db.getAll(...refs)).filter((s) => s.exists).map((s) => itemKeyOf(s.id)));
      if (existing.size === 0) state.verifyListed = false;
      items = items.filter((i) => !existing.has(i.key));
    }
    this.queue.push(...items);
    this.listCursor = page.items.at(-1)?.key ?? this.listCursor;
    this.listDone = page.done;
  }

  /** Releases the next `count` items: in flight in the dispatcher state, their tasks enqueued. */
  async release(job: JobWithId, state: DispatcherState, count: number, now: number): Promise<number> {
    const batch = this.queue.splice(0, count);
    const attempt = job.plan.attempt;
    for (const { key, after, target } of batch) {
      state.inFlight[key] = { after, target: target ?? null, attempt, releasedAt: now, releases: 1 };
    }
    this.releaseCursor = batch.at(-1)?.key ?? this.releaseCursor;
    this.enqueued += batch.length;
    this.releases.push(...batch.map(() => now));
    await Promise.all(
      batch.map(({ key, item, target }) =>
        this.deps.tasks.enqueueItem({ jobId: job.id, itemKey: key, item, target: target ?? null, attempt, releasedAt: now }),
      ),
    );
    return batch.length;
  }

  /** The job's plan as this feed has advanced it. */
  plan(attempt: number): JobPlan {
    return { cursor: this.releaseCursor, done: this.exhausted, enqueued: this.enqueued, attempt };
  }

  releasedLastMinute(now: number): number {
    while (this.releases.length > 0 && now - this.releases[0] > 60_000) this.releases.shift();
    return this.releases.length;
  }
}
