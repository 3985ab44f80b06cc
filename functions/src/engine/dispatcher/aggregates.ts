/**
 * What a job sums over its checkpoints besides the outcome counts, as pure adders the live counter
 * and the exact recount share: per-target rows, the kind's metrics (numeric details summed), its
 * tallies (string details counted by value) and the error summary (failed items by retryable or
 * permanent, and by error type).
 */
import { type Checkpoint, type ErrorSummary, emptyErrorSummary, type JobDoc, type TargetProgress } from "../job-schema";

export type Aggregates = Pick<JobDoc, "targets" | "metrics" | "tallies" | "errorSummary">;

/** Distinct values a tally keeps; later new values are counted under OTHER (a job document stays small). */
export const MAX_TALLY_VALUES = 2000;
export const OTHER = "(other values)";

const EMPTY_TARGET: TargetProgress = { processed: 0, succeeded: 0, failed: 0, skipped: 0, unavailable: 0, lastError: null };

export function emptyAggregates(): Aggregates {
  return { targets: {}, metrics: {}, tallies: {}, errorSummary: emptyErrorSummary() };
}

export function addToTarget(row: TargetProgress | undefined, checkpoint: Pick<Checkpoint, "outcome" | "error">): TargetProgress {
  const next = { ...(row ?? EMPTY_TARGET) };
  next.processed += 1;
  next[checkpoint.outcome] += 1;
  if (checkpoint.outcome === "failed" && checkpoint.error) next.lastError = checkpoint.error.message;
  return next;
}

/** Adds a checkpoint's named numeric details to the sums (missing or non-numeric ones add nothing). */
export function addMetrics(sums: Record<string, number>, names: readonly string[], detail: Checkpoint["detail"]): Record<string, number> {
  const next = { ...sums };
  for (const name of names) {
    const value = detail?.[name];
    next[name] = (next[name] ?? 0) + (typeof value === "number" ? value : 0);
  }
  return next;
}

/** Counts each value of the named string (or string list) details. */
export function addTallies(tallies: JobDoc["tallies"], names: readonly string[], detail: Checkpoint["detail"]): JobDoc["tallies"] {
  const next = { ...tallies };
  for (const name of names) {
    const raw = detail?.[name];
    const values = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [];
    if (values.length === 0 && next[name]) continue;
    const counts = { ...(next[name] ?? {}) };
    let distinct = Object.keys(counts).length;
    for (const value of values) {
      if (value === "") continue;
      const key = value in counts || distinct < MAX_TALLY_VALUES ? value : OTHER;
      if (!(key in counts)) distinct += 1;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    next[name] = counts;
  }
  return next;
}

export function addError(summary: ErrorSummary, checkpoint: Pick<Checkpoint, "outcome" | "error">): ErrorSummary {
  if (checkpoint.outcome !== "failed" || !checkpoint.error) return summary;
  const type = checkpoint.error.type ?? "Error";
  return {
    retryable: summary.retryable + (checkpoint.error.retryable ? 1 : 0),
    permanent: summary.permanent + (checkpoint.error.retryable ? 0 : 1),
    byType: { ...summary.byType, [type]: (summary.byType[type] ?? 0) + 1 },
  };
}

/** The kind's named details of one checkpoint. */
export interface AggregateNames {
  metrics?: readonly string[];
  tallies?: readonly string[];
}

export function addCheckpoint(agg: Aggregates, names: AggregateNames, checkpoint: Pick<Checkpoint, "outcome" | "error" | "target" | "detail">): Aggregates {
  return {
    targets: checkpoint.target === null ? agg.targets : { ...agg.targets, [checkpoint.target]: addToTarget(agg.targets[checkpoint.target], checkpoint) },
    metrics: addMetrics(agg.metrics, names.metrics ?? [], checkpoint.detail),
    tallies: addTallies(agg.tallies, names.tallies ?? [], checkpoint.detail),
    errorSummary: addError(agg.errorSummary, checkpoint),
  };
}
