/**
 * Firestore's ramp for new traffic ("500/50/5": start at up to 500 operations/s on a new collection,
 * then raise it by at most 50% every 5 minutes), as a pure function. A job that asked for it
 * (`ramp.writesPerItem`) has its requests per minute held to the ramp's writes per second, counted
 * from the job's start, divided by the writes each item makes; the job's own limits still apply.
 */
import type { Ramp, RateLimits } from "../job-schema";

export const FIRESTORE_RAMP = { startWritesPerSecond: 500, growth: 1.5, windowMs: 5 * 60_000 } as const;

/** Writes per second the ramp allows `elapsedMs` after the traffic started. */
export function rampWritesPerSecond(elapsedMs: number): number {
  const windows = Math.floor(Math.max(0, elapsedMs) / FIRESTORE_RAMP.windowMs);
  return FIRESTORE_RAMP.startWritesPerSecond * FIRESTORE_RAMP.growth ** windows;
}

/** The limits the pace follows at `now`: the job's own, with requests per minute lowered to the ramp's while it binds. */
export function rampedLimits(limits: RateLimits, ramp: Ramp | null, startedAtMs: number | null, now: number): RateLimits {
  if (!ramp || startedAtMs === null) return limits;
  const itemsPerMinute = Math.floor((60 * rampWritesPerSecond(now - startedAtMs)) / ramp.writesPerItem);
  return itemsPerMinute >= limits.requestsPerMinute ? limits : { ...limits, requestsPerMinute: Math.max(1, itemsPerMinute) };
}
