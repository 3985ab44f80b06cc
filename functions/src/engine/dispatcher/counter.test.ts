import { Timestamp } from "firebase-admin/firestore";
import type { Checkpoint } from "../job-schema";
import { emptyAggregates } from "./aggregates";
import { ProgressCounter } from "./counter";

const progress = { total: 10, processed: 0, succeeded: 0, failed: 0, skipped: 0, unavailable: 0, currentItem: null, itemsPerSecond: 0, etaSeconds: null };
const cp = (outcome: Checkpoint["outcome"], ms: number): Checkpoint => ({
  outcome,
  finishedAt: Timestamp.fromMillis(ms),
  attempts: 1,
  target: null,
  item: {},
  detail: null,
  error: outcome === "failed" ? { message: "boom", retryable: false } : null,
});

test("counts by outcome, moves countedThrough forward only, keeps the last errors", () => {
  const c = new ProgressCounter({ progress, lastErrors: [], ...emptyAggregates() }, null, 0);
  c.apply("a", cp("succeeded", 2000), 1000);
  c.apply("b", cp("failed", 1500), 1100);
  c.apply("c", cp("skipped", 1800), 1200);
  expect(c.progress).toMatchObject({ processed: 3, succeeded: 1, failed: 1, skipped: 1, currentItem: "c" });
  expect(c.countedThrough?.toMillis()).toBe(2000);
  expect(c.lastErrors).toEqual([expect.objectContaining({ itemKey: "b", message: "boom" })]);
});

test("items per second over the window, and the ETA from it", () => {
  const c = new ProgressCounter({ progress, lastErrors: [], ...emptyAggregates() }, null, 0);
  for (let i = 0; i < 4; i += 1) c.apply(`k${i}`, cp("succeeded", i), 1000 + i * 500);
  const r = c.rates(3000);
  expect(r.itemsPerSecond).toBeCloseTo(4 / 3, 1);
  expect(r.etaSeconds).toBe(Math.ceil(6 / r.itemsPerSecond));
});

test("checkpoints in the same millisecond are ordered by their microseconds", () => {
  const c = new ProgressCounter({ progress, lastErrors: [], ...emptyAggregates() }, null, 0);
  c.apply("a", { ...cp("succeeded", 0), finishedAt: new Timestamp(10, 1_000) }, 0);
  c.apply("b", { ...cp("succeeded", 0), finishedAt: new Timestamp(10, 5_000) }, 0);
  expect(c.countedThrough).toEqual(new Timestamp(10, 5_000));
});

test("per-target rows count each target's outcomes and keep its last error", () => {
  const c = new ProgressCounter({ progress, lastErrors: [], ...emptyAggregates() }, null, 0);
  c.apply("d1~61", { ...cp("succeeded", 1), target: "61" }, 0);
  c.apply("d2~61", { ...cp("failed", 2), target: "61" }, 0);
  c.apply("d1~F", { ...cp("unavailable", 3), target: "F" }, 0);
  c.apply("x", cp("skipped", 4), 0);
  expect(c.aggregates.targets).toEqual({
    "61": { processed: 2, succeeded: 1, failed: 1, skipped: 0, unavailable: 0, lastError: "boom" },
    F: { processed: 1, succeeded: 0, failed: 0, skipped: 0, unavailable: 1, lastError: null },
  });
});

test("a kind's metrics are summed from the checkpoints' numeric details", () => {
  const c = new ProgressCounter({ progress, lastErrors: [], ...emptyAggregates(), metrics: { written: 2 } }, null, 0, { metrics: ["written", "ms"] });
  c.apply("a", { ...cp("succeeded", 1), detail: { written: 3, ms: 10, note: "x" } }, 0);
  c.apply("b", { ...cp("succeeded", 2), detail: { written: "3" } }, 0);
  c.apply("c", cp("failed", 3), 0);
  expect(c.aggregates.metrics).toEqual({ written: 5, ms: 10 });
});
