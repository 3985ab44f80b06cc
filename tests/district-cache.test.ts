/** data-collection's CSV cache (dashboardCsvCache) on retries and re-runs; analytics-generation over every stored snapshot. */
import { api } from "./support/api";
import { createCollection, freshDistricts, sim, type SimCall, snapshotDoc } from "./support/dashboard";
import { checkpointDoc, checkpointsOf, getJob, waitForFinish } from "./support/jobs";
import { adminDb } from "./support/stack";
import { itemKeyOf } from "../functions/src/engine/checkpoint-id";

const ONE_AT_A_TIME = { maxConcurrency: 1, requestsPerMinute: 6000, minDelayMs: 0 };
const REPORTS = ["districtperformance", "divisionperformance", "clubperformance"];
const CLUB_503_ONCE = { faults: [{ type: "503", count: 1, reports: ["clubperformance"], districts: ["61"] }] };

let token: string;
beforeEach(async () => {
  token = await freshDistricts();
});

const collect = (params: Record<string, unknown>, rateLimits: Record<string, number> = ONE_AT_A_TIME) => createCollection(token, params, rateLimits);

/** The simulator's calls for one report of a date and district, as [status, fault] pairs in call order. */
const callsOf = (calls: SimCall[], report: string, district: string, date: string) =>
  calls.filter((c) => c.report === report && c.district === district && c.date === date).map((c) => [c.status, c.fault]);

const cacheIds = async () => (await adminDb().collection("dashboardCsvCache").get()).docs.map((d) => d.id).sort();

test("a retry after the third export failed fetches only that export again: the first two come from the cache", async () => {
  await sim.set(CLUB_503_ONCE);
  const jobId = await collect({ startDate: "2025-03-10", targetDistricts: ["61"] });
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 1, processed: 1, succeeded: 1, failed: 0 });

  const calls = await sim.calls();
  expect(callsOf(calls, "districtperformance", "61", "2025-03-10")).toEqual([[200, null]]);
  expect(callsOf(calls, "divisionperformance", "61", "2025-03-10")).toEqual([[200, null]]);
  expect(callsOf(calls, "clubperformance", "61", "2025-03-10")).toEqual([
    [503, "503"],
    [200, null],
  ]);
  expect(calls).toHaveLength(4);

  const item = (await checkpointDoc(jobId, "2025-03-10~61").get()).data();
  expect(item).toMatchObject({ outcome: "succeeded", attempts: 2, error: null });

  expect(await cacheIds()).toEqual(REPORTS.map((r) => `${r}~61~2025-03-10`).sort());
  for (const report of REPORTS) {
    const entry = (await adminDb().doc(`dashboardCsvCache/${report}~61~2025-03-10`).get()).data();
    expect(entry).toMatchObject({
      url: expect.stringContaining(`report=${report}~61~3/10/2025~~2024-2025`),
      body: expect.stringContaining("As of 3/10/2025"),
      fetchedAt: expect.any(String),
    });
  }
  const snap = await snapshotDoc("2025-03-10", "61");
  expect(snap?.metadata).toMatchObject({ jobId, collectionDate: "2025-03-10", fromCache: false });
  expect(snap?.reports.clubPerformance.length).toBeGreaterThan(0);
});

test("enableCaching: false: the retry fetches every export again and nothing is cached", async () => {
  await sim.set(CLUB_503_ONCE);
  const jobId = await collect({ startDate: "2025-03-10", targetDistricts: ["61"], enableCaching: false });
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 1, processed: 1, succeeded: 1, failed: 0 });

  const calls = await sim.calls();
  expect(callsOf(calls, "districtperformance", "61", "2025-03-10")).toEqual([
    [200, null],
    [200, null],
  ]);
  expect(callsOf(calls, "divisionperformance", "61", "2025-03-10")).toEqual([
    [200, null],
    [200, null],
  ]);
  expect(callsOf(calls, "clubperformance", "61", "2025-03-10")).toEqual([
    [503, "503"],
    [200, null],
  ]);
  expect(calls).toHaveLength(6);
  expect(await cacheIds()).toEqual([]);
  expect((await snapshotDoc("2025-03-10", "61"))?.metadata).toMatchObject({ jobId, fromCache: false });
});

