/**
 * The task queues' declared policies: retries across deliveries and the global safety ceilings
 * (each job paces itself below them). Read by index.ts, and by the benchmark's bare queue so that
 * both run under the same limits.
 */
/** Item deliveries: transient errors come back with backoff; the last one records the failure. */
export const ITEM_RETRY = { maxAttempts: 4, minBackoffSeconds: 2, maxBackoffSeconds: 30, maxDoublings: 3 };
export const ITEM_QUEUE_LIMITS = { maxConcurrentDispatches: 200, maxDispatchesPerSecond: 500 };
/** The item function's timeout: the longest one delivery can run. */
export const ITEM_TIMEOUT_SECONDS = 300;
export const DISPATCH_RETRY = { maxAttempts: 10, minBackoffSeconds: 2, maxBackoffSeconds: 30 };
/** On-demand recovery runs (POST /recovery): one at a time, a failed run tried twice more. */
export const RECOVERY_RETRY = { maxAttempts: 3, minBackoffSeconds: 10, maxBackoffSeconds: 60 };
export const RECOVERY_LIMITS = { maxConcurrentDispatches: 1 };
/** The dispatcher's function timeout; a tick (BACKFILL_TICK_SECONDS) must end well inside it. */
export const DISPATCH_TIMEOUT_SECONDS = 180;
/** Time a tick may need after its deadline (the last roll-up, the handover enqueue). */
export const TICK_MARGIN_SECONDS = 60;
/** The scheduled recovery's cadence: a lost dispatcher chain is resumed within its lease plus this. */
export const RECOVERY_SCHEDULE = "every 1 minutes";
export const RECOVERY_TIMEOUT_SECONDS = 540;

/**
 * A task's dispatch deadline: a little past its function's timeout, so Cloud Tasks never re-sends a
 * delivery that is still running (the function's timeout ends it first).
 */
export const dispatchDeadlineSeconds = (timeoutSeconds: number) => timeoutSeconds + 30;

export interface RetryPolicy {
  maxAttempts: number;
  minBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxDoublings?: number;
}

/** The waits Cloud Tasks puts between a task's deliveries, summed (its doubling rule). */
export function totalBackoffSeconds(retry: RetryPolicy): number {
  const doublings = retry.maxDoublings ?? 16;
  let total = 0;
  for (let retryNumber = 1; retryNumber < retry.maxAttempts; retryNumber += 1) {
    const doubled = retry.minBackoffSeconds * 2 ** Math.min(retryNumber - 1, doublings);
    const linear = Math.max(0, retryNumber - 1 - doublings) * retry.minBackoffSeconds * 2 ** doublings;
    total += Math.min(retry.maxBackoffSeconds, doubled + linear);
  }
  return total;
}

/** Slack for a task waiting in its queue (rate limits, scale-out) before its first delivery. */
export const QUEUE_SLACK_SECONDS = 60;

/**
 * How long after its release an item with no checkpoint is surely lost: every delivery Cloud Tasks
 * may make (maxAttempts, each ended by the dispatch deadline at the latest), the backoff between
 * them, and the queue slack. 4 x 330 s + 14 s + 60 s = 1,394 s (about 23 min) as declared here.
 */
export function itemLostAfterSeconds(timeoutSeconds = ITEM_TIMEOUT_SECONDS, retry: RetryPolicy = ITEM_RETRY): number {
  return retry.maxAttempts * dispatchDeadlineSeconds(timeoutSeconds) + totalBackoffSeconds(retry) + QUEUE_SLACK_SECONDS;
}
