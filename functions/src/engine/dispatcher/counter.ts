/**
 * Progress counted from checkpoints as they appear (a Firestore listener in the dispatcher), so no
 * item ever writes the job document. Counts and `countedThrough` are persisted together, so a
 * checkpoint is counted exactly once across ticks, crashes and duplicate deliveries.
 */
import type { Timestamp } from "firebase-admin/firestore";
import type { Checkpoint, JobDoc, Progress, TargetProgress } from "../job-schema";

const RATE_WINDOW_MS = 30_000;

/** Full precision (microseconds): two checkpoints in the same millisecond are still ordered. */
export function isAfter(a: Timestamp, b: Timestamp): boolean {
  return a.seconds > b.seconds || (a.seconds === b.seconds && a.nanoseconds > b.nanoseconds);
}
const MAX_LAST_ERRORS = 10;

export class ProgressCounter {
  readonly progress: Progress;
  countedThrough: Timestamp | null;
  lastErrors: JobDoc["lastErrors"];
  /** Per-target rows (districts), counted from the same checkpoints. */
  targets: Record<string, TargetProgress>;
  /** The kind's metrics: named numeric checkpoint details, summed. */
  metrics: Record<string, number>;
  private readonly finishes: number[] = [];

  constructor(
    job: Pick<JobDoc, "progress" | "lastErrors" | "targets" | "metrics">,
    countedThrough: Timestamp | null,
    private readonly startedAt: number,
    private readonly metricNames: readonly string[] = [],
  ) {
    this.progress = { ...job.progress };
    this.lastErrors = [...job.lastErrors];
    this.targets = structuredClone(job.targets);
    this.metrics = { ...job.metrics };
    this.countedThrough = countedThrough;
  }

  /** Counts one new checkpoint. */
  apply(itemKey: string, checkpoint: Checkpoint, observedAt: number): void {
    const p = this.progress;
    p.processed += 1;
    p[checkpoint.outcome] += 1;
    p.currentItem = itemKey;
    if (!this.countedThrough || isAfter(checkpoint.finishedAt, this.countedThrough)) {
      this.countedThrough = checkpoint.finishedAt;
    }
    if (checkpoint.outcome === "failed" && checkpoint.error) {
      this.lastErrors = [...this.lastErrors, { itemKey, message: checkpoint.error.message, at: checkpoint.finishedAt }].slice(-MAX_LAST_ERRORS);
    }
    if (checkpoint.target !== null) this.targets[checkpoint.target] = addToTarget(this.targets[checkpoint.target], checkpoint);
    this.metrics = addMetrics(this.metrics, this.metricNames, checkpoint.detail);
    this.finishes.push(observedAt);
  }

  /** Items/s over the last 30 s (or since this tick started), and the ETA from it. */
  rates(now: number): Pick<Progress, "itemsPerSecond" | "etaSeconds"> {
    while (this.finishes.length > 0 && now - this.finishes[0] > RATE_WINDOW_MS) this.finishes.shift();
    const span = Math.max(1000, Math.min(RATE_WINDOW_MS, now - this.startedAt));
    const itemsPerSecond = Math.round((this.finishes.length / span) * 1000 * 100) / 100;
    const remaining = this.progress.total === null ? null : Math.max(0, this.progress.total - this.progress.processed);
    const etaSeconds = remaining === null || itemsPerSecond === 0 ? null : Math.ceil(remaining / itemsPerSecond);
    return { itemsPerSecond, etaSeconds };
  }

  snapshot(now: number): Progress {
    return { ...this.progress, ...this.rates(now) };
  }
}

const EMPTY_TARGET: TargetProgress = { processed: 0, succeeded: 0, failed: 0, skipped: 0, unavailable: 0, lastError: null };

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
