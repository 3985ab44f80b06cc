/**
 * The engine's catalogue of log messages. Every line the engine and the API log is built here, and
 * every line a kind logs in its own folder's messages.ts, so tests and alert policies can match it
 * (README "Logs and alerts").
 */

/** A duration for people: `3.4 s` under a minute, `4 m 7 s` under an hour, `2 h 5 m` beyond. */
export function formatElapsed(ms: number): string {
  const safe = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(safe / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} m ${seconds % 60} s`;
  const minutes = Math.round(safe / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} m`;
}

export const messages = {
  // Engine: job lifecycle
  jobCreated: (jobId: string, kind: string) => `Backfill job ${jobId} created (${kind})`,
  jobQueued: (jobId: string, kind: string, reason: string) => `Backfill job ${jobId} queued (${kind}): ${reason}`,
  jobStarted: (jobId: string, kind: string, total: number | null) => `Backfill job ${jobId} started (${kind}), ${total ?? "unknown"} items`,
  jobStatusChanged: (jobId: string, from: string, to: string) => `Backfill job ${jobId}: ${from} -> ${to}`,
  jobFinished: (jobId: string, status: string, processed: number, failed: number) =>
    `Backfill job ${jobId} finished ${status}: ${processed} processed, ${failed} failed`,
  jobAllFailed: (jobId: string, kind: string, failed: number) => `Backfill job ${jobId} (${kind}) failed: all ${failed} items failed`,
  jobResumed: (jobId: string, reason: string) => `Backfill job ${jobId} resumed: ${reason}`,
  startEnqueueFailed: (jobId: string, now: string, error: string) =>
    `Backfill job ${jobId} not started: enqueueing its first dispatcher task failed (${error}); job ${now}`,
  jobDeleted: (jobId: string) => `Backfill job ${jobId} deleted after the retention period`,
  // Engine: dispatcher and items
  tickSkipped: (jobId: string, tick: number, reason: string) => `Dispatcher tick ${tick} of ${jobId} skipped: ${reason}`,
  checkpointsReconciled: (jobId: string, count: number) => `Backfill job ${jobId}: ${count} checkpoints counted late (seen out of order)`,
  itemLost: (jobId: string, itemKey: string, releases: number, afterSeconds: number) =>
    `Item ${itemKey} of ${jobId} lost: no checkpoint ${afterSeconds} s after release ${releases}; released again`,
  itemNoLongerListed: (jobId: string, itemKey: string) =>
    `Item ${itemKey} of ${jobId} is no longer in the kind's listing: checkpointed skipped instead of released again`,
  leaseLost: (jobId: string, tick: number) => `Dispatcher tick ${tick} of ${jobId} lost its lease (superseded): stopping`,
  resumeEnqueueFailed: (jobId: string, error: string) => `Backfill job ${jobId} resume not enqueued (${error}): the next recovery tries again`,
  faultTickDropped: (jobId: string, tick: number) => `Fault injection: dispatcher tick ${tick} of ${jobId} dropped (accepted, never delivered)`,
  itemDuplicate: (jobId: string, itemKey: string) => `Item ${itemKey} of ${jobId} already checkpointed: duplicate delivery ignored`,
  itemFailed: (jobId: string, itemKey: string, error: string) => `Item ${itemKey} of ${jobId} failed: ${error}`,
  itemRetrying: (jobId: string, itemKey: string, attempt: number, error: string) => `Item ${itemKey} of ${jobId} attempt ${attempt} failed, retrying: ${error}`,
  throttled: (jobId: string, retryAfterMs: number) => `Backfill job ${jobId} throttled for ${retryAfterMs} ms (Retry-After)`,
  itemDeferred: (jobId: string, itemKey: string, source: string, until: string) =>
    `Item ${itemKey} of ${jobId} waits for ${source} (circuit open) until ${until}: rescheduled, not failed`,
  circuitChanged: (source: string, from: string, to: string, lastError: string | null) =>
    `Circuit breaker for ${source}: ${from} -> ${to}${lastError ? ` (last error: ${lastError})` : ""}`,
  circuitGaveUp: (source: string, minutes: number, lastError: string | null) =>
    `Circuit breaker for ${source} has not closed for ${minutes} min: items now fail (last error: ${lastError ?? "none"})`,
  badTaskPayload: (queue: string, error: string) => `Dropped a ${queue} task with an invalid payload: ${error}`,
  tokenRejected: (reason: string) => `API request refused: ID token rejected (${reason})`,
  tokenRevoked: (code: string, reason: string) => `API request refused: ID token revoked (${code}: ${reason}); the user must sign in again`,
  apiUnhandled: (method: string, path: string) => `Unhandled API error on ${method} ${path}`,
  recoveryRan: (resumed: number, started: number, deleted: number) => `Backfill recovery: ${resumed} resumed, ${started} started, ${deleted} deleted`,
  metadataNeedsTaskQueue: (reason: string) =>
    `PROCESS_METADATA_BACKFILL_ENABLED is true but the task queue is not configured: ${reason}. Locally, start the Cloud Tasks emulator with the functions; deployed, give the functions their project id and a Cloud Tasks BACKFILL_LOCATION (or set PROCESS_METADATA_BACKFILL_ENABLED=false).`,
} as const;
