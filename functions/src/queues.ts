/**
 * The task queues' declared policies: retries across deliveries and the global safety ceilings
 * (each job paces itself below them). Read by index.ts, and by the benchmark's bare queue so that
 * both run under the same limits.
 */
/** Item deliveries: transient errors come back with backoff; the last one records the failure. */
export const ITEM_RETRY = { maxAttempts: 4, minBackoffSeconds: 2, maxBackoffSeconds: 30, maxDoublings: 3 };
export const ITEM_QUEUE_LIMITS = { maxConcurrentDispatches: 200, maxDispatchesPerSecond: 500 };
export const DISPATCH_RETRY = { maxAttempts: 10, minBackoffSeconds: 2, maxBackoffSeconds: 30 };
/** On-demand recovery runs (POST /recovery): one at a time, a failed run tried twice more. */
export const RECOVERY_RETRY = { maxAttempts: 3, minBackoffSeconds: 10, maxBackoffSeconds: 60 };
export const RECOVERY_LIMITS = { maxConcurrentDispatches: 1 };
/** The dispatcher's function timeout; a tick (BACKFILL_TICK_SECONDS) must end well inside it. */
export const DISPATCH_TIMEOUT_SECONDS = 180;
/** Time a tick may need after its deadline (the last roll-up, the handover enqueue). */
export const TICK_MARGIN_SECONDS = 60;
