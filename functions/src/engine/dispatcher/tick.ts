/**
 * One dispatcher tick (the plan task): lists items a page at a time from the saved cursor (item-feed.ts), releases
 * item tasks at the job's pace, counts checkpoints as they appear, finds lost items, rolls progress
 * up onto the job (its only writer besides an operator's or the recovery's status change: at most
 * once a second, across ticks too), keeps its lease alive, and hands over to the next tick before
 * the task deadline. A pausing or cancelling job drains here and is settled (settle.ts).
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import { DISPATCH_TIMEOUT_SECONDS } from "../../queues";
import type { Circuit } from "../circuit/breaker";
import type { EngineDeps } from "../deps";
import type { Checkpoint, DispatcherState, JobDoc } from "../job-schema";
import type { JobWithId } from "../job-store";
import { LEASE_MS, LOST_CHECK_EVERY_MS } from "../liveness";
import { ProgressCounter } from "./counter";
import { exactCounts, finalizeJob, settledAggregates, summarize } from "./finalize";
import { countMissedCheckpoints, releaseInFlightAgain } from "./in-flight";
import { ItemFeed } from "./item-feed";
import { sourceFor } from "./item-source";
import { type Claim, claimTick, HeldLease } from "./lease";
import { overdueKeys, settleOverdue } from "./lost-items";
import { consume, decide, type PacingDecision } from "./pacing";
import { rampedLimits } from "./ramp";
import { rollup } from "./rollup";
import { Waker } from "./waker";
import { circuitChange, refreshCircuit, watchTick } from "./watch";
import { mayStillRun } from "./settle";
import { startNextQueued } from "../lifecycle";
import { type DrainingStatus, isDraining } from "../status";
import { announce } from "../transitions";

export type TickOutcome = "skipped" | "handed-over" | "finished" | "drained" | "superseded";

export async function runDispatcherTick(deps: EngineDeps, jobId: string, tick: number): Promise<TickOutcome> {
  const result = await claimTick(deps, jobId, tick);
  if ("skipped" in result) {
    log.info(messages.tickSkipped(jobId, tick, result.skipped), { jobId, tick });
    return "skipped";
  }
  return new Tick(deps, result.claim).run();
}

/** Consecutive writes of the job document are at least this far apart. */
const ROLLUP_MS = 1000;

class Tick {
  private readonly startedAt: number;
  private readonly deadline: number;
  private job: JobWithId;
  private state: DispatcherState;
  private readonly counter: ProgressCounter;
  private readonly waker = new Waker();
  private readonly feed: ItemFeed;
  private limiterState: PacingDecision["state"] | "idle" | "draining" = "idle";
  private failure: unknown = null;
  private dirty = true;
  private heartbeatDue = true;
  private lastJobWrite: number;
  private lastLostCheck = 0;
  private lastDrainCheck = 0;
  private readonly lease: HeldLease;

  constructor(
    private readonly deps: EngineDeps,
    private readonly claim: Claim,
  ) {
    this.job = claim.job;
    this.state = claim.state;
    this.startedAt = deps.clock.now();
    this.deadline = this.startedAt + deps.config.tickSeconds * 1000;
    this.counter = new ProgressCounter(this.job, this.state.countedThrough, this.startedAt, deps.kinds.require(this.job.kind));
    this.feed = new ItemFeed(deps, this.job.plan);
    this.lastJobWrite = Math.min(this.state.lastRollupAt ?? 0, this.startedAt); // a writer's clock ahead of ours never stalls the roll-up
    const hardStop = this.startedAt + DISPATCH_TIMEOUT_SECONDS * 1000; // the function's timeout: the lease never outlives it
    this.lease = new HeldLease(deps, this.job.id, this.state.tick, claim.owner, hardStop, () => this.waker.wake());
  }

  async run(): Promise<TickOutcome> {
    const kind = this.deps.kinds.require(this.job.kind);
    const stopWatching = watchTick(this.deps, this.job.id, this.state.countedThrough, kind.circuit?.source ?? null, {
      checkpoints: (added) => this.onCheckpoints(added),
      status: (status) => this.update({ status }),
      hold: (until) => this.update({ throttledUntil: until }, (until?.toMillis() ?? null) !== (this.job.throttledUntil?.toMillis() ?? null)),
      circuit: (source, circuit) => this.onCircuit(source, circuit),
      error: (error) => this.fail(error),
    });
    try {
      if (this.state.tick === 0 && this.job.plan.enqueued === 0 && this.job.status === "running") await this.start();
      if (await countMissedCheckpoints(this.deps, this.job.id, this.state, this.counter)) this.dirty = true;
      if (this.state.reRelease && this.job.status === "running") {
        await releaseInFlightAgain(this.deps, this.job, this.state);
        this.dirty = true;
      }
      await this.checkLost(this.deps.clock.now());
      return await this.loop();
    } catch (error) {
      // Let the task's redelivery claim at once (the recovery resumes the job if none comes).
      await this.persist({ owner: null, leaseUntil: this.deps.clock.now() + LEASE_MS }).catch(() => undefined);
      throw error;
    } finally {
      this.lease.stop();
      stopWatching();
    }
  }

