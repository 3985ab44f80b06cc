/**
 * One dispatcher tick (the plan task): lists items a page at a time from the saved cursor, releases
 * item tasks at the job's pace, counts checkpoints as they appear, rolls progress up onto the job
 * (at most once a second), and hands over to the next tick before the task deadline.
 */
import { Timestamp } from "firebase-admin/firestore";
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { checkpointSchema, type DispatcherState, type JobDoc, jobSchema } from "../job-schema";
import type { JobWithId } from "../job-store";
import { checkpointRef, itemsCol, jobRef } from "../paths";
import type { ListedItem } from "../types";
import { ProgressCounter } from "./counter";
import { exactCounts, finalizeJob, settledMetrics, summarize } from "./finalize";
import { countMissedCheckpoints, releaseInFlightAgain } from "./in-flight";
import { sourceFor } from "./item-source";
import { type Claim, claimTick, persistIfOwner } from "./lease";
import { consume, decide, type PacingDecision } from "./pacing";
import { addSample } from "./throughput";
import { Waker } from "./waker";

export type TickOutcome = "skipped" | "handed-over" | "finished" | "drained" | "superseded";

export async function runDispatcherTick(deps: EngineDeps, jobId: string, tick: number): Promise<TickOutcome> {
  const result = await claimTick(deps, jobId, tick);
  if ("skipped" in result) {
    log.info(messages.tickSkipped(jobId, tick, result.skipped), { jobId, tick });
    return "skipped";
  }
  return new Tick(deps, result.claim).run();
}

const ROLLUP_MS = 1000;

class Tick {
  private readonly startedAt: number;
  private readonly deadline: number;
  private job: JobWithId;
  private state: DispatcherState;
  private readonly counter: ProgressCounter;
  private readonly waker = new Waker();
  private queue: ListedItem<unknown>[] = [];
  private listCursor: string | null;
  private listDone: boolean;
  private releaseCursor: string | null;
  private enqueued: number;
  private readonly releases: number[] = [];
  private limiterState: PacingDecision["state"] | "idle" | "draining" = "idle";
  private failure: unknown = null;
  private dirty = true;
  private lastPersist = 0;

  constructor(private readonly deps: EngineDeps, private readonly claim: Claim) {
    this.job = claim.job;
    this.state = claim.state;
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + deps.config.tickSeconds * 1000;
    this.counter = new ProgressCounter(this.job, this.state.countedThrough, this.startedAt, deps.kinds.require(this.job.kind).metrics);
    this.listCursor = this.releaseCursor = this.job.plan.cursor;
    this.listDone = this.job.plan.done;
    this.enqueued = this.job.plan.enqueued;
  }

  async run(): Promise<TickOutcome> {
    const stop = this.listen();
    try {
      if (this.state.tick === 0 && this.job.plan.enqueued === 0 && this.job.status === "running") await this.start();
      if (await countMissedCheckpoints(this.deps, this.job.id, this.state, this.counter)) this.dirty = true;
      if (this.state.reRelease && this.job.status === "running") {
        await releaseInFlightAgain(this.deps, this.job.id, this.job.plan.attempt, this.state);
        this.dirty = true;
      }
      return await this.loop();
    } catch (error) {
      await this.persist({ owner: null, leaseUntil: null }).catch(() => undefined); // let the redelivery claim
      throw error;
    } finally {
      stop();
    }
  }

  private async start(): Promise<void> {
    const total = this.counter.progress.total ?? (await sourceFor(this.deps, this.job).count());
    this.counter.progress.total = total;
    log.info(messages.jobStarted(this.job.id, this.job.kind, total), { jobId: this.job.id, total });
    const kind = this.deps.kinds.require(this.job.kind);
    await kind.onStart?.({ db: this.deps.db, jobId: this.job.id }, summarize(this.job, this.counter.progress, "running", this.startedAt, this.counter.metrics));
  }

