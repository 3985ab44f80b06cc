/**
 * The job's throughput history for the page's chart: (time, processed) samples appended at
 * roll-ups, at most one per SAMPLE_GAP_MS. When full, every other sample is dropped, so the chart
 * always spans the whole job at a coarser step and the job document stays small (<= MAX_SAMPLES).
 */
import { Timestamp } from "firebase-admin/firestore";
import type { JobDoc } from "../job-schema";

export type ThroughputSample = JobDoc["throughput"][number];

export const SAMPLE_GAP_MS = 5_000;
export const MAX_SAMPLES = 120;

/** The samples with one more at `now`, or the same array when the last one is too recent. */
export function addSample(samples: readonly ThroughputSample[], now: number, processed: number, force = false): ThroughputSample[] {
  const last = samples[samples.length - 1];
  if (last && !force && now - last.at.toMillis() < SAMPLE_GAP_MS) return [...samples];
  if (last && last.at.toMillis() === now) return [...samples.slice(0, -1), { at: last.at, processed }];
  const next = [...samples, { at: Timestamp.fromMillis(now), processed }];
  if (next.length <= MAX_SAMPLES) return next;
  // Thin: keep the first, every other one after it, and always the newest.
  const thinned = next.filter((_, i) => i % 2 === 0);
  if (thinned[thinned.length - 1] !== next[next.length - 1]) thinned.push(next[next.length - 1]);
  return thinned;
}
