/**
 * Progress counted from checkpoints as they appear (a Firestore listener in the dispatcher), so no
 * item ever writes the job document. Counts and `countedThrough` are persisted together, so a
 * checkpoint is counted exactly once across ticks, crashes and duplicate deliveries.
 */
import type { Timestamp } from "firebase-admin/firestore";
import type { Checkpoint, JobDoc, Progress } from "../job-schema";
import { addCheckpoint, type AggregateNames, type Aggregates } from "./aggregates";

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
  /** Per-target rows, the kind's metrics and tallies, the error summary: from the same checkpoints. */
  aggregates: Aggregates;
  private readonly finishes: number[] = [];

  constructor(
    job: Pick<JobDoc, "progress" | "lastErrors"> & Aggregates,
    countedThrough: Timestamp | null,
    private readonly startedAt: number,
    private readonly names: AggregateNames = {},
  ) {
    this.progress = { ...job.progress };
    this.lastErrors = [...job.lastErrors];
    this.aggregates = structuredClone({ targets: job.targets, metrics: job.metrics, tallies: job.tallies, errorSummary: job.errorSummary });
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
    this.aggregates = addCheckpoint(this.aggregates, this.names, checkpoint);
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
