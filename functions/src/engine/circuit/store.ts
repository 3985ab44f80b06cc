/**
 * The circuit breakers' shared state: `backfillCircuits/{source}`, changed in transactions. A
 * closed circuit with no failures costs one read per item and no write. The running job's
 * dispatcher watches it and copies it onto the job (`circuits.{source}`) so the page shows it; an
 * opening also holds the job (`holds/circuit-{source}`) until the cool-down ends.
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { holdJob } from "../throttle";
import { type Admission, admit, type Circuit, type CircuitPolicy, CLOSED, circuitSchema, onFailure, onSuccess, same } from "./breaker";

export const CIRCUITS = "backfillCircuits";

export interface CircuitHandle {
  admit(): Promise<Admission>;
  success(): Promise<void>;
  failure(error: string): Promise<Circuit>;
  /** Records that this outage gave up; true for the first caller (who writes the critical log). */
  giveUp(): Promise<boolean>;
}

export function circuitHandle(deps: EngineDeps, policy: CircuitPolicy, jobId: string): CircuitHandle {
  const ref = deps.db.collection(CIRCUITS).doc(policy.source);
  const read = (data: unknown): Circuit => circuitSchema.safeParse(data).data ?? CLOSED;

  /** Applies `change` in a transaction; copies the new state onto the job when the state changed. */
  async function update<T extends { next: Circuit }>(change: (c: Circuit) => T): Promise<T> {
    const { result, before } = await deps.db.runTransaction(async (tx) => {
      const current = read((await tx.get(ref)).data());
      const out = change(current);
      if (!same(current, out.next)) tx.set(ref, current.state === out.next.state ? out.next : { ...out.next, changedAt: deps.clock.now() });
      return { result: out, before: current };
    });
    if (before.state !== result.next.state) await publish(before, result.next);
    return result;
  }

  async function publish(before: Circuit, after: Circuit): Promise<void> {
    if (after.state === "open" && after.openUntil !== null)
      await holdJob(deps, jobId, `circuit-${policy.source}`, after.openUntil, `circuit ${policy.source} open`).catch(() => false);
    const line = messages.circuitChanged(policy.source, before.state, after.state, after.lastError);
    if (after.state === "open") log.warn(line, { source: policy.source, jobId, failures: after.failures, openUntil: after.openUntil });
    else log.info(line, { source: policy.source, jobId });
  }

  return {
    async admit() {
      const current = read((await ref.get()).data());
      const quick = admit(current, policy, deps.clock.now());
      if (quick.kind !== "go" || same(quick.next, current)) return quick; // no change: no transaction
      return update((c) => admit(c, policy, deps.clock.now()));
    },
    async success() {
      const current = read((await ref.get()).data());
      if (same(onSuccess(current), current)) return;
      await update((c) => ({ next: onSuccess(c) }));
    },
    async failure(error) {
      return (await update((c) => ({ next: onFailure(c, policy, deps.clock.now(), error) }))).next;
    },
    async giveUp() {
      return (await update((c) => ({ next: { ...c, gaveUpLogged: true }, first: !c.gaveUpLogged }))).first;
    },
  };
}
