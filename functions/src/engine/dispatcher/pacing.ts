/**
 * The job's pace, as a pure function: how many items may be released now, or how long to wait.
 * - requests per minute: starts are spaced 60000/rpm ms apart; unused allowance is carried only up
 *   to 100 ms' worth (so at <= 600/min starts are strictly spaced);
 * - min delay: no two starts closer than minDelayMs, and a slot rests minDelayMs after its item
 *   finishes before it takes the next one (with one slot this is seed 000's sequential loop);
 * - max concurrency: released items without a checkpoint never exceed maxConcurrency;
 * - throttle: nothing starts before a Retry-After the source asked for.
 */
import type { RateLimits } from "../job-schema";

export interface PacingState {
  /** When the pace allowance was last consumed (ms); null before the first release. */
  lastReleaseAt: number | null;
  /** Observed finish times within the last minDelayMs. */
  recentFinishes: number[];
  inFlight: number;
  throttledUntil: number | null;
}

export type PacingDecision =
  | { kind: "release"; count: number; state: "releasing" }
  | { kind: "wait"; waitMs: number | null; state: "waiting-for-slot" | "waiting-for-rate" | "throttled" };

/** Most releases decided at once, so one burst of enqueues stays short. */
export const MAX_BURST = 50;

export function intervalMs(limits: RateLimits): number {
  return Math.max(60_000 / limits.requestsPerMinute, limits.minDelayMs);
}

export function decide(limits: RateLimits, state: PacingState, now: number): PacingDecision {
  if (state.throttledUntil !== null && now < state.throttledUntil) {
    return { kind: "wait", waitMs: state.throttledUntil - now, state: "throttled" };
  }
  const resting = state.recentFinishes.filter((t) => now - t < limits.minDelayMs);
  const freeSlots = limits.maxConcurrency - state.inFlight - resting.length;
  if (freeSlots <= 0) {
    // A resting slot frees itself on a timer; a busy one when its checkpoint arrives.
    const restEnds = resting.length > 0 ? Math.min(...resting) + limits.minDelayMs - now : null;
    return { kind: "wait", waitMs: limits.maxConcurrency - state.inFlight > 0 ? restEnds : null, state: "waiting-for-slot" };
  }
  const interval = intervalMs(limits);
  if (state.lastReleaseAt === null) return { kind: "release", count: 1, state: "releasing" };
  const earliest = state.lastReleaseAt + interval;
  if (now < earliest) return { kind: "wait", waitMs: Math.ceil(earliest - now), state: "waiting-for-rate" };
  const allowance = limits.minDelayMs > 0 ? 1 : Math.floor((now - state.lastReleaseAt) / interval);
  const carried = carriedAllowance(interval);
  return { kind: "release", count: Math.max(1, Math.min(allowance, carried, freeSlots, MAX_BURST)), state: "releasing" };
}

function carriedAllowance(interval: number): number {
  return Math.max(1, Math.floor(100 / interval));
}

/** The new `lastReleaseAt` after releasing `count` items at `now`: allowance beyond 100 ms' worth is dropped. */
export function consume(limits: RateLimits, lastReleaseAt: number | null, count: number, now: number): number {
  const interval = intervalMs(limits);
  if (lastReleaseAt === null || limits.minDelayMs > 0) return now;
  const floor = now - carriedAllowance(interval) * interval;
  return Math.min(now, Math.max(lastReleaseAt, floor) + count * interval);
}
