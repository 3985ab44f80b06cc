/**
 * A circuit breaker per outside source, as a pure state machine (the store keeps it in Firestore so
 * every function instance sees the same state).
 *
 *   closed    -- N consecutive transient failures -->  open       (a success resets the count)
 *   open      -- cool-down passed, one item asks ---->  half-open  (that item is the probe)
 *   half-open -- probe succeeds ---------------------->  closed
 *   half-open -- probe fails ------------------------->  open       (a new cool-down)
 *
 * While open (or while another item probes), items wait and are rescheduled, never failed. An
 * outage longer than `maxOutageMs` gives up: items fail again and a critical log is written.
 */
import { z } from "zod";

export const CIRCUIT_STATES = ["closed", "open", "half-open"] as const;

export const circuitSchema = z.object({
  state: z.enum(CIRCUIT_STATES),
  /** Consecutive transient failures (reset by a success). */
  failures: z.number().int(),
  /** When the open state ends and a probe may go (ms since epoch). */
  openUntil: z.number().nullable(),
  /** When the current outage began: the first opening since the circuit was last closed. */
  outageSince: z.number().nullable(),
  /** When the current probe was let through. */
  probeAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The critical "never closes" log was written for this outage. */
  gaveUpLogged: z.boolean(),
  /** When the state last changed (ms since epoch; set by the store). */
  changedAt: z.number().nullable().default(null),
});
export type Circuit = z.infer<typeof circuitSchema>;

export interface CircuitPolicy {
  /** The source's name, e.g. "toastmasters-dashboard". */
  source: string;
  failureThreshold: number;
  coolDownMs: number;
  /** An outage longer than this gives up (items fail, critical log). */
  maxOutageMs: number;
  /** A probe that has not reported after this long is presumed lost; the next item probes. */
  probeTimeoutMs: number;
}

export const CLOSED: Circuit = {
  state: "closed",
  failures: 0,
  openUntil: null,
  outageSince: null,
  probeAt: null,
  lastError: null,
  gaveUpLogged: false,
  changedAt: null,
};

export type Admission = { kind: "go"; next: Circuit } | { kind: "wait"; untilMs: number; next: Circuit } | { kind: "give-up"; next: Circuit };

/** May an item call the source now? */
export function admit(c: Circuit, policy: CircuitPolicy, now: number): Admission {
  if (c.state === "closed") return { kind: "go", next: c };
  if (c.outageSince !== null && now - c.outageSince > policy.maxOutageMs) return { kind: "give-up", next: c };
  if (c.state === "open") {
    if (c.openUntil !== null && now < c.openUntil) return { kind: "wait", untilMs: c.openUntil, next: c };
    return { kind: "go", next: { ...c, state: "half-open", probeAt: now } };
  }
  // half-open: one probe at a time
  if (c.probeAt !== null && now - c.probeAt < policy.probeTimeoutMs) return { kind: "wait", untilMs: c.probeAt + policy.probeTimeoutMs, next: c };
  return { kind: "go", next: { ...c, probeAt: now } };
}

export function onSuccess(c: Circuit): Circuit {
  return c.state === "closed" && c.failures === 0 ? c : CLOSED;
}

/** A transient failure of the source (permanent errors say nothing about its health). */
export function onFailure(c: Circuit, policy: CircuitPolicy, now: number, error: string): Circuit {
  const failures = c.failures + 1;
  const open = (): Circuit => ({
    ...c,
    state: "open",
    failures,
    openUntil: now + policy.coolDownMs,
    outageSince: c.outageSince ?? now,
    probeAt: null,
    lastError: error,
  });
  if (c.state === "half-open") return open();
  if (c.state === "open") return { ...c, failures, lastError: error };
  return failures >= policy.failureThreshold ? open() : { ...c, failures, lastError: error };
}

export function same(a: Circuit, b: Circuit): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
