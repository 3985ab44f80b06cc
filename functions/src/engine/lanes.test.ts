import { cutSegment, isHeld, LANE_MAX_INTERVAL_MS, laneIntervalMs, SEGMENT_ITEMS, usesLanes } from "./lanes";
import { Timestamp } from "firebase-admin/firestore";

const limits = (requestsPerMinute: number, maxConcurrency: number, minDelayMs = 0) => ({ requestsPerMinute, maxConcurrency, minDelayMs });

test("lanes when the rate cannot bind: each slot's share of the rate leaves at most 250 ms per item, and no min delay", () => {
  expect(laneIntervalMs(limits(30_000, 20))).toBe(40); // the overhead benchmark
  expect(usesLanes(limits(30_000, 20))).toBe(true);
  expect(usesLanes(limits(6_000, 2))).toBe(true); // 20 ms
  expect(usesLanes(limits(6_000, 25))).toBe(true); // exactly 250 ms
  expect(usesLanes(limits(600, 4))).toBe(false); // the rate-limit benchmark: 400 ms, the dispatcher paces
  expect(usesLanes(limits(60, 1, 100))).toBe(false); // seed 000: one at a time, 100 ms apart
  expect(usesLanes(limits(30_000, 1, 1))).toBe(false);
  expect(LANE_MAX_INTERVAL_MS).toBe(250);
});

test("a segment is cut from the queue's front: at most SEGMENT_ITEMS, within 64 KB, never empty while items wait", () => {
  const queue = Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, item: { i } }));
  expect(cutSegment(queue).map((q) => q.key)).toEqual(Array.from({ length: SEGMENT_ITEMS }, (_, i) => `k${i}`));
  expect(queue).toHaveLength(25 - SEGMENT_ITEMS);
  const big = Array.from({ length: 5 }, (_, i) => ({ key: `b${i}`, item: "x".repeat(30_000) }));
  expect(cutSegment(big).map((q) => q.key)).toEqual(["b0", "b1"]);
  const huge = [{ key: "h", item: "x".repeat(90_000) }];
  expect(cutSegment(huge)).toHaveLength(1);
  expect(cutSegment([])).toEqual([]);
});

test("a job is held while its copied hold lies ahead", () => {
  expect(isHeld({ throttledUntil: Timestamp.fromMillis(2000) }, 1999)).toBe(true);
  expect(isHeld({ throttledUntil: Timestamp.fromMillis(2000) }, 2000)).toBe(false);
  expect(isHeld({ throttledUntil: null }, 0)).toBe(false);
});
