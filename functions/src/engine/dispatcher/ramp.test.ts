import fc from "fast-check";
import { FIRESTORE_RAMP, rampedLimits, rampWritesPerSecond } from "./ramp";

const LIMITS = { requestsPerMinute: 30_000, maxConcurrency: 200, minDelayMs: 0 };
const MIN = 60_000;

test("500 writes/s for the first 5 minutes, then 50% more every 5 minutes", () => {
  expect([0, 4 * MIN, 5 * MIN, 9 * MIN, 10 * MIN, 15 * MIN].map(rampWritesPerSecond)).toEqual([500, 500, 750, 750, 1125, 1687.5]);
});

test("100 writes per item: 5 items/s (300/min) at the start, 7.5/s after 5 minutes, the job's own limit once the ramp passes it", () => {
  const ramp = { writesPerItem: 100 };
  expect(rampedLimits(LIMITS, ramp, 0, 0).requestsPerMinute).toBe(300);
  expect(rampedLimits(LIMITS, ramp, 0, 5 * MIN).requestsPerMinute).toBe(450);
  expect(rampedLimits({ ...LIMITS, requestsPerMinute: 400 }, ramp, 0, 5 * MIN).requestsPerMinute).toBe(400);
  expect(rampedLimits(LIMITS, ramp, 0, 60 * MIN)).toBe(LIMITS);
});

test("no ramp, or a job not started, leaves the limits as they are", () => {
  expect(rampedLimits(LIMITS, null, 0, 0)).toBe(LIMITS);
  expect(rampedLimits(LIMITS, { writesPerItem: 100 }, null, 0)).toBe(LIMITS);
});

test("the ramped pace never allows more writes per second than the ramp, never more than the job's own limit, and never stops", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 30_000 }), fc.nat(4 * 60 * MIN), (writesPerItem, rpm, elapsed) => {
      const { requestsPerMinute } = rampedLimits({ ...LIMITS, requestsPerMinute: rpm }, { writesPerItem }, 1_000, 1_000 + elapsed);
      expect(requestsPerMinute).toBeLessThanOrEqual(rpm);
      expect(requestsPerMinute).toBeGreaterThanOrEqual(1);
      if (requestsPerMinute > 1) expect((requestsPerMinute / 60) * writesPerItem).toBeLessThanOrEqual(rampWritesPerSecond(elapsed) + 1e-9);
    }),
    { numRuns: 200 },
  );
  expect(FIRESTORE_RAMP.windowMs).toBe(5 * MIN);
});