  private async start(): Promise<void> {
    const total = this.counter.progress.total ?? (await sourceFor(this.deps, this.job).count());
    this.counter.progress.total = total;
    log.info(messages.jobStarted(this.job.id, this.job.kind, total), { jobId: this.job.id, total });
    const kind = this.deps.kinds.require(this.job.kind);
    await kind.onStart?.(
      { db: this.deps.db, jobId: this.job.id },
      summarize(this.job, this.counter.progress, "running", this.startedAt, this.counter.aggregates.metrics),
    );
  }

  private onCheckpoints(added: Array<[string, Checkpoint]>): void {
    const now = this.deps.clock.now();
    const kind = this.deps.kinds.require(this.job.kind);
    const before = this.counter.progress.processed;
    for (const [key, checkpoint] of added) {
      this.counter.apply(key, checkpoint, now);
      if (this.state.inFlight[key]) delete this.state.inFlight[key];
      this.state.recentFinishes = [...this.state.recentFinishes, now].filter((t) => now - t < this.job.rateLimits.minDelayMs);
    }
    const after = this.counter.progress.processed;
    const every = kind.progressEvery ?? 0;
    if (every > 0 && Math.floor(after / every) > Math.floor(before / every)) {
      const summary = summarize(this.job, this.counter.progress, "running", now, this.counter.aggregates.metrics);
      void Promise.resolve(kind.onProgress?.({ db: this.deps.db, jobId: this.job.id }, summary)).catch(() => undefined);
    }
    this.update({}, after !== before);
  }

  private onCircuit(source: string, circuit: Circuit): void {
    const next = circuitChange(this.job.circuits[source], circuit);
    if (next) this.update({ circuits: { ...this.job.circuits, [source]: next } }, true);
  }

  private update(fields: Partial<JobDoc>, dirty = false): void {
    this.job = { ...this.job, ...fields };
    this.dirty = this.dirty || dirty;
    this.waker.wake();
  }

  private fail(error: unknown): void {
    this.failure = error;
    this.waker.wake();
  }

  private inFlightCount(): number {
    return Object.keys(this.state.inFlight).length;
  }

  /** Overdue in-flight items (looked at every few seconds): released again, or failed as lost. */
  private async checkLost(now: number): Promise<void> {
    this.lastLostCheck = now;
    if (this.job.status !== "running") return;
    const report = await settleOverdue(this.deps, this.job, this.state, overdueKeys(this.state.inFlight, now, this.deps.config.lostItemMs));
    if (report.released.length + report.failed.length > 0) this.dirty = true;
  }

