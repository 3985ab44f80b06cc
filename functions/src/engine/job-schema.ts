/** Schemas of the engine's Firestore documents and of rate limits: defined once, types inferred. */
import { Timestamp } from "firebase-admin/firestore";
import { z } from "zod";
import { CIRCUIT_STATES } from "./circuit/breaker";
import { JOB_STATUSES } from "./status";

const timestamp = z.instanceof(Timestamp);

/** Requests per minute, max concurrency, min delay between item starts (and after a slot frees). */
export const rateLimitsSchema = z.strictObject({
  requestsPerMinute: z.number().int().min(1).max(30_000).meta({ title: "Requests per minute", description: "items released per minute, at most" }),
  maxConcurrency: z.number().int().min(1).max(200).meta({ title: "Max concurrency", description: "items in flight at once" }),
  minDelayMs: z.number().int().min(0).max(600_000).meta({ title: "Min delay (ms)", description: "between item starts, and after a slot frees" }),
});
export type RateLimits = z.infer<typeof rateLimitsSchema>;

/**
 * A job whose effects create documents in a new collection: its releases follow Firestore's ramp for
 * new traffic (500 writes/s, then 50% more every 5 minutes; dispatcher/ramp.ts) on top of its rate limits.
 */
export const rampSchema = z.strictObject({
  writesPerItem: z.number().int().min(1).max(10_000).meta({ title: "Writes per item", description: "documents an item's effects write to the new collection" }),
});
export type Ramp = z.infer<typeof rampSchema>;

/** Used when `backfillSettings/rateLimits` does not exist yet. */
export const DEFAULT_RATE_LIMITS: RateLimits = { requestsPerMinute: 60, maxConcurrency: 4, minDelayMs: 0 };

