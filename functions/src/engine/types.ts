/**
 * Glossary (the same words are used across the engine, the API, the page and docs/architecture.md)
 *
 * - job: one run of a kind with validated params; the document `backfillJobs/{jobId}`.
 * - kind: the definition of a backfill: `params` (zod), `list` (cursor pages of items),
 *   `process` (one item, idempotent), optional `prepare`, `count`, `preview`. One folder under
 *   src/kinds; registered in src/kinds/registry.ts. The engine never imports a kind
 *   (docs/writing-a-kind.md).
 * - item: one unit of work, named by a stable `itemKey` (unique within a job).
 * - plan task (dispatcher tick): a Cloud Tasks invocation that lists pages of items from the saved
 *   cursor, releases their item tasks at the job's pace (rate limits), rolls progress up onto the
 *   job document, and hands over to the next tick. Never loads all items at once.
 * - item task: a Cloud Tasks invocation that processes one item and checkpoints it.
 * - checkpoint: `backfillJobs/{jobId}/backfillCheckpoints/{checkpointId(itemKey)}` with the item's outcome, written in the same
 *   transaction as the item's effect, so that a redelivered task does no work twice and counts once.
 * - outcome: `succeeded | failed | skipped | unavailable`; errors carry `retryable` or not.
 * - target: the group an item belongs to (e.g. a district), for per-target progress rows.
 * - window: the items between the saved cursor and the release position: released items whose
 *   checkpoint may still be missing. Recovery re-plans from the saved cursor over this window.
 * - attempt: bumped each time recovery resumes a job; item task names carry it, because Cloud Tasks
 *   refuses a reused task name for about an hour.
 */
import type { Firestore, Transaction } from "firebase-admin/firestore";
import type { z } from "zod";
import type { CircuitPolicy } from "./circuit/breaker";
import type { RateLimits } from "./job-schema";

export type Outcome = "succeeded" | "failed" | "skipped" | "unavailable";

/** One item as listed by a kind: its stable key, its payload (sent in the task body) and target. */
export interface ListedItem<Item> {
  key: string;
  item: Item;
  target?: string;
}

/** One page of a kind's listing, ordered by item key; the cursor for the next page is the last key. */
export interface Page<Item> {
  items: ListedItem<Item>[];
  /** True when nothing follows this page. */
  done: boolean;
}

/** What a kind's `process` decided for one item. */
export interface ItemResult {
  outcome: Exclude<Outcome, "failed">;
  /**
   * The item's effect, run inside the engine's transaction before the checkpoint is written:
   * reads first, then writes. Omit it when the outcome has no effect (skipped, unavailable).
   * It may return detail fields decided by its reads (e.g. how many documents it wrote); they are
   * merged into `detail` on the checkpoint (a retried transaction reports its last run).
   */
  commit?: (tx: Transaction) => Promise<ItemDetail | void> | ItemDetail | void;
  /** A few small fields kept on the checkpoint (e.g. the rating given). */
  detail?: ItemDetail;
}

/** Small fields kept on a checkpoint; a list of strings is for tallies (see Kind.tallies). */
export type ItemDetail = Record<string, string | number | boolean | null | string[]>;

/** What a kind's `prepare` makes of a request before the job is created. */
export interface Prepared<Params> {
  /** The params the job runs with (e.g. with the strategy and the districts resolved). */
  params: Params;
  /** Limits the request asked for through its params (e.g. seed 002's `concurrency`). */
  rateLimits?: Partial<RateLimits>;
  /** Decisions shown on the job (`details`), e.g. the strategy chosen and why. */
  details?: Record<string, unknown>;
}

/** What the engine hands a kind when no job is involved yet, or the call is about the whole job: prepare, list, count, previews, auto-start. */
export interface KindContext {
  db: Firestore;
}

/** What the engine hands a kind for one job's work: process, failureEffect and the hooks. */
export interface JobContext extends KindContext {
  jobId: string;
}

export interface JobSummary {
  id: string;
  kind: string;
  params: unknown;
  total: number | null;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  unavailable: number;
  status: string;
  elapsedMs: number;
  /** The kind's summed metrics (see Kind.metrics). */
  metrics: Record<string, number>;
}

export interface FailedItem<Item> {
  key: string;
  item: Item;
  message: string;
  retryable: boolean;
  /** The error's class name (e.g. "DashboardHttpError"). */
  type?: string;
}

/** What a job has summed so far, handed to Kind.summarize. */
export interface JobAggregates {
  metrics: Record<string, number>;
  tallies: Record<string, Record<string, number>>;
}

