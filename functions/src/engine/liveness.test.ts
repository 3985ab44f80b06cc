import { Timestamp } from "firebase-admin/firestore";
import { overdueKeys } from "./dispatcher/lost-items";
import { chainExpiresAt, isStale, LEASE_MS, lostReason } from "./liveness";

const at = (ms: number) => Timestamp.fromMillis(ms);

test("a job is stale only when neither progress nor a heartbeat moved for the stale limit", () => {
  const stale = 600_000;
  expect(isStale({ status: "running", updatedAt: at(0), heartbeatAt: null }, stale + 1, stale)).toBe(true);
  expect(isStale({ status: "running", updatedAt: at(0), heartbeatAt: at(500_000) }, stale + 1, stale)).toBe(false);
  expect(isStale({ status: "running", updatedAt: at(0), heartbeatAt: at(500_000) }, 500_000 + stale + 1, stale)).toBe(true);
  expect(isStale({ status: "paused", updatedAt: at(0), heartbeatAt: null }, 10 * stale, stale)).toBe(false);
});

test("a chain is lost when its lease runs out; a state without a lease counts from the job's last update", () => {
  expect(chainExpiresAt({ updatedAt: at(1000) }, 50_000)).toBe(50_000);
  expect(chainExpiresAt({ updatedAt: at(1000) }, null)).toBe(1000 + LEASE_MS);
});

test("overdue in-flight items are those released at least the lost deadline ago", () => {
  const entry = (releasedAt: number) => ({ item: null, target: null, attempt: 0, releasedAt, releases: 1 });
  const inFlight = { a: entry(0), b: entry(9_000), c: entry(10_000) };
  expect(overdueKeys(inFlight, 20_000, 10_000)).toEqual(["a", "b", "c"]);
  expect(overdueKeys(inFlight, 19_999, 10_000)).toEqual(["a", "b"]);
  expect(overdueKeys({}, 1e12, 1)).toEqual([]);
  expect(lostReason(3)).toBe("lost: no delivery completed after 3 releases");
});
