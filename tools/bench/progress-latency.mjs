// An item's way through the engine, as percentiles over a job's checkpoints:
//   released (dispatcher) -> started (item task) -> committed (checkpoint's finishedAt) -> shown
//   (the first job document snapshot that counts it).
// The benchmark listens to the job document while the job runs (each snapshot: when it arrived, how
// many items it counts); afterwards the k-th checkpoint by finishedAt is shown by the first snapshot
// counting at least k items. Release and start times come from the checkpoints' `timing`, which the
// benchmark stack turns on (BACKFILL_ITEM_TIMING); without it only `shown` is measured.
import { round } from "./context.mjs";

export function watchProgress(db, jobId) {
  const samples = [];
  const stop = db.doc(`backfillJobs/${jobId}`).onSnapshot((snap) => samples.push({ at: Date.now(), processed: snap.get("progress.processed") ?? 0 }));
  return { samples, stop };
}

/** p50 / p95 / p99 / max of a list of ms (rounded). */
export function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return {
    items: sorted.length,
    meanMs: round(sorted.reduce((sum, v) => sum + v, 0) / sorted.length, 0),
    p50Ms: round(pct(50), 0),
    p95Ms: round(pct(95), 0),
    p99Ms: round(pct(99), 0),
    maxMs: round(sorted.at(-1), 0),
  };
}

/**
 * Each stage's percentiles: queue (released -> started), run (-> committed), shown (-> on the job),
 * slot (released -> shown), and held (released -> committed: the least time a slot is taken).
 */
export async function itemTimeline(db, jobId, samples) {
  const docs = (await db.collection(`backfillJobs/${jobId}/backfillCheckpoints`).select("finishedAt", "timing").get()).docs;
  const items = docs.map((d) => ({ committed: d.get("finishedAt").toMillis(), timing: d.get("timing") ?? null })).sort((a, b) => a.committed - b.committed);
  const queue = [];
  const run = [];
  const shown = [];
  const slot = [];
  const held = [];
  let s = 0;
  for (const [index, item] of items.entries()) {
    while (s < samples.length && samples[s].processed < index + 1) s += 1;
    const shownAt = s < samples.length ? samples[s].at : null;
    if (shownAt !== null) shown.push(Math.max(0, shownAt - item.committed));
    if (!item.timing) continue;
    const { releasedAt, startedAt } = item.timing;
    if (releasedAt !== null) queue.push(Math.max(0, startedAt - releasedAt));
    run.push(Math.max(0, item.committed - startedAt));
    if (releasedAt !== null) held.push(Math.max(0, item.committed - releasedAt));
    if (releasedAt !== null && shownAt !== null) slot.push(Math.max(0, shownAt - releasedAt));
  }
  return { queue: percentiles(queue), run: percentiles(run), shown: percentiles(shown), slot: percentiles(slot), held: percentiles(held) };
}