  private listen(): () => void {
    const { db } = this.deps;
    const since = this.state.countedThrough;
    const query = since ? itemsCol(db, this.job.id).where("finishedAt", ">", since) : itemsCol(db, this.job.id).orderBy("finishedAt");
    const kind = this.deps.kinds.require(this.job.kind);
    const every = kind.progressEvery ?? 0;
    const stopItems = query.onSnapshot(
      (snap) => {
        const now = this.deps.clock.now();
        const before = this.counter.progress.processed;
        for (const change of snap.docChanges()) {
          if (change.type !== "added") continue;
          this.counter.apply(change.doc.id, checkpointSchema.parse(change.doc.data()), now);
          if (this.state.inFlight[change.doc.id]) delete this.state.inFlight[change.doc.id];
          this.state.recentFinishes = [...this.state.recentFinishes, now].filter((t) => now - t < this.job.rateLimits.minDelayMs);
        }
        const after = this.counter.progress.processed;
        if (every > 0 && Math.floor(after / every) > Math.floor(before / every)) {
          void Promise.resolve(kind.onProgress?.({ db, jobId: this.job.id }, summarize(this.job, this.counter.progress, "running", now, this.counter.metrics))).catch(() => undefined);
        }
        this.dirty = this.dirty || after !== before;
        this.waker.wake();
      },
      (error) => this.fail(error),
    );
    const stopJob = jobRef(db, this.job.id).onSnapshot(
      (snap) => {
        const doc: JobDoc = jobSchema.parse(snap.data());
        this.job = { ...this.job, status: doc.status, throttledUntil: doc.throttledUntil };
        this.waker.wake();
      },
      (error) => this.fail(error),
    );
    return () => {
      stopItems();
      stopJob();
    };
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.waker.wake();
  }

  private inFlightCount(): number {
    return Object.keys(this.state.inFlight).length;
  }

  private async loop(): Promise<TickOutcome> {
    for (;;) {
      if (this.failure) throw this.failure;
      const now = this.deps.clock.now();
      let waitMs: number | null = ROLLUP_MS;
      if (this.job.status !== "running") {
        this.limiterState = "draining";
        if (this.inFlightCount() === 0 || now >= this.deadline) return this.drain();
      } else if (this.listDone && this.queue.length === 0 && this.inFlightCount() === 0) {
        return (await this.finish()) ? "finished" : "superseded";
      } else if (now >= this.deadline) {
        return this.handOver();
      } else if (this.queue.length === 0 && !this.listDone) {
        await this.refill();
        continue;
      } else if (this.queue.length > 0) {
        const decision = decide(this.job.rateLimits, this.pacing(), now);
        this.limiterState = decision.state;
        if (decision.kind === "release") {
          await this.release(decision.count, now);
          waitMs = 0;
        } else {
          waitMs = decision.waitMs ?? ROLLUP_MS;
        }
      }
      if (this.dirty && now - this.lastPersist >= ROLLUP_MS && !(await this.persist({}))) return "superseded";
      if (waitMs > 0) await this.waker.wait(Math.min(waitMs, ROLLUP_MS, Math.max(1, this.deadline - now)));
    }
  }

  private pacing() {
    const until = this.job.throttledUntil?.toMillis() ?? null;
    return { lastReleaseAt: this.state.lastReleaseAt, recentFinishes: this.state.recentFinishes, inFlight: this.inFlightCount(), throttledUntil: until };
  }

  private async refill(): Promise<void> {
    const page = await sourceFor(this.deps, this.job).list(this.listCursor, this.deps.config.pageSize);
    let items = page.items.filter((i) => !this.state.inFlight[i.key]);
    if (this.state.verifyListed && items.length > 0) {
      const refs = items.map((i) => checkpointRef(this.deps.db, this.job.id, i.key));
      const existing = new Set((await this.deps.db.getAll(...refs)).filter((s) => s.exists).map((s) => s.id));
      if (existing.size === 0) this.state.verifyListed = false;
      items = items.filter((i) => !existing.has(i.key));
    }
    this.queue.push(...items);
    this.listCursor = page.items.at(-1)?.key ?? this.listCursor;
    this.listDone = page.done;
    this.dirty = true;
  }

