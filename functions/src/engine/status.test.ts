import { canTransition, FINISHED_STATUSES, JOB_STATUSES, TRANSITIONS } from "./status";

test("finished statuses are terminal", () => {
  for (const s of FINISHED_STATUSES) expect(TRANSITIONS[s]).toEqual([]);
});

test.each([
  ["queued", "running", true],
  ["queued", "cancelled", true],
  ["running", "running", true],
  ["running", "paused", true],
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
