import { formatAbsolute, formatCount, formatDollars, formatDuration, formatProgress, formatRate, formatRelative, humanize } from "./format";

const L = "en-US";

test("counts carry separators; a missing count is a dash", () => {
  expect(formatCount(12345, L)).toBe("12,345");
  expect(formatCount(0, L)).toBe("0");
  expect(formatCount(null, L)).toBe("–");
  expect(formatProgress(1234, 5000, L)).toBe("1,234 / 5,000");
  expect(formatProgress(7, null, L)).toBe("7 / ?");
});

test("rates: one decimal below 10 items/s, whole numbers above", () => {
  expect(formatRate(2.54, L)).toBe("2.5 items/s");
  expect(formatRate(0, L)).toBe("0.0 items/s");
  expect(formatRate(1204.4, L)).toBe("1,204 items/s");
  expect(formatRate(undefined, L)).toBe("–");
});

test("durations name two units at most", () => {
  expect(formatDuration(400)).toBe("under 1 s");
  expect(formatDuration(42_000)).toBe("42 s");
  expect(formatDuration(185_000)).toBe("3 min 05 s");
  expect(formatDuration(7_500_000)).toBe("2 h 05 min");
  expect(formatDuration(4 * 86_400_000 + 3 * 3_600_000)).toBe("4 d 3 h");
  expect(formatDuration(-1)).toBe("–");
  expect(formatDuration(null)).toBe("–");
});

test("relative times pick the largest unit, in both directions", () => {
  const now = new Date("2026-12-03T12:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  expect(formatRelative(at(-2000), now, L)).toBe("now");
  expect(formatRelative(at(-42_000), now, L)).toBe("42 seconds ago");
  expect(formatRelative(at(-3 * 60_000 - 5000), now, L)).toBe("3 minutes ago");
  expect(formatRelative(at(2 * 3_600_000), now, L)).toBe("in 2 hours");
  expect(formatRelative(at(-86_400_000), now, L)).toBe("yesterday");
  expect(formatAbsolute(now, L)).toMatch(/^Dec [23], 2026, \d{1,2}:\d{2}:00\s?[AP]M$/);
});

test("dollars and field names read as words", () => {
  expect(formatDollars(0.4213, L)).toBe("about $0.42");
  expect(formatDollars(1250, L)).toBe("about $1,250.00");
  expect(formatDollars(0.0004, L)).toBe("under $0.01");
  expect(humanize("requestsPerMinute")).toBe("Requests per minute");
  expect(humanize("minDelayMs")).toBe("Min delay ms");
});
