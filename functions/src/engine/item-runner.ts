/**
 * The item task: process one item and checkpoint it in the same transaction as its effect.
 * - A job that is queued, paused or finished makes the task do nothing (a resume releases the item
 *   again); a pausing job lets it run; a cancelling job has it checkpointed skipped ("job
 *   cancelled before the item ran"), so the dispatcher knows it will not run and can settle.
 *   The job comes from the instance's cache (job-cache.ts, 1 s), so a first delivery reads nothing
 *   before its work.
 * - A checkpoint that already exists makes the task do nothing (redelivery, duplicate): a
 *   redelivery or a re-release looks first; a first delivery learns it when its create fails.
 * - Transient errors retry inside the task (p-retry, honouring Retry-After, which also throttles the
 *   whole job), then across deliveries (the queue's retryConfig); on the last delivery, or at once
 *   for a NonRetriableError, the item is checkpointed as failed with its error (and the kind's
 *   failureEffect, in the same transaction).
 * - A kind with a `circuit`: while its source's circuit is open the item is rescheduled, not failed.
 */
import type { DocumentReference } from "firebase-admin/firestore";
import pRetry from "p-retry";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import type { EngineDeps } from "./deps";
import { commitCheckpoint, reportItemFailure } from "./checkpoint-write";
import { circuitGate } from "./circuit/gate";
import { dieIfInjected, throwInjectedFault } from "./faults";
import { errorMessage, errorType, isRetryable, NonRetriableError, RetryAfterError } from "./errors";
import { cachedJob } from "./job-cache";
import { checkpointRef } from "./paths";
import { isFinished } from "./status";
import { holdJob, itemHolder } from "./throttle";
import type { ItemPayload } from "./task-queue";
import type { ZodType } from "zod";
import { type ItemResult, jobParamsOf } from "./types";

export interface Delivery {
  /** How many times this task was delivered before (0 on the first delivery). */
  retryCount: number;
  /** The queue's retryConfig.maxAttempts. */
  maxAttempts: number;
}

export interface InTaskRetry {
  retries: number;
  minTimeoutMs: number;
  /** Longest Retry-After waited inside a task; longer ones go back to the queue. */
  maxRetryAfterMs: number;
}

export const DEFAULT_IN_TASK_RETRY: InTaskRetry = { retries: 2, minTimeoutMs: 500, maxRetryAfterMs: 20_000 };

export type ItemRunResult = "done" | "duplicate" | "job-inactive" | "deferred";

/** The skip reason of an item whose job was cancelled after its release and before it ran. */
export const CANCELLED_BEFORE_RUN = "job cancelled before the item ran";

