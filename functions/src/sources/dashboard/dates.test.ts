import fc from "fast-check";
import { isCalendarDate, isoDate } from "./dates";

test("isoDate refuses non-dates with an issue and never throws", () => {
  expect(isoDate.safeParse("2024-02-29").success).toBe(true);
  for (const bad of ["", "abc", "2025-02-30", "2025-13-01", "2025-1-1"]) expect(isoDate.safeParse(bad).success).toBe(false);
  fc.assert(
    fc.property(fc.string(), (s) => {
      expect(isoDate.safeParse(s).success).toBe(isCalendarDate(s));
    }),
    { numRuns: 300 },
  );
});
