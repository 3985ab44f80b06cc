import fc from "fast-check";
import type { RateLimits } from "../job-schema";
import { decide, intervalMs, type PacingState } from "./pacing";
import { simulate } from "../../../../tests/support/pacing-sim";

const limits = (l: Partial<RateLimits>): RateLimits => ({ requestsPerMinute: 600, maxConcurrency: 4, minDelayMs: 0, ...l });
const idle = (s: Partial<PacingState> = {}): PacingState => ({ lastReleaseAt: null, recentFinishes: [], inFlight: 0, throttledUntil: null, ...s });

test("the first release goes at once", () => {
  expect(decide(limits({}), idle(), 1000)).toEqual({ kind: "release", count: 1, state: "releasing" });
});

test("a full set of slots waits for a checkpoint", () => {
  expect(decide(limits({ maxConcurrency: 2 }), idle({ inFlight: 2, lastReleaseAt: 0 }), 5000)).toMatchObject({
    kind: "wait",
    state: "waiting-for-slot",
    waitMs: null,
  });
});

test("a slot rests minDelayMs after its item finished (seed 000: 100 ms between assessments)", () => {
  const l = limits({ maxConcurrency: 1, minDelayMs: 100 });
  expect(decide(l, idle({ lastReleaseAt: 0, recentFinishes: [1000] }), 1040)).toMatchObject({ kind: "wait", state: "waiting-for-slot", waitMs: 60 });
  expect(decide(l, idle({ lastReleaseAt: 0, recentFinishes: [1000] }), 1100)).toMatchObject({ kind: "release", count: 1 });
});

test("a Retry-After throttles every release until it passes", () => {
  expect(decide(limits({}), idle({ throttledUntil: 3000 }), 1000)).toEqual({ kind: "wait", waitMs: 2000, state: "throttled" });
  expect(decide(limits({}), idle({ throttledUntil: 3000 }), 3000).kind).toBe("release");
});

test("requests per minute space the starts", () => {
  const l = limits({ requestsPerMinute: 60 });
  expect(decide(l, idle({ lastReleaseAt: 1000 }), 1500)).toEqual({ kind: "wait", waitMs: 500, state: "waiting-for-rate" });
  expect(intervalMs(l)).toBe(1000);
});

test("property: concurrency, min delay and requests per minute hold for any limits and item times", () => {
  fc.assert(
    fc.property(
      fc.record({
        requestsPerMinute: fc.integer({ min: 1, max: 30_000 }),
        maxConcurrency: fc.integer({ min: 1, max: 20 }),
        minDelayMs: fc.integer({ min: 0, max: 500 }),
      }),
      fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 200 }),
      fc.integer({ min: 1, max: 50 }),
      (l, durations, wakeEvery) => {
        const { starts, maxInFlight } = simulate(l, durations, wakeEvery);
        expect(starts).toHaveLength(durations.length);
        expect(maxInFlight).toBeLessThanOrEqual(l.maxConcurrency);
        const interval = intervalMs(l);
        for (let i = 1; i < starts.length; i += 1) {
          if (l.minDelayMs > 0) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(l.minDelayMs);
        }
        // Any window of W ms holds at most W/interval starts plus 100 ms' worth carried.
        const carried = Math.max(1, Math.floor(100 / interval));
        for (let i = 0; i < starts.length; i += 1) {
          const windowEnd = starts[i] + 60_000;
          const inWindow = starts.filter((t) => t >= starts[i] && t < windowEnd).length;
          expect(inWindow).toBeLessThanOrEqual(Math.ceil(60_000 / interval) + carried);
        }
      },
    ),
    { numRuns: 200 },
  );
});
