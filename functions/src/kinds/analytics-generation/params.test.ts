import { addDays } from "../../sources/dashboard/dates";
import { MAX_DAYS, today } from "../../districts/date-range";
import { analyticsParams } from "./index";

function issue(params: unknown): string | null {
  const parsed = analyticsParams.safeParse(params);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

test("a date range must lie before today and cover at most MAX_DAYS dates, like data-collection's", () => {
  const yesterday = addDays(today(), -1);
  expect(issue({})).toBeNull();
  expect(issue({ startDate: "2025-03-10", endDate: yesterday })).toBeNull();
  expect(issue({ startDate: "2999-01-01" })).toMatch(/^endDate: endDate 2999-01-01 must be before today/);
  expect(issue({ startDate: yesterday, endDate: today() })).toMatch(/must be before today/);
  expect(issue({ startDate: "2025-03-12", endDate: "2025-03-10" })).toBe("endDate: endDate 2025-03-10 is before startDate 2025-03-12");
  expect(issue({ startDate: addDays(yesterday, -MAX_DAYS), endDate: yesterday })).toBe(`endDate: a job covers at most ${MAX_DAYS} dates`);
  expect(issue({ startDate: addDays(yesterday, -(MAX_DAYS - 1)), endDate: yesterday })).toBeNull();
  expect(issue({ endDate: "2025-03-10" })).toBe("startDate: startDate is required with endDate");
});