export async function runItem(deps: EngineDeps, payload: ItemPayload, delivery: Delivery, retry: InTaskRetry = DEFAULT_IN_TASK_RETRY): Promise<ItemRunResult> {
  const { db } = deps;
  const startedAt = deps.clock.now();
  const job = await cachedJob(deps, payload.jobId);
  if (!job || job.status === "queued" || job.status === "paused" || isFinished(job.status)) return "job-inactive";
  const cpRef = checkpointRef(db, payload.jobId, payload.itemKey);
  if (job.status === "cancelling") return declineCancelled(deps, cpRef, payload);
  if (isRedelivery(payload, delivery) && (await cpRef.get()).exists) return duplicate(job.id, payload.itemKey);
  if (deps.config.faultInjection) await dieIfInjected(db, payload.itemKey, payload.release ?? 0);

  const kind = deps.kinds.require(job.kind);
  const ctx = { db, jobId: job.id };
  let attempts = 0;
  let result: ItemResult | null = null;
  let failure: { message: string; retryable: boolean; type: string } | null = null;
  let item: unknown = payload.item;
  let params: Record<string, unknown> | null = null;
  const gate = circuitGate(deps, kind.circuit, payload);
  try {
    params = parseOrFail(jobParamsOf(kind), job.params, "params");
    item = parseOrFail(kind.item, payload.item, "item");
    const admission = (await gate?.admit()) ?? { kind: "go" };
    if (admission.kind === "wait") {
      await gate?.reschedule(admission.untilMs);
      return "deferred";
    }
    if (admission.kind === "give-up") throw new GaveUpError(admission.message);
    const ready = params;
    result = await pRetry(
      async () => {
        attempts += 1;
        if (deps.config.faultInjection) await throwInjectedFault(db, payload.itemKey);
        return kind.process(ctx, ready, item);
      },
      {
        retries: retry.retries,
        minTimeout: Math.max(retry.minTimeoutMs, job.rateLimits.minDelayMs),
        factor: 2,
        onFailedAttempt: async (error) => {
          if (!isRetryable(error)) throw error;
          if (gate && (await gate.failed(errorMessage(error)))) throw error; // the circuit opened: reschedule
          if (error instanceof RetryAfterError) {
            await throttleJob(deps, job.id, payload.itemKey, error.retryAfterMs);
            if (error.retryAfterMs > retry.maxRetryAfterMs) throw error;
            await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
          }
          log.warn(messages.itemRetrying(job.id, payload.itemKey, attempts, errorMessage(error)), { jobId: job.id, itemKey: payload.itemKey });
        },
      },
    );
    await gate?.succeeded();
  } catch (error) {
    if (gate?.openedUntil && isRetryable(error)) {
      await gate.reschedule(gate.openedUntil);
      return "deferred";
    }
    const lastDelivery = delivery.retryCount + 1 >= delivery.maxAttempts;
    if (isRetryable(error) && !lastDelivery) throw error; // the queue redelivers with backoff
    failure = { message: errorMessage(error), retryable: isRetryable(error), type: errorType(error) };
  }
  const failureEffect = failure && params && kind.failureEffect ? kind.failureEffect(ctx, params, item, failure) : null;

  const written = await commitCheckpoint(db, cpRef, async (tx) => {
    const committed = result?.commit ? await result.commit(tx) : undefined;
    const failedDetail = failureEffect ? await failureEffect(tx) : undefined;
    return {
      outcome: failure ? "failed" : (result?.outcome ?? "skipped"),
      attempts: delivery.retryCount + attempts,
      target: payload.target,
      item: payload.item,
      error: failure,
      detail: result?.detail || committed || failedDetail ? { ...result?.detail, ...committed, ...failedDetail } : null,
      ...(deps.config.itemTiming ? { timing: { releasedAt: payload.releasedAt ?? null, startedAt } } : {}),
    };
  });
  if (!written) return duplicate(job.id, payload.itemKey);
  if (failure) await reportItemFailure(kind, ctx, payload.itemKey, item, failure);
  return "done";
}

/** The job is being cancelled: the item does not run, and its checkpoint says so (unless it has one). */
async function declineCancelled(deps: EngineDeps, cpRef: DocumentReference, payload: ItemPayload): Promise<ItemRunResult> {
  const written = await commitCheckpoint(deps.db, cpRef, async () => ({
    outcome: "skipped",
    attempts: 0,
    target: payload.target,
    item: payload.item,
    error: null,
    detail: { reason: CANCELLED_BEFORE_RUN },
  }));
  return written ? "job-inactive" : duplicate(payload.jobId, payload.itemKey);
}

/** A delivery that may find its checkpoint written by an earlier one (a first delivery rarely does). */
function isRedelivery(payload: ItemPayload, delivery: Delivery): boolean {
  return delivery.retryCount > 0 || (payload.release ?? 0) > 0;
}

/** The source's circuit stayed open past the policy's limit: the item fails (retryable later). */
class GaveUpError extends Error {}

function duplicate(jobId: string, itemKey: string): "duplicate" {
  log.info(messages.itemDuplicate(jobId, itemKey), { jobId, itemKey });
  return "duplicate";
}

function parseOrFail<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NonRetriableError(`Invalid ${what}: ${parsed.error.message}`);
  return parsed.data;
}

/** A Retry-After slows the whole job: the dispatcher releases nothing before the hold ends. */
async function throttleJob(deps: EngineDeps, jobId: string, itemKey: string, retryAfterMs: number): Promise<void> {
  // Best effort: the item itself still waits its Retry-After; a failed hold write never fails the item.
  const extended = await holdJob(deps, jobId, itemHolder(itemKey), deps.clock.now() + retryAfterMs, `Retry-After ${retryAfterMs} ms`).catch(() => false);
  log.warn(messages.throttled(jobId, retryAfterMs), { jobId, retryAfterMs, extended });
}
