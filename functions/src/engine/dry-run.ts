/** Dry run (seed 001 req. 11): what a job would process, how long it would take, and its tokens. */
import type { EngineDeps } from "./deps";
import type { RateLimits } from "./job-schema";
import { intervalMs } from "./dispatcher/pacing";
import type { AnyKind, Page, Prepared } from "./types";

export interface DryRun {
  dryRun: true;
  kind: string;
  params: unknown;
  items: number;
  rateLimits: RateLimits;
  estimatedDurationSeconds: number;
  estimatedTokens: number | null;
  preview: Record<string, unknown>;
  /** The kind's decisions for this request (e.g. strategy and reason), as a job would show them. */
  details: Record<string, unknown>;
}

/** Items per second the limits allow for items taking `msPerItem` each. */
export function itemsPerSecond(limits: RateLimits, msPerItem: number): number {
  const byRate = 1000 / intervalMs(limits);
  const bySlots = (limits.maxConcurrency * 1000) / (msPerItem + limits.minDelayMs);
  return Math.min(byRate, bySlots);
}

export async function dryRun(deps: EngineDeps, kind: AnyKind, prepared: Prepared<Record<string, unknown>>, limits: RateLimits): Promise<DryRun> {
  const ctx = { db: deps.db };
  const { params } = prepared;
  const [items, preview] = await Promise.all([kind.count ? kind.count(ctx, params) : countByListing(deps, kind, params), kind.preview?.(ctx, params) ?? {}]);
  return {
    dryRun: true,
    kind: kind.name,
    params,
    items,
    rateLimits: limits,
    estimatedDurationSeconds: Math.ceil(items / itemsPerSecond(limits, kind.estimate.msPerItem)),
    estimatedTokens: kind.estimate.tokensPerItem === undefined ? null : items * kind.estimate.tokensPerItem,
    preview,
    details: prepared.details ?? {},
  };
}

/** Kinds without `count` are counted page by page (never all items in memory). */
function countByListing(deps: EngineDeps, kind: AnyKind, params: Record<string, unknown>): Promise<number> {
  return countListed((after, limit) => kind.list({ db: deps.db }, params, after, limit), deps.config.pageSize);
}

/** Counts what a cursor listing yields, a page at a time (a kind's `count` may use it too). */
export async function countListed(list: (after: string | null, limit: number) => Promise<Page<unknown>>, pageSize: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const page = await list(after, pageSize);
    total += page.items.length;
    if (page.done || page.items.length === 0) return total;
    after = page.items[page.items.length - 1].key;
  }
}