  private async release(count: number, now: number): Promise<void> {
    const batch = this.queue.splice(0, count);
    const attempt = this.job.plan.attempt;
    for (const { key, item, target } of batch) {
      this.state.inFlight[key] = { item, target: target ?? null, attempt, releasedAt: now };
    }
    this.releaseCursor = batch.at(-1)?.key ?? this.releaseCursor;
    this.enqueued += batch.length;
    this.state.lastReleaseAt = consume(this.job.rateLimits, this.state.lastReleaseAt, batch.length, now);
    this.releases.push(...batch.map(() => now));
    this.dirty = true;
    await Promise.all(
      batch.map(({ key, item, target }) => this.deps.tasks.enqueueItem({ jobId: this.job.id, itemKey: key, item, target: target ?? null, attempt })),
    );
  }

  /** The roll-up: progress, limiter status and plan on the job; the private state beside it. */
  private async persist(extraState: Partial<DispatcherState>, extraJob: Record<string, unknown> = {}): Promise<boolean> {
    const now = this.deps.clock.now();
    while (this.releases.length > 0 && now - this.releases[0] > 60_000) this.releases.shift();
    const progress = this.counter.snapshot(now);
    const moved = progress.processed !== this.job.progress.processed;
    const throughput = addSample(this.job.throughput, now, progress.processed);
    const jobFields: Record<string, unknown> = {
      progress,
      lastErrors: this.counter.lastErrors,
      targets: this.counter.targets,
      metrics: this.counter.metrics,
      throughput,
      plan: { cursor: this.releaseCursor, done: this.listDone && this.queue.length === 0, enqueued: this.enqueued, attempt: this.job.plan.attempt },
      limiter: { state: this.limiterState, inFlight: this.inFlightCount(), releasedLastMinute: this.releases.length, throttledUntil: this.job.throttledUntil },
      ...(moved || this.lastPersist === 0 ? { updatedAt: Timestamp.fromMillis(now) } : {}),
      ...extraJob,
    };
    const stateFields: Partial<DispatcherState> = {
      countedThrough: this.counter.countedThrough,
      inFlight: this.state.inFlight,
      lastReleaseAt: this.state.lastReleaseAt,
      recentFinishes: this.state.recentFinishes,
      reRelease: this.state.reRelease,
      verifyListed: this.state.verifyListed,
      leaseUntil: now + this.deps.config.tickSeconds * 1000 + 30_000,
      ...extraState,
    };
    const ok = await persistIfOwner(this.deps, this.job.id, this.claim.owner, jobFields, stateFields);
    this.job = { ...this.job, progress, throughput };
    this.dirty = false;
    this.lastPersist = now;
    return ok;
  }

  private async handOver(): Promise<TickOutcome> {
    const next = this.state.tick + 1;
    if (!(await this.persist({ tick: next, owner: null, leaseUntil: null }))) return "superseded";
    await this.deps.tasks.enqueueTick({ jobId: this.job.id, tick: next });
    return "handed-over";
  }

  private async finish(): Promise<boolean> {
    if (!(await this.persist({}))) return false;
    return finalizeJob(this.deps, this.job.id, this.claim.owner);
  }

  /** Paused or cancelled: in-flight items have finished (or the tick ran out); no handover. */
  private async drain(): Promise<TickOutcome> {
    const extraJob: Record<string, unknown> = {};
    if (this.job.status === "cancelled") {
      const counts = await exactCounts(this.deps, this.job.id);
      this.counter.metrics = await settledMetrics(this.deps, this.job, this.counter.progress.processed, this.counter.metrics, counts.processed);
      Object.assign(this.counter.progress, counts);
      extraJob.limiter = { state: "idle", inFlight: 0, releasedLastMinute: 0, throttledUntil: null };
    }
    this.limiterState = "idle";
    const ok = await this.persist({ tick: this.state.tick + 1, owner: null, leaseUntil: null }, extraJob);
    return ok ? "drained" : "superseded";
  }
}

