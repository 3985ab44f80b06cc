import { ACTIVE_STATUSES, canTransition, FINISHED_STATUSES, JOB_STATUSES, SETTLES_INTO, TRANSITIONS } from "./status";

test("finished statuses are terminal", () => {
  for (const s of FINISHED_STATUSES) expect(TRANSITIONS[s]).toEqual([]);
});

test.each([
  ["queued", "running", true],
  ["queued", "cancelled", true],
  ["running", "running", true],
  ["running", "pausing", true],
  ["running", "cancelling", true],
  ["running", "cancelled", false],
  ["pausing", "paused", true],
  ["pausing", "running", true],
  ["pausing", "cancelling", true],
  ["cancelling", "cancelled", true],
  ["cancelling", "running", false],
  ["paused", "cancelled", true],
  ["paused", "cancelling", false],
  ["paused", "running", true],
  ["paused", "completed", false],
  ["queued", "paused", false],
  ["completed", "running", false],
  ["cancelled", "running", false],
  ["failed", "queued", false],
] as const)("%s -> %s allowed: %s", (from, to, allowed) => {
  expect(canTransition(from, to)).toBe(allowed);
});

test("every status has a row", () => {
  expect(Object.keys(TRANSITIONS).sort()).toEqual([...JOB_STATUSES].sort());
});

test("a draining status settles into a status it may move to, and holds the lock until then", () => {
  for (const [from, to] of Object.entries(SETTLES_INTO)) {
    expect(canTransition(from as keyof typeof SETTLES_INTO, to)).toBe(true);
    expect(ACTIVE_STATUSES).toContain(from);
  }
});
