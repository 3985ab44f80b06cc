/**
 * The job as item tasks see it, read at most once per JOB_CACHE_MS per instance and job: one
 * instance runs many items, so an item costs no read of the job document. A pause or cancel
 * reaches every instance within JOB_CACHE_MS (the dispatcher stops releasing at once; an item
 * that starts inside that second runs, and is counted like an item already in flight).
 */
import type { EngineDeps } from "./deps";
import { type JobWithId, parseJob } from "./job-store";
import { jobRef } from "./paths";

export const JOB_CACHE_MS = 1000;
/** Entries kept per instance before stale ones are dropped (a few jobs run at a time at most). */
const MAX_ENTRIES = 64;

interface Entry<T> {
  readAt: number;
  value: Promise<T>;
}

/** Values kept for `ttlMs` after their read; concurrent callers share one read; failures are not kept. */
export class TtlCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, now: number, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached && now - cached.readAt < this.ttlMs && now >= cached.readAt) return cached.value;
    const value = load();
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    this.entries.set(key, { readAt: now, value });
    this.prune(now);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    if (this.entries.size <= MAX_ENTRIES) return;
    for (const [key, entry] of this.entries) if (now - entry.readAt >= this.ttlMs) this.entries.delete(key);
  }
}

/** The instance's cache, shared by every item task it runs. */
const jobs = new TtlCache<JobWithId | null>(JOB_CACHE_MS);

/** The job (null when it does not exist), at most JOB_CACHE_MS old. */
export function cachedJob(deps: Pick<EngineDeps, "db" | "clock">, jobId: string): Promise<JobWithId | null> {
  return jobs.get(jobId, deps.clock.now(), async () => {
    const snap = await jobRef(deps.db, jobId).get();
    return snap.exists ? parseJob(snap) : null;
  });
}