  private async loop(): Promise<TickOutcome> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.lease.superseded) return "superseded";
      const now = this.deps.clock.now();
      let waitMs: number | null = ROLLUP_MS;
      if (this.job.status !== "running") {
        this.limiterState = "draining";
        const status = this.job.status;
        if (!isDraining(status)) return this.stop();
        if (await this.nothingMayRun(now)) {
          const settled = await this.settle(status);
          if (settled !== "moved-on") return settled;
          continue; // resumed while it drained: the loop runs on
        }
        if (now >= this.deadline) return this.handOver(); // the next tick drains on
      } else if (this.feed.exhausted && this.inFlightCount() === 0) {
        return (await this.finish()) ? "finished" : "superseded";
      } else if (now >= this.deadline) {
        return this.handOver();
      } else if (now - this.lastLostCheck >= LOST_CHECK_EVERY_MS) {
        await this.checkLost(now);
        continue;
      } else if (this.feed.needsRefill) {
        await this.feed.refill(this.job, this.state);
        this.dirty = true;
        continue;
      } else if (this.feed.waiting > 0) {
        const decision = decide(this.limitsAt(now), this.pacing(), now);
        this.limiterState = decision.state;
        if (decision.kind === "release") {
          await this.release(decision.count, now);
          waitMs = 0;
        } else {
          waitMs = decision.waitMs ?? ROLLUP_MS;
        }
      }
      const rollupAt = Math.max(this.lastJobWrite + ROLLUP_MS, this.lease.writableAt()); // never wait inside the loop
      if (this.dirty && now >= rollupAt && (await this.persist({})) !== "ok") return "superseded";
      const nextRollup = this.dirty ? Math.max(1, rollupAt - now) : ROLLUP_MS;
      if (waitMs > 0) await this.waker.wait(Math.min(waitMs, nextRollup, Math.max(1, this.deadline - now)));
    }
  }

  /** The job's rate limits, held to Firestore's ramp when the job asked for it. */
  private limitsAt(now: number) {
    return rampedLimits(this.job.rateLimits, this.job.ramp, this.job.startedAt?.toMillis() ?? null, now);
  }

  private pacing() {
    const until = this.job.throttledUntil?.toMillis() ?? null;
    return { lastReleaseAt: this.state.lastReleaseAt, recentFinishes: this.state.recentFinishes, inFlight: this.inFlightCount(), throttledUntil: until };
  }

  private async release(count: number, now: number): Promise<void> {
    const released = await this.feed.release(this.job, this.state, count, now);
    this.state.lastReleaseAt = consume(this.limitsAt(now), this.state.lastReleaseAt, released, now);
    this.dirty = true;
  }

  /** Waits until the job document may be written again (ROLLUP_MS after the last write). */
  private async spaced(): Promise<void> {
    const wait = this.lastJobWrite + ROLLUP_MS - this.deps.clock.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** The roll-up (rollup.ts) written with the dispatcher state, if this tick still holds the lease. */
  private async persist(
    extraState: Partial<DispatcherState>,
    extraJob: Record<string, unknown> = {},
    settleFrom?: DrainingStatus,
  ): Promise<"ok" | "moved-on" | "superseded"> {
    await this.spaced();
    const now = this.deps.clock.now();
    const plan = this.feed.plan(this.job.plan.attempt);
    const { jobFields, stateFields, progress, throughput, updatedAt } = rollup({
      job: this.job,
      state: this.state,
      counter: this.counter,
      now,
      plan,
      limiterState: this.limiterState,
      inFlight: this.inFlightCount(),
      releasedLastMinute: this.feed.releasedLastMinute(now),
      heartbeat: this.heartbeatDue,
      summarize: this.deps.kinds.require(this.job.kind).summarize,
    });
    let ok: "ok" | "moved-on" | "superseded";
    if (settleFrom) {
      const settled = await this.lease.settle(settleFrom, { ...jobFields, ...extraJob }, { ...stateFields, ...extraState });
      announce(settled.change);
      ok = settled.result === "settled" ? "ok" : settled.result;
    } else {
      ok = (await this.lease.persist({ ...jobFields, ...extraJob }, { ...stateFields, ...extraState })) ? "ok" : "superseded";
    }
    this.lastJobWrite = this.deps.clock.now();
    this.job = { ...this.job, progress, throughput, ...(updatedAt ? { updatedAt } : {}) };
    this.dirty = false;
    this.heartbeatDue = false;
    return ok;
  }

  /** The chain goes on: the next tick must claim the lease within LEASE_MS, or the recovery resumes the job. */
  private async handOver(): Promise<TickOutcome> {
    this.lease.giveUp();
    const next = this.state.tick + 1;
    if ((await this.persist({ tick: next, owner: null, leaseUntil: this.deps.clock.now() + LEASE_MS })) !== "ok") return "superseded";
    await this.deps.tasks.enqueueTick({ jobId: this.job.id, tick: next });
    return "handed-over";
  }

  private async finish(): Promise<boolean> {
    this.lease.giveUp();
    await refreshCircuit(this.deps, this.deps.kinds.require(this.job.kind).circuit?.source ?? null, (source, circuit) => this.onCircuit(source, circuit));
    if ((await this.persist({})) !== "ok") return false;
    await this.spaced();
    return this.lease.write(() => finalizeJob(this.deps, this.job.id, this.claim.owner));
  }

  /** No released item may still run (settle.ts); looks at deferrals once per LOST_CHECK_EVERY_MS. */
  private async nothingMayRun(now: number): Promise<boolean> {
    if (this.inFlightCount() === 0) return true;
    if (now - this.lastDrainCheck < LOST_CHECK_EVERY_MS) return false;
    this.lastDrainCheck = now;
    return (await mayStillRun(this.deps, this.job.id, this.state.inFlight, now)).length === 0;
  }

  /** Pausing or cancelling, and nothing may still run: paused or cancelled, with the last roll-up; the chain ends. */
  private async settle(from: DrainingStatus): Promise<TickOutcome | "moved-on"> {
    const extraJob: Record<string, unknown> = { limiter: { state: "idle", inFlight: 0, releasedLastMinute: 0, throttledUntil: null } };
    if (from === "cancelling") {
      const counts = await exactCounts(this.deps, this.job.id);
      this.counter.aggregates = await settledAggregates(this.deps, this.job, this.counter.progress.processed, this.counter.aggregates, counts.processed);
      Object.assign(this.counter.progress, counts);
    }
    this.lease.giveUp();
    const outcome = await this.persist({ tick: this.state.tick + 1, owner: null, leaseUntil: null }, extraJob, from);
    if (outcome === "moved-on") {
      this.lease.keep();
      this.dirty = true; // the roll-up was not written
      return "moved-on";
    }
    if (outcome === "superseded") return "superseded";
    if (from === "cancelling") await startNextQueued(this.deps);
    return "drained";
  }

  /** The job was paused or cancelled without a drain (no chain was thought alive): stop, handing over to no one. */
  private async stop(): Promise<TickOutcome> {
    this.lease.giveUp();
    this.limiterState = "idle";
    const ok = await this.persist({ tick: this.state.tick + 1, owner: null, leaseUntil: null });
    return ok === "ok" ? "drained" : "superseded";
  }
}
