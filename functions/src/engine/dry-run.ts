/** Dry run (seed 001 req. 11): what a job would process, how long it would take, and its tokens. */
import type { EngineDeps } from "./deps";
import type { RateLimits } from "./job-schema";
import { intervalMs } from "./dispatcher/pacing";
import type { AnyKind, Page, Prepared } from "./types";

export interface DryRun {
  dryRun: true;
  kind: string;
  params: unknown;
  /** Exact when `itemsComplete`; otherwise a lower bound ("at least"): the listing ran out of time. */
  items: number;
  itemsComplete: boolean;
  rateLimits: RateLimits;
  estimatedDurationSeconds: number;
  estimatedTokens: number | null;
  /** The tokens at the configured price (ANTHROPIC_USD_PER_MILLION_TOKENS), in US dollars; null for kinds that use no AI. */
  estimatedCostUsd: number | null;
  preview: Record<string, unknown>;
  /** The kind's decisions for this request (e.g. strategy and reason), as a job would show them. */
  details: Record<string, unknown>;
}

/**
 * How long a dry run may list a kind without `count`: the request comes through Hosting's rewrite,
 * which cuts it at 60 s, so the listing stops well before and answers "at least N items".
 */
export const DRY_RUN_BUDGET_MS = 20_000;

/** Items per second the limits allow for items taking `msPerItem` each. */
export function itemsPerSecond(limits: RateLimits, msPerItem: number): number {
  const byRate = 1000 / intervalMs(limits);
  const bySlots = (limits.maxConcurrency * 1000) / (msPerItem + limits.minDelayMs);
  return Math.min(byRate, bySlots);
}

export async function dryRun(
  deps: EngineDeps,
  kind: AnyKind,
  prepared: Prepared<Record<string, unknown>>,
  limits: RateLimits,
  budgetMs = DRY_RUN_BUDGET_MS,
): Promise<DryRun> {
  const ctx = { db: deps.db };
  const { params } = prepared;
  const counting = kind.count ? kind.count(ctx, params).then((n) => ({ items: n, complete: true })) : countByListing(deps, kind, params, budgetMs);
  const [{ items, complete }, preview] = await Promise.all([counting, kind.preview?.(ctx, params) ?? {}]);
  const tokens = kind.estimate.tokensPerItem === undefined ? null : items * kind.estimate.tokensPerItem;
  return {
    dryRun: true,
    kind: kind.name,
    params,
    items,
    itemsComplete: complete,
    rateLimits: limits,
    estimatedDurationSeconds: Math.ceil(items / itemsPerSecond(limits, kind.estimate.msPerItem)),
    estimatedTokens: tokens,
    estimatedCostUsd: tokens === null ? null : (tokens / 1_000_000) * deps.config.anthropic.usdPerMillionTokens,
    preview,
    details: prepared.details ?? {},
  };
}

/** Kinds without `count` are counted page by page (never all items in memory), within the budget. */
function countByListing(deps: EngineDeps, kind: AnyKind, params: Record<string, unknown>, budgetMs: number): Promise<ListedCount> {
  const until = deps.clock.now() + budgetMs;
  return countListedWithin(
    (after, limit) => kind.list({ db: deps.db }, params, after, limit),
    deps.config.pageSize,
    () => deps.clock.now() >= until,
  );
}

type Lister = (after: string | null, limit: number) => Promise<Page<unknown>>;

export interface ListedCount {
  items: number;
  /** False when `stop` said so before the listing ended: `items` is then a lower bound. */
  complete: boolean;
}

/** Counts what a cursor listing yields, a page at a time, until it ends or `stop()` is true. */
export async function countListedWithin(list: Lister, pageSize: number, stop: () => boolean): Promise<ListedCount> {
  let after: string | null = null;
  let items = 0;
  for (;;) {
    const page = await list(after, pageSize);
    items += page.items.length;
    if (page.done || page.items.length === 0) return { items, complete: true };
    if (stop()) return { items, complete: false };
    after = page.items[page.items.length - 1].key;
  }
}

/** Counts a whole cursor listing (a kind's `count` may use it). */
export async function countListed(list: Lister, pageSize: number): Promise<number> {
  return (await countListedWithin(list, pageSize, () => false)).items;
}
