/** data-collection's request: date-range validation, and seed 002's properties 9 and 10 through the pacing. */
import fc from "fast-check";
import { simulate } from "../../../../tests/support/pacing-sim";
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from "../../engine/job-schema";
import { addDays } from "../../sources/dashboard/dates";
import { today } from "../../districts/date-range";
import { dataCollectionParams, limitsFromRequest } from "./params";

const issue = (params: unknown) => {
  const r = dataCollectionParams.safeParse(params);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
};

test("dates: start <= end < today, real calendar dates, end defaults to start", () => {
  const yesterday = addDays(today(), -1);
  expect(issue({ startDate: "2025-03-10" })).toBeNull();
  expect(issue({ startDate: "2025-03-10", endDate: yesterday })).toBeNull();
  expect(issue({ startDate: "2025-03-10", endDate: today() })).toMatch(/^endDate: .*must be before today/);
  expect(issue({ startDate: "2025-03-12", endDate: "2025-03-10" })).toBe("endDate: endDate 2025-03-10 is before startDate 2025-03-12");
  expect(issue({ startDate: "2025-13-01" })).toMatch(/^startDate:/);
  expect(issue({ startDate: "2025-03-10", targetDistricts: ["61", "not a district"] })).toMatch(/^targetDistricts\.1:/);
  expect(issue({ startDate: "2025-03-10", collectionType: "weekly" })).toMatch(/^collectionType:/);
  expect(issue({ startDate: "2025-03-10", concurrency: 0 })).toMatch(/^concurrency:/);
});

test("property: any start/end pair is accepted exactly when start <= end < today", () => {
  const day = fc.integer({ min: -3000, max: 30 }).map((n) => addDays(today(), n));
  fc.assert(
    fc.property(day, day, (start, end) => {
      const ok = issue({ startDate: start, endDate: end }) === null;
      expect(ok).toBe(start <= end && end < today() && end <= addDays(start, 1899));
    }),
    { numRuns: 200 },
  );
});

test("properties 9 and 10: a request's concurrency and delay bound the job's concurrent items and start spacing", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
      fc.integer({ min: 30, max: 3000 }),
      fc.array(fc.integer({ min: 1, max: 1500 }), { minLength: 1, maxLength: 120 }),
      (concurrency, rateLimitDelayMs, requestsPerMinute, durations) => {
        const limits = rateLimitsSchema.parse({ ...DEFAULT_RATE_LIMITS, requestsPerMinute, ...limitsFromRequest({ concurrency, rateLimitDelayMs }) });
        expect(limits.maxConcurrency).toBe(concurrency);
        const { starts, maxInFlight } = simulate(limits, durations, 25);
        expect(starts).toHaveLength(durations.length);
        expect(maxInFlight).toBeLessThanOrEqual(concurrency);
        const spacing = Math.max(60_000 / requestsPerMinute, rateLimitDelayMs ?? 0);
        const carried = Math.max(1, Math.floor(100 / spacing));
        // The pace carries at most `carried` starts of allowance, so any carried+1 starts span at least one interval.
        for (let i = carried; i < starts.length; i += 1) expect(starts[i] - starts[i - carried]).toBeGreaterThanOrEqual(Math.floor(spacing));
        if (rateLimitDelayMs) for (let i = 1; i < starts.length; i += 1) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(rateLimitDelayMs);
        for (let i = 0; i < starts.length; i += 1) {
          const inMinute = starts.filter((t) => t >= starts[i] && t < starts[i] + 60_000).length;
          expect(inMinute).toBeLessThanOrEqual(requestsPerMinute + carried);
        }
      },
    ),
    { numRuns: 100 },
  );
});
