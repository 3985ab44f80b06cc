/**
 * The roll-up, as a pure function of what the tick knows. On the job: progress and its rate,
 * errors and their summary, targets, metrics, tallies and the kind's summary of them, the throughput sample, the hold and circuits it copies, the plan and the
 * limiter; `updatedAt` moves only with progress, `heartbeatAt` once per tick. Beside it, the
 * dispatcher's private state, with the lease moved on and the time of this job write.
 */
import { Timestamp } from "firebase-admin/firestore";
import type { JobWithId } from "../job-store";
import type { DispatcherState, Progress } from "../job-schema";
import { LEASE_MS } from "../liveness";
import type { Kind } from "../types";
import type { ProgressCounter } from "./counter";
import { addSample } from "./throughput";

export interface RollupInput {
  job: JobWithId;
  state: DispatcherState;
  counter: ProgressCounter;
  now: number;
  plan: JobWithId["plan"];
  limiterState: JobWithId["limiter"]["state"];
  inFlight: number;
  releasedLastMinute: number;
  heartbeat: boolean;
  /** The kind's summary of its metrics and tallies, if it has one. */
  summarize?: Kind["summarize"];
}

export interface Rollup {
  jobFields: Record<string, unknown>;
  stateFields: Partial<DispatcherState>;
  progress: Progress;
  throughput: JobWithId["throughput"];
  /** Set when the counts moved (the new `updatedAt`). */
  updatedAt: Timestamp | null;
}

export function rollup(r: RollupInput): Rollup {
  const progress = r.counter.snapshot(r.now);
  const at = Timestamp.fromMillis(r.now);
  const updatedAt = progress.processed !== r.job.progress.processed ? at : null;
  const throughput = addSample(r.job.throughput, r.now, progress.processed);
  const jobFields: Record<string, unknown> = {
    progress,
    lastErrors: r.counter.lastErrors,
    ...aggregateFields(r.counter.aggregates, r.summarize),
    throughput,
    throttledUntil: r.job.throttledUntil,
    circuits: r.job.circuits,
    plan: r.plan,
    limiter: { state: r.limiterState, inFlight: r.inFlight, releasedLastMinute: r.releasedLastMinute, throttledUntil: r.job.throttledUntil },
    ...(updatedAt ? { updatedAt } : {}),
    ...(r.heartbeat ? { heartbeatAt: at } : {}),
  };
  const { state } = r;
  const stateFields: Partial<DispatcherState> = {
    countedThrough: r.counter.countedThrough,
    inFlight: state.inFlight,
    lastReleaseAt: state.lastReleaseAt,
    recentFinishes: state.recentFinishes,
    reRelease: state.reRelease,
    verifyListed: state.verifyListed,
    leaseUntil: r.now + LEASE_MS,
    lastRollupAt: r.now,
  };
  return { jobFields, stateFields, progress, throughput, updatedAt };
}

/** The job fields of the aggregates, with the kind's summary of them. */
export function aggregateFields(agg: ProgressCounter["aggregates"], summarize: Kind["summarize"]): Record<string, unknown> {
  const { targets, metrics, tallies, errorSummary } = agg;
  return { targets, metrics, tallies, errorSummary, ...(summarize ? { summary: summarize({ metrics, tallies }) } : {}) };
}
