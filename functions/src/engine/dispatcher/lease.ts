/**
 * The dispatcher's lease: one tick at a time per job. A tick claims `dispatcher/state` when its
 * number is the expected one and no live owner holds it; every roll-up re-checks the owner in a
 * transaction, so a superseded tick (after a resume or a duplicate delivery) stops at once. While
 * it runs, the tick renews the lease (LEASE_MS ahead, every RENEW_EVERY_MS), whatever it is waiting
 * on; a lease that runs out tells the recovery the chain is lost (liveness.ts). The state document
 * takes at most one write per STATE_WRITE_GAP_MS in steady state: a claim waits that long after the
 * last tick's handover, a tick's writes are spaced, and a roll-up (which moves the lease) stands for a renewal.
 */
import { randomUUID } from "node:crypto";
import type { DocumentData } from "firebase-admin/firestore";
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { type DispatcherState, dispatcherStateSchema } from "../job-schema";
import { type JobWithId, parseJob } from "../job-store";
import { LEASE_MS, RENEW_EVERY_MS } from "../liveness";
import { dispatcherRef, jobRef } from "../paths";
import { Serial } from "./serial";
import { CHAIN_STATUSES, type DrainingStatus } from "../status";
import { type SettleResult, settleIfOwner } from "./settle";

export interface Claim {
  owner: string;
  job: JobWithId;
  state: DispatcherState;
}

export type ClaimResult = { claim: Claim } | { skipped: string };

/** Firestore sustains about one write per second to a document: the state's writes are this far apart. */
export const STATE_WRITE_GAP_MS = 1000;

export async function claimTick(deps: EngineDeps, jobId: string, tick: number): Promise<ClaimResult> {
  for (;;) {
    const result = await claimOnce(deps, jobId, tick);
    if (!("waitMs" in result)) return result;
    await new Promise((resolve) => setTimeout(resolve, result.waitMs));
  }
}

async function claimOnce(deps: EngineDeps, jobId: string, tick: number): Promise<ClaimResult | { waitMs: number }> {
  const owner = randomUUID();
  const leaseMs = LEASE_MS;
  return deps.db.runTransaction(async (tx): Promise<ClaimResult | { waitMs: number }> => {
    const jobSnap = await tx.get(jobRef(deps.db, jobId));
    const stateSnap = await tx.get(dispatcherRef(deps.db, jobId));
    if (!jobSnap.exists || !stateSnap.exists) return { skipped: "no such job" };
    const job = parseJob(jobSnap);
    const state = dispatcherStateSchema.parse(stateSnap.data());
    const now = deps.clock.now();
    if (state.tick !== tick) return { skipped: `expected tick ${state.tick}` };
    if (state.owner && (state.leaseUntil ?? 0) > now) return { skipped: "another tick holds the lease" };
    if (!CHAIN_STATUSES.includes(job.status)) return { skipped: `job is ${job.status}` };
    const sinceWrite = now - (stateSnap.updateTime?.toMillis() ?? 0);
    if (tick > 0 && sinceWrite >= 0 && sinceWrite < STATE_WRITE_GAP_MS) return { waitMs: STATE_WRITE_GAP_MS - sinceWrite }; // the job's first claim follows its creation at once
    tx.update(dispatcherRef(deps.db, jobId), { owner, leaseUntil: now + leaseMs });
    return { claim: { owner, job, state: { ...state, owner, leaseUntil: now + leaseMs } } };
  });
}

/** Writes the job's roll-up and the dispatcher state together, if this tick still owns the lease. */
export async function persistIfOwner(
  deps: EngineDeps,
  jobId: string,
  owner: string,
  jobFields: DocumentData,
  stateFields: Partial<DispatcherState>,
): Promise<boolean> {
  return deps.db.runTransaction(async (tx) => {
    const stateSnap = await tx.get(dispatcherRef(deps.db, jobId));
    if (stateSnap.get("owner") !== owner) return false;
    if (Object.keys(jobFields).length > 0) tx.update(jobRef(deps.db, jobId), jobFields);
    tx.update(dispatcherRef(deps.db, jobId), stateFields);
    return true;
  });
}