/**
 * A backfill kind. `Request` is what a request's `params` may say; `Params` is what a job runs with,
 * as `prepare` resolves it (the same type when the kind has no `prepare`), so `list` and `process`
 * never re-check what `prepare` decided. Methods use method syntax on purpose: the registry stores
 * kinds of different types side by side and the engine parses params and items with the kind's own schemas.
 */
export interface Kind<Request extends Record<string, unknown> = Record<string, unknown>, Item = unknown, Params extends Record<string, unknown> = Request> {
  /** The kind's id, used in job documents and the API (`kind` field). */
  readonly name: string;
  readonly title: string;
  /** Validates a request's `params` (the API's 400 names the field; the start form is built from it). */
  readonly params: z.ZodType<Request>;
  /**
   * Validates a job's params as `prepare` returned them (stored on the job, parsed again by every
   * task). Required with `prepare` (the registry checks); without `prepare` the request's schema serves.
   */
  readonly jobParams?: z.ZodType<Params>;
  /** Validates an item's payload when a task delivers it. */
  readonly item: z.ZodType<Item>;
  /** Limits this kind runs with unless the request gives its own (seed 000: one at a time, 100 ms). */
  readonly defaultRateLimits?: Partial<RateLimits>;
  /** For dry-run estimates: typical time per item, and tokens per item for AI kinds. */
  readonly estimate: { msPerItem: number; tokensPerItem?: number };
  /** Log a progress line every N processed items (seed 000: 10). */
  readonly progressEvery?: number;
  /**
   * Names of numeric `detail` fields the engine sums over the job's checkpoints into the job's
   * `metrics` (live at each roll-up, exact when the job ends), e.g. fields written per batch.
   */
  readonly metrics?: readonly string[];
  /**
   * Names of string (or string list) `detail` fields the engine counts by value into the job's
   * `tallies` (e.g. which columns an export lacked, in how many items).
   */
  readonly tallies?: readonly string[];
  /**
   * The kind's reading of its metrics and tallies, written on the job as `summary` with each
   * roll-up and at the end (e.g. a cache hit rate, the dates with failures). Pure.
   */
  summarize?(aggregates: JobAggregates): ItemDetail;
  /** The outside source behind `process`: its transient errors open a shared circuit breaker. */
  readonly circuit?: CircuitPolicy;

  /**
   * Resolves a validated request into the params a job runs with, before the job (or dry run) is
   * made: scope checks that need Firestore, decisions to show on the job. Throws RefusedError for
   * requests it refuses (with a `field` detail).
   */
  prepare?(ctx: KindContext, request: Request): Promise<Prepared<Params>>;

  /** Up to `limit` items whose key sorts after `after` (null: from the start), in key order. */
  list(ctx: KindContext, params: Params, after: string | null, limit: number): Promise<Page<Item>>;
  process(ctx: JobContext, params: Params, item: Item): Promise<ItemResult>;
  /**
   * The effect of a failed item, written in the transaction of its failed checkpoint (e.g. a
   * district listed as failed on its date's snapshot). Reads first, then writes. Detail fields it
   * returns are kept on the failed checkpoint (and summed or tallied like any detail).
   */
  failureEffect?(
    ctx: JobContext,
    params: Params,
    item: Item,
    failure: { message: string; retryable: boolean },
  ): (tx: Transaction) => Promise<ItemDetail | void> | ItemDetail | void;
  count?(ctx: KindContext, params: Params): Promise<number>;
  /** Choices for params fields from live data (e.g. the configured districts), for the page's form. */
  formOptions?(ctx: KindContext): Promise<Record<string, string[]>>;
  preview?(ctx: KindContext, params: Params): Promise<Record<string, unknown>>;

  /** Called by recovery: returns a request for a system-started job (prepared like any), or null when none is due. */
  autoStart?(ctx: KindContext): Promise<{ params: Request; reason: string } | null>;
  onStart?(ctx: JobContext, job: JobSummary): Promise<void> | void;
  onProgress?(ctx: JobContext, job: JobSummary): Promise<void> | void;
  onItemFailed?(ctx: JobContext, failure: FailedItem<Item>): Promise<void> | void;
  onFinish?(ctx: JobContext, job: JobSummary): Promise<void> | void;
}

export type AnyKind = Kind<Record<string, unknown>, unknown, Record<string, unknown>>;

/** The schema a job's stored params are parsed with. */
export function jobParamsOf(kind: AnyKind): z.ZodType<Record<string, unknown>> {
  return kind.jobParams ?? kind.params;
}