export const actorSchema = z.object({
  uid: z.string(),
  email: z.string().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;
/** The actor recorded for jobs the system starts (seed 000 at startup, seed 004 on a model change). */
export const SYSTEM_ACTOR: Actor = { uid: "system", email: null };

export const progressSchema = z.object({
  total: z.number().int().nullable(),
  processed: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  unavailable: z.number().int(),
  currentItem: z.string().nullable(),
  itemsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const limiterSchema = z.object({
  state: z.enum(["idle", "releasing", "waiting-for-slot", "waiting-for-rate", "throttled", "draining"]),
  inFlight: z.number().int(),
  releasedLastMinute: z.number().int(),
  throttledUntil: timestamp.nullable(),
});
export type LimiterStatus = z.infer<typeof limiterSchema>;

/** One target's row (e.g. a district): its items' outcomes and its last error. */
export const targetProgressSchema = z.object({
  processed: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  unavailable: z.number().int(),
  lastError: z.string().nullable(),
});
export type TargetProgress = z.infer<typeof targetProgressSchema>;

/** A source's circuit breaker as the job shows it (copied on every change of state). */
export const jobCircuitSchema = z.object({
  state: z.enum(CIRCUIT_STATES),
  failures: z.number().int(),
  openUntil: timestamp.nullable(),
  lastError: z.string().nullable(),
  changedAt: timestamp,
});

/** Failed items by whether their last error was retryable (transient) or permanent, and by error type (its class name). */
export const errorSummarySchema = z.object({
  retryable: z.number().int(),
  permanent: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
});
export type ErrorSummary = z.infer<typeof errorSummarySchema>;
export const emptyErrorSummary = (): ErrorSummary => ({ retryable: 0, permanent: 0, byType: {} });

/** A checkpoint detail value: a scalar, or a list of strings (counted by value when the kind tallies it). */
export const detailValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const AUDIT_ACTIONS = ["created", "started", "pausing", "paused", "resumed", "cancelling", "cancelled", "finished", "failed", "retried"] as const;

/** Who did what to a job and when: one entry per status change (with from/to) and per create or retry. */
export const auditEntrySchema = z.object({
  action: z.enum(AUDIT_ACTIONS),
  by: actorSchema,
  at: timestamp,
  from: z.enum(JOB_STATUSES).optional(),
  to: z.enum(JOB_STATUSES).optional(),
  /** Why, when it is not the actor's plain request (e.g. "dispatcher lost", "superseded by job X", the retry's job id). */
  why: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** Where the release stands: the key of the last item released, listing done, items enqueued, the attempt (bumped by a resume that re-releases). */
const planSchema = z.object({ cursor: z.string().nullable(), done: z.boolean(), enqueued: z.number().int(), attempt: z.number().int() });
export type JobPlan = z.infer<typeof planSchema>;

export const jobSchema = z.object({
  kind: z.string(),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(JOB_STATUSES),
  system: z.boolean(),
  retryOf: z.string().nullable(),
  createdBy: actorSchema,
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  /** Moves when the counts move (and on status changes): the job's last progress. */
  updatedAt: timestamp,
  /** Written once per dispatcher tick: the chain is alive and has dealt with its overdue items. */
  heartbeatAt: timestamp.nullable().default(null),
  finishedAt: timestamp.nullable(),
  cancelledAt: timestamp.nullable(),
  audit: z.array(auditEntrySchema),
  resumes: z.array(z.object({ at: timestamp, reason: z.string() })),
  rateLimits: rateLimitsSchema,
  /** Firestore's 500/50/5 ramp, counted from `startedAt` (null: the rate limits alone). */
  ramp: rampSchema.nullable().default(null),
  plan: planSchema,
  progress: progressSchema,
  limiter: limiterSchema,
  lastErrors: z.array(z.object({ itemKey: z.string(), message: z.string(), at: timestamp })),
  /** The latest Retry-After or open circuit: the dispatcher releases nothing before it (copied from the latest of `holds/*`). */
  throttledUntil: timestamp.nullable(),
  /** Per-target rows, keyed by target (items without a target are not in here). */
  targets: z.record(z.string(), targetProgressSchema).default({}),
  /** Circuit breakers of the kind's source, keyed by source. */
  circuits: z.record(z.string(), jobCircuitSchema).default({}),
  /** Decisions the kind made when the job was created (e.g. strategy and reason). */
  details: z.record(z.string(), z.unknown()).default({}),
  /** The kind's metrics: its named numeric checkpoint `detail` fields summed over the job's items. */
  metrics: z.record(z.string(), z.number()).default({}),
  /** The kind's tallies: its named string checkpoint `detail` fields, counted by value (e.g. columns missing). */
  tallies: z.record(z.string(), z.record(z.string(), z.number().int())).default({}),
  /** Failed items: retryable or permanent, and by error type. */
  errorSummary: errorSummarySchema.default(emptyErrorSummary),
  /** The kind's own reading of its metrics and tallies (Kind.summarize), e.g. a cache hit rate. */
  summary: z.record(z.string(), detailValueSchema).default({}),
  /** Processed count over time (a sample per roll-up, >= 5 s apart, at most 120), for the chart. */
  throughput: z.array(z.object({ at: timestamp, processed: z.number().int() })).default([]),
});
export type JobDoc = z.infer<typeof jobSchema>;

/**
 * An item released and not yet checkpointed, kept so a resume can release it again. No payload: the
 * state document stays small whatever the items weigh (relist.ts lists it again from `after`).
 */
export const inFlightSchema = z.object({
  /** The key listed just before it (null: it was the listing's first): where relisting starts. */
  after: z.string().nullable().optional(),
  /** The payload, on entries written before payloads were left out (a job running across an upgrade). */
  item: z.unknown().optional(),
  target: z.string().nullable(),
  attempt: z.number().int(),
  /** When its current release was sent (or a circuit deferral made it due): its lost deadline counts from here. */
  releasedAt: z.number(),
  /** How many times it was released (a lost or resumed item is released again, up to MAX_RELEASES). */
  releases: z.number().int().min(1).default(1),
});

/** `backfillJobs/{jobId}/dispatcher/state`: the dispatcher's private state, written with each roll-up. */
export const dispatcherStateSchema = z.object({
  tick: z.number().int(),
  owner: z.string().nullable(),
  leaseUntil: z.number().nullable(),
  lastReleaseAt: z.number().nullable(),
  /** Checkpoints finished at or before this time are already in the job's counts. */
  countedThrough: timestamp.nullable(),
  inFlight: z.record(z.string(), inFlightSchema),
  /** Observed finish times within the last minDelayMs (slots resting before their next item). */
  recentFinishes: z.array(z.number()),
  /** After a resume, the next listed items are checked for checkpoints before release. */
  verifyListed: z.boolean(),
  /** After a resume, in-flight items without a checkpoint are released again under the new attempt. */
  reRelease: z.boolean(),
  /** When the dispatcher last wrote the job document (ms): consecutive writes are >= 1 s apart, across ticks too. */
  lastRollupAt: z.number().nullable().default(null),
});
export type DispatcherState = z.infer<typeof dispatcherStateSchema>;

/** A checkpoint as read. Written with `shard` too (checkpoint-write.ts), which only the `finishedAt` index uses. */
export const checkpointSchema = z.object({
  outcome: z.enum(["succeeded", "failed", "skipped", "unavailable"]),
  finishedAt: timestamp,
  attempts: z.number().int(),
  target: z.string().nullable(),
  item: z.unknown(),
  /** `type`: the error's class name (checkpoints written before it was kept have none). */
  error: z.object({ message: z.string(), retryable: z.boolean(), type: z.string().optional() }).nullable(),
  detail: z.record(z.string(), detailValueSchema).nullable(),
  /** Benchmarks only (BACKFILL_ITEM_TIMING): when the item was released and its task started (ms). */
  timing: z.object({ releasedAt: z.number().nullable(), startedAt: z.number() }).optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

/**
 * `backfillJobs/{jobId}/holds/{holder}`: a hold on the job, written by an item task (a Retry-After) or
 * a circuit breaker (open). Kept off the job document, which the dispatcher's roll-up writes at most once a second.
 */
export const holdSchema = z.object({ until: timestamp, reason: z.string() });

/** `backfillJobs/{jobId}/deferrals/{itemKey}`: an item rescheduled while its source's circuit is open. */
export const deferralSchema = z.object({ dueAt: z.number(), deferral: z.number().int() });

/** `T` with every Firestore Timestamp as `Time`: a document as a client SDK or the API's JSON delivers it. */
export type WithTime<T, Time> = T extends Timestamp
  ? Time
  : T extends readonly (infer U)[]
    ? WithTime<U, Time>[]
    : T extends object
      ? { [K in keyof T]: WithTime<T[K], Time> }
      : T;

/** A job document as the admin page reads it (the web SDK's Timestamp for `Time`): the engine's schema, one definition. */
export type JobDocAs<Time> = WithTime<JobDoc, Time>;