/** Moves the lease on if this tick still owns it; false when another owner took it. */
export async function renewLease(deps: EngineDeps, jobId: string, owner: string, leaseUntil: number): Promise<boolean> {
  return deps.db.runTransaction(async (tx) => {
    const stateSnap = await tx.get(dispatcherRef(deps.db, jobId));
    if (stateSnap.get("owner") !== owner) return false;
    tx.update(dispatcherRef(deps.db, jobId), { leaseUntil });
    return true;
  });
}

/**
 * The lease a running tick holds: renewed on a timer (LEASE_MS ahead, every RENEW_EVERY_MS) until
 * stopped, never past `hardStop` (the function's timeout: a tick that outlives it is dead); the
 * tick's own writes go through `write`, one at a time with the renewals. When another owner took
 * the lease, `superseded` is set and `onLost` called, unless the tick is giving it up on purpose.
 */
export class HeldLease {
  superseded = false;
  private givingUp = false;
  private readonly serial = new Serial();
  private readonly timer: NodeJS.Timeout;
  /** The last write to the state document (the claim's, at first). */
  private lastWriteAt: number;

  constructor(
    private readonly deps: EngineDeps,
    private readonly jobId: string,
    private readonly tick: number,
    readonly owner: string,
    hardStop: number,
    private readonly onLost: () => void,
  ) {
    this.lastWriteAt = deps.clock.now();
    this.timer = setInterval(() => {
      if (deps.clock.now() - this.lastWriteAt < RENEW_EVERY_MS - STATE_WRITE_GAP_MS) return; // a roll-up moved it
      const until = Math.min(deps.clock.now() + LEASE_MS, hardStop);
      this.write(() => renewLease(deps, jobId, owner, until))
        .then((held) => held || this.lost())
        .catch(() => undefined); // a failed renewal is retried on the next beat; the lease covers two
    }, RENEW_EVERY_MS);
  }

  /** When the state document may next be written (STATE_WRITE_GAP_MS after the last write). */
  writableAt(): number {
    return this.lastWriteAt + STATE_WRITE_GAP_MS;
  }

  /** Runs a write of the state document after the others, at least STATE_WRITE_GAP_MS after the last. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      const wait = this.lastWriteAt + STATE_WRITE_GAP_MS - this.deps.clock.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        return await fn();
      } finally {
        this.lastWriteAt = this.deps.clock.now();
      }
    });
  }

  /** The roll-up's transaction; false (and superseded) when the tick no longer owns the lease. */
  async persist(jobFields: DocumentData, stateFields: Partial<DispatcherState>): Promise<boolean> {
    const ok = await this.write(() => persistIfOwner(this.deps, this.jobId, this.owner, jobFields, stateFields));
    if (!ok) this.superseded = true;
    return ok;
  }

  /** The settling roll-up (settle.ts): "superseded" (and superseded set) when the tick no longer owns the lease. */
  async settle(from: DrainingStatus, jobFields: DocumentData, stateFields: Partial<DispatcherState>): Promise<SettleResult> {
    const outcome = await this.write(() => settleIfOwner(this.deps, this.jobId, this.owner, from, jobFields, stateFields));
    if (outcome.result === "superseded") this.superseded = true;
    return outcome;
  }

  /** Handing over, finishing or draining: the lease is about to be given up on purpose. */
  giveUp(): void {
    this.givingUp = true;
  }

  /** A give-up that did not happen (the job moved on before the settling write): the lease is held again. */
  keep(): void {
    this.givingUp = false;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private lost(): void {
    if (this.givingUp) return;
    if (!this.superseded) log.warn(messages.leaseLost(this.jobId, this.tick), { jobId: this.jobId, tick: this.tick });
    this.superseded = true;
    this.onLost();
  }
}
