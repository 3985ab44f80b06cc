/**
 * The circuit breaker around one item's call to its source, as the item runner uses it: admit
 * before the call, count transient failures and successes, and reschedule the item (never fail it)
 * while the circuit is open. Rescheduling waits in the task up to `MAX_IN_TASK_WAIT_MS` (the
 * emulator's queue ignores schedule times) and enqueues the item again for the rest of the wait,
 * noting the deferral (`deferrals/{itemKey}`) so the dispatcher does not take the item for lost.
 */
import { log } from "../../logs/logger";
import { messages } from "../../logs/messages";
import type { EngineDeps } from "../deps";
import { deferralRef } from "../paths";
import type { ItemPayload } from "../task-queue";
import type { CircuitPolicy } from "./breaker";
import { type CircuitHandle, circuitHandle } from "./store";

export const MAX_IN_TASK_WAIT_MS = 20_000;

export type GateDecision = { kind: "go" } | { kind: "wait"; untilMs: number } | { kind: "give-up"; message: string };

export class CircuitGate {
  private readonly handle: CircuitHandle;
  /** openUntil when this item's own failure left the circuit open. */
  openedUntil: number | null = null;

  constructor(
    private readonly deps: EngineDeps,
    private readonly policy: CircuitPolicy,
    private readonly payload: ItemPayload,
  ) {
    this.handle = circuitHandle(deps, policy, payload.jobId);
  }

  async admit(): Promise<GateDecision> {
    const admission = await this.handle.admit();
    if (admission.kind === "go") return { kind: "go" };
    if (admission.kind === "wait") return { kind: "wait", untilMs: admission.untilMs };
    const minutes = Math.round(this.policy.maxOutageMs / 60_000);
    const message = `${this.policy.source} has been unavailable for more than ${minutes} min (circuit open): ${admission.next.lastError ?? "no answer"}`;
    if (await this.handle.giveUp()) {
      log.critical(messages.circuitGaveUp(this.policy.source, minutes, admission.next.lastError), { source: this.policy.source, jobId: this.payload.jobId });
    }
    return { kind: "give-up", message };
  }

  /** Counts a transient failure; true when the circuit is now open (stop retrying, reschedule). */
  async failed(error: string): Promise<boolean> {
    const circuit = await this.handle.failure(error);
    this.openedUntil = circuit.state === "open" ? circuit.openUntil : null;
    return this.openedUntil !== null;
  }

  async succeeded(): Promise<void> {
    await this.handle.success();
  }

  /** Waits (bounded) and enqueues the item again for when the circuit may let it through. */
  async reschedule(untilMs: number): Promise<void> {
    const { deps, payload } = this;
    const deferral = (payload.deferral ?? 0) + 1;
    log.info(messages.itemDeferred(payload.jobId, payload.itemKey, this.policy.source, new Date(untilMs).toISOString()), {
      jobId: payload.jobId,
      itemKey: payload.itemKey,
      deferral,
    });
    const waitMs = Math.min(MAX_IN_TASK_WAIT_MS, Math.max(0, untilMs - deps.clock.now()));
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const rest = Math.max(0, Math.ceil((untilMs - deps.clock.now()) / 1000));
    // The dispatcher's lost-item clock for this item starts again when the new task is due.
    await deferralRef(deps.db, payload.jobId, payload.itemKey).set({ dueAt: deps.clock.now() + rest * 1000, deferral });
    await deps.tasks.enqueueItem({ ...payload, deferral }, rest > 0 ? rest : undefined);
  }
}

export function circuitGate(deps: EngineDeps, policy: CircuitPolicy | undefined, payload: ItemPayload): CircuitGate | null {
  return policy ? new CircuitGate(deps, policy, payload) : null;
}