test("a re-run with skipExisting: false takes every export from the cache; with enableCaching: false it fetches all three again", async () => {
  const first = await waitForFinish(token, await collect({ startDate: "2025-03-10", targetDistricts: ["61"] }));
  expect(first.progress).toMatchObject({ processed: 1, succeeded: 1 });
  expect((await sim.calls()).map((c) => c.report)).toEqual(REPORTS);
  expect(await cacheIds()).toHaveLength(3);

  const cachedId = await collect({ startDate: "2025-03-10", targetDistricts: ["61"], skipExisting: false });
  const cached = await waitForFinish(token, cachedId);
  expect(cached.status).toBe("completed");
  expect(cached.progress).toMatchObject({ processed: 1, succeeded: 1, skipped: 0, failed: 0 });
  expect(await sim.calls()).toHaveLength(3);
  expect((await snapshotDoc("2025-03-10", "61"))?.metadata).toMatchObject({ jobId: cachedId, fromCache: true });

  const uncachedId = await collect({ startDate: "2025-03-10", targetDistricts: ["61"], skipExisting: false, enableCaching: false });
  const uncached = await waitForFinish(token, uncachedId);
  expect(uncached.status).toBe("completed");
  expect(uncached.progress).toMatchObject({ processed: 1, succeeded: 1, skipped: 0, failed: 0 });
  const calls = await sim.calls();
  expect(calls).toHaveLength(6);
  expect(calls.slice(3).map((c) => [c.report, c.district, c.date, c.status])).toEqual(REPORTS.map((r) => [r, "61", "2025-03-10", 200]));
  expect((await snapshotDoc("2025-03-10", "61"))?.metadata).toMatchObject({ jobId: uncachedId, fromCache: false });
});

/** Collects 2025-03-10..11 for districts 1 and 61, and 2025-04-08 for F: five stored snapshots. */
async function collectFiveSnapshots() {
  const a = await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "61"] }));
  expect(a.progress).toMatchObject({ processed: 4, succeeded: 4 });
  const b = await waitForFinish(token, await collect({ startDate: "2025-04-08", targetDistricts: ["F"] }));
  expect(b.progress).toMatchObject({ processed: 1, succeeded: 1 });
  expect((await adminDb().collectionGroup("districts").get()).size).toBe(5);
}

/** Creates an analytics-generation job; the job must be readable at once (a 500 here fails the test instead of a timeout). */
async function analytics(params: Record<string, unknown>) {
  const res = await api("POST", "/", { token, body: { kind: "analytics-generation", params } });
  expect(res.status).toBe(201);
  const id = res.body.job.id as string;
  await getJob(token, id);
  return waitForFinish(token, id);
}

test("analytics-generation with params {} processes every stored snapshot; then targets alone find them all up to date", async () => {
  await collectFiveSnapshots();
  const stored = [
    ["2025-03-10", "1"],
    ["2025-03-10", "61"],
    ["2025-03-11", "1"],
    ["2025-03-11", "61"],
    ["2025-04-08", "F"],
  ];

  const all = await analytics({});
  expect(all.status).toBe("completed");
  expect(all.details).toMatchObject({ mode: "existing-snapshots" });
  expect(all.progress).toMatchObject({ total: 5, processed: 5, succeeded: 5, skipped: 0, failed: 0 });
  expect(Object.keys(all.targets).sort()).toEqual(["1", "61", "F"]);
  for (const [date, district] of stored) {
    const doc = (await adminDb().doc(`districtSnapshots/${date}/analytics/${district}`).get()).data();
    expect(doc).toMatchObject({ districtId: district, date, sourceCollectionDate: date, jobId: all.id, membership: { total: expect.any(Number) } });
  }
  expect((await adminDb().collectionGroup("analytics").get()).size).toBe(5);

  const only61 = await analytics({ targetDistricts: ["61"] });
  expect(only61.status).toBe("completed");
  expect(only61.details).toMatchObject({ mode: "existing-snapshots" });
  expect(only61.progress).toMatchObject({ total: 2, processed: 2, succeeded: 0, skipped: 2, failed: 0 });
  expect(Object.keys(only61.targets)).toEqual(["61"]);
  const items = (await checkpointsOf(only61.id).get()).docs;
  expect(items.map((d) => itemKeyOf(d.id)).sort()).toEqual(["2025-03-10~61", "2025-03-11~61"]);
  for (const d of items) expect(d.data().detail).toMatchObject({ reason: "analytics up to date" });
});

test("analytics-generation with targetDistricts and no dates processes every stored snapshot of those districts only", async () => {
  await collectFiveSnapshots();
  const first = await analytics({ targetDistricts: ["61", "F"] });
  expect(first.status).toBe("completed");
  expect(first.details).toMatchObject({ mode: "existing-snapshots" });
  expect(first.progress).toMatchObject({ total: 3, processed: 3, succeeded: 3, skipped: 0, failed: 0 });
  const written = (await adminDb().collectionGroup("analytics").get()).docs.map((d) => d.ref.path).sort();
  expect(written).toEqual([
    "districtSnapshots/2025-03-10/analytics/61",
    "districtSnapshots/2025-03-11/analytics/61",
    "districtSnapshots/2025-04-08/analytics/F",
  ]);

  const again = await analytics({ targetDistricts: ["61"] });
  expect(again.progress).toMatchObject({ total: 2, processed: 2, succeeded: 0, skipped: 2, failed: 0 });
});
