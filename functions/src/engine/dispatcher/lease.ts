/**
 * The dispatcher's lease: one tick at a time per job. A tick claims `dispatcher/state` when its
 * number is the expected one and no live owner holds it; every roll-up re-checks the owner in a
 * transaction, so a superseded tick (after a resume or a duplicate delivery) stops at once. While
 * it runs, the tick renews the lease (LEASE_MS ahead, every RENEW_EVERY_MS), whatever it is waiting
 * on; a lease that runs out tells the recovery the chain is lost (liveness.ts).
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

export interface Claim {
  owner: string;
  job: JobWithId;
  state: DispatcherState;
}

export type ClaimResult = { claim: Claim } | { skipped: string };

export async function claimTick(deps: EngineDeps, jobId: string, tick: number): Promise<ClaimResult> {
  const owner = randomUUID();
  const leaseMs = LEASE_MS;
  return deps.db.runTransaction(async (tx): Promise<ClaimResult> => {
    const jobSnap = await tx.get(jobRef(deps.db, jobId));
    const stateSnap = await tx.get(dispatcherRef(deps.db, jobId));
    if (!jobSnap.exists || !stateSnap.exists) return { skipped: "no such job" };
    const job = parseJob(jobSnap);
    const state = dispatcherStateSchema.parse(stateSnap.data());
    const now = deps.clock.now();
    if (state.tick !== tick) return { skipped: `expected tick ${state.tick}` };
    if (state.owner && (state.leaseUntil ?? 0) > now) return { skipped: "another tick holds the lease" };
    if (!["running", "paused", "cancelled"].includes(job.status)) return { skipped: `job is ${job.status}` };
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

  constructor(
    private readonly deps: EngineDeps,
    private readonly jobId: string,
    private readonly tick: number,
    readonly owner: string,
    hardStop: number,
    private readonly onLost: () => void,
  ) {
    this.timer = setInterval(() => {
      const until = Math.min(deps.clock.now() + LEASE_MS, hardStop);
      this.write(() => renewLease(deps, jobId, owner, until))
        .then((held) => held || this.lost())
        .catch(() => undefined); // a failed renewal is retried on the next beat; the lease covers two
    }, RENEW_EVERY_MS);
  }

  write<T>(fn: () => Promise<T>): Promise<T> {
    return this.serial.run(fn);
  }

  /** The roll-up's transaction; false (and superseded) when the tick no longer owns the lease. */
  async persist(jobFields: DocumentData, stateFields: Partial<DispatcherState>): Promise<boolean> {
    const ok = await this.write(() => persistIfOwner(this.deps, this.jobId, this.owner, jobFields, stateFields));
    if (!ok) this.superseded = true;
    return ok;
  }

  /** Handing over, finishing or draining: the lease is about to be given up on purpose. */
  giveUp(): void {
    this.givingUp = true;
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
