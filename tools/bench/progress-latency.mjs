// Progress latency: how long after an item's checkpoint the job document first counts it. The
// benchmark listens to the job document while the job runs (each snapshot: when it arrived, how many
// items it counts); afterwards, the k-th checkpoint (by finishedAt) is shown by the first snapshot
// counting at least k items.
import { round } from "./context.mjs";

export function watchProgress(db, jobId) {
  const samples = [];
  const stop = db.doc(`backfillJobs/${jobId}`).onSnapshot((snap) => samples.push({ at: Date.now(), processed: snap.get("progress.processed") ?? 0 }));
  return { samples, stop };
}

export async function progressLatency(db, jobId, samples) {
  const finished = (await db.collection(`backfillJobs/${jobId}/items`).select("finishedAt").get()).docs.map((d) => d.get("finishedAt").toMillis()).sort((a, b) => a - b);
  const latencies = [];
  let s = 0;
  for (const [index, at] of finished.entries()) {
    while (s < samples.length && samples[s].processed < index + 1) s += 1;
    if (s === samples.length) break;
    latencies.push(Math.max(0, samples[s].at - at));
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  return { items: latencies.length, p50Ms: round(pct(50), 0), p95Ms: round(pct(95), 0), maxMs: round(latencies.at(-1), 0) };
}
