/** data-collection against the dashboard simulator: counts, per-district rows, faults, closing periods. */
import { api } from "./support/api";
import { configureDistricts, createCollection, freshDistricts, indexDoc, sim, snapshotDoc } from "./support/dashboard";
import { checkpointDoc, getJob, waitForFinish, waitForJob } from "./support/jobs";
import { adminDb, emulatorLog } from "./support/stack";

let token: string;
beforeEach(async () => {
  token = await freshDistricts();
});

const collect = (params: Record<string, unknown>, rateLimits: Record<string, number> = { maxConcurrency: 4, requestsPerMinute: 6000, minDelayMs: 0 }) =>
  createCollection(token, params, rateLimits);

test("5 dates x 4 districts: exact counts, per-district rows, snapshots with metadata; a re-run fetches nothing", async () => {
  const districts = ["1", "42", "61", "F"];
  const jobId = await collect({ startDate: "2025-03-10", endDate: "2025-03-14", targetDistricts: districts });
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 20, processed: 20, succeeded: 20, failed: 0, skipped: 0, unavailable: 0 });
  expect(job.details).toMatchObject({ strategy: "per-district", scopeType: "targeted", districts });
  expect(job.details.strategyReason).toContain("auto");
  for (const d of districts) expect(job.targets[d]).toEqual({ processed: 5, succeeded: 5, failed: 0, skipped: 0, unavailable: 0, lastError: null });

  const snap = await snapshotDoc("2025-03-12", "61");
  expect(snap?.metadata).toMatchObject({
    collectionType: "per-district",
    collectionDate: "2025-03-12",
    logicalDate: "2025-03-12",
    isClosingPeriodData: false,
    jobId,
    dataMonth: "2025-03",
  });
  expect(snap?.metadata.sourceUrls).toEqual([
    expect.stringContaining("/2024-2025/export.aspx?type=CSV&report=districtperformance~61~3/12/2025~~2024-2025"),
    expect.stringContaining("report=divisionperformance~61~3/12/2025~~2024-2025"),
    expect.stringContaining("report=clubperformance~61~3/12/2025~~2024-2025"),
  ]);
  expect(snap?.reports.clubPerformance.length).toBe(snap?.metadata.rowCounts.clubPerformance);
  expect(snap?.reports.clubPerformance[0]).toMatchObject({ district: "61", clubNumber: expect.stringMatching(/^\d{8}$/), activeMembers: expect.any(Number) });
  expect(await indexDoc("2025-03-14")).toMatchObject({ status: "complete", storedDistricts: ["1", "42", "61", "F"], failedDistricts: [] });
  expect(await sim.calls()).toHaveLength(60);

  const again = await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-14", targetDistricts: districts }));
  expect(again.progress).toMatchObject({ processed: 20, skipped: 20 });
  expect(await sim.calls()).toHaveLength(60);
});

test("a 503 burst opens the circuit breaker; items wait instead of failing and the job completes", async () => {
  await sim.set({ faults: [{ type: "503", count: 10 }] });
  const jobId = await collect(
    { startDate: "2025-03-10", endDate: "2025-03-12", targetDistricts: ["2", "3"] },
    { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 },
  );
  const open = await waitForJob(token, jobId, (j) => j.circuits?.["toastmasters-dashboard"]?.state === "open" || j.status !== "running", "circuit open");
  expect(open.circuits["toastmasters-dashboard"].state).toBe("open");
  const job = await waitForFinish(token, jobId, 180_000);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 6, succeeded: 6, failed: 0 });
  expect(job.circuits["toastmasters-dashboard"].state).toBe("closed");
  expect((await sim.calls()).filter((c) => c.status === 503)).toHaveLength(10);
  expect(emulatorLog()).toContain("Circuit breaker for toastmasters-dashboard: closed -> open");
  expect(emulatorLog()).toMatch(/waits for toastmasters-dashboard \(circuit open\) until .*: rescheduled, not failed/);
});

test("dates after the last publication (header-only exports) are unavailable, not failed", async () => {
  await sim.set({ lastPublication: "2025-03-11" });
  const job = await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-12", targetDistricts: ["10"] }));
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 3, succeeded: 2, unavailable: 1, failed: 0 });
  expect(job.targets["10"]).toMatchObject({ succeeded: 2, unavailable: 1 });
  expect(await snapshotDoc("2025-03-12", "10")).toBeUndefined();
  expect(await indexDoc("2025-03-12")).toMatchObject({ status: "unavailable", districts: { "10": { status: "unavailable" } } });
});

test("an export whose as-of date is not the requested date is never stored", async () => {
  await sim.set({ faults: [{ type: "wrong-asof", dates: ["2025-03-11"] }] });
  const job = await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["21"] }));
  expect(job.progress).toMatchObject({ processed: 2, succeeded: 1, unavailable: 1, failed: 0 });
  expect(await snapshotDoc("2025-03-11", "21")).toBeUndefined();
  expect((await snapshotDoc("2025-03-10", "21"))?.metadata.collectionDate).toBe("2025-03-10");
  const item = (await checkpointDoc(job.id, "2025-03-11~21").get()).data();
  expect(item?.detail.reason).toBe("export is as of 2025-03-10, not 2025-03-11");
});

test("one district failing permanently: partial snapshots list it; retry-failed redoes only that district", async () => {
  await sim.set({ faults: [{ type: "404", districts: ["42"] }] });
  const job = await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "42"] }));
  expect(job.status).toBe("partial");
  expect(job.progress).toMatchObject({ processed: 4, succeeded: 2, failed: 2 });
  expect(job.targets["42"]).toMatchObject({ failed: 2, succeeded: 0, lastError: expect.stringContaining("dashboard answered 404") });
  expect(job.targets["1"]).toMatchObject({ succeeded: 2, failed: 0 });
  expect(await indexDoc("2025-03-10")).toMatchObject({ status: "partial", storedDistricts: ["1"], failedDistricts: ["42"] });

  await sim.reset();
  const retry = await api("POST", `/${job.id}/retry-failed`, { token });
  expect(retry.status).toBe(201);
  const retried = await waitForFinish(token, retry.body.job.id);
  expect(retried.status).toBe("completed");
  expect(retried.progress).toMatchObject({ total: 2, processed: 2, succeeded: 2 });
  expect(Object.keys(retried.targets)).toEqual(["42"]);
  expect(new Set((await sim.calls()).map((c) => c.district))).toEqual(new Set(["42"]));
  expect(await indexDoc("2025-03-10")).toMatchObject({ status: "complete", storedDistricts: ["1", "42"], failedDistricts: [] });
});

test("cancel mid-job: finished snapshots stay, nothing more is fetched", async () => {
  await sim.set({ latencyMs: 150 });
  const jobId = await collect(
    { startDate: "2025-04-10", endDate: "2025-04-20", targetDistricts: ["3"] },
    { maxConcurrency: 1, requestsPerMinute: 6000, minDelayMs: 0 },
  );
  await waitForJob(token, jobId, (j) => j.progress.succeeded >= 2, "two dates collected");
  expect((await api("DELETE", `/${jobId}`, { token })).status).toBe(200);
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("cancelled");
  expect(job.progress.processed).toBeLessThan(11);
  const stored = await adminDb().collectionGroup("districts").where("districtId", "==", "3").get();
  expect(stored.size).toBe(job.progress.succeeded);
  const callsAfter = (await sim.calls()).length;
  await new Promise((r) => setTimeout(r, 1500));
  expect((await sim.calls()).length).toBe(callsAfter);
});

test("month-end closing: December data published in January is stored as Dec 31, the newest collection wins", async () => {
  await sim.set({ closingDays: 3 });
  const job = await waitForFinish(token, await collect({ startDate: "2024-12-31", endDate: "2025-01-04", targetDistricts: ["61"] }));
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 5, succeeded: 2, unavailable: 3, failed: 0 });
  const dec31 = await snapshotDoc("2024-12-31", "61");
  expect(dec31?.metadata).toMatchObject({ logicalDate: "2024-12-31", collectionDate: "2025-01-03", isClosingPeriodData: true, dataMonth: "2024-12" });
  for (const d of ["2025-01-01", "2025-01-02", "2025-01-03"]) {
    expect(await snapshotDoc(d, "61")).toBeUndefined();
    expect(await indexDoc(d)).toMatchObject({ status: "closing-period", districts: { "61": { status: "closing-period", note: "stored as 2024-12-31" } } });
  }
  expect((await snapshotDoc("2025-01-04", "61"))?.metadata).toMatchObject({ isClosingPeriodData: false, dataMonth: "2025-01" });
});

test("system-wide: one summary export per date, a snapshot for every configured district", async () => {
  await configureDistricts(["1", "2", "61"]);
  const job = await waitForFinish(token, await collect({ startDate: "2025-02-10", endDate: "2025-02-11", collectionType: "system-wide" }));
  expect(job.status).toBe("completed");
  expect(job.details).toMatchObject({ strategy: "system-wide", scopeType: "system-wide" });
  expect(job.progress).toMatchObject({ total: 2, succeeded: 2 });
  expect((await sim.calls()).map((c) => c.report)).toEqual(["districtsummary", "districtsummary"]);
  const ids = (await adminDb().collection("districtSnapshots/2025-02-10/districts").get()).docs.map((d) => d.id).sort();
  expect(ids).toEqual(["1", "2", "61"]);
  expect((await snapshotDoc("2025-02-10", "61"))?.reports.summary).toMatchObject({ district: "61", activeClubs: expect.any(Number) });
});

test("analytics-generation over stored snapshots: computed once, missing snapshots skipped, re-run writes nothing", async () => {
  await waitForFinish(token, await collect({ startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "61"] }));
  const create = async () => {
    const res = await api("POST", "/", {
      token,
      body: { kind: "analytics-generation", params: { startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "61", "F"] } },
    });
    expect(res.status).toBe(201);
    return waitForFinish(token, res.body.job.id);
  };
  const job = await create();
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 6, succeeded: 4, skipped: 2 });
  expect(job.targets.F).toMatchObject({ skipped: 2 });
  const analytics = (await adminDb().doc("districtSnapshots/2025-03-10/analytics/61").get()).data();
  expect(analytics).toMatchObject({ districtId: "61", date: "2025-03-10", sourceCollectionDate: "2025-03-10", membership: { total: expect.any(Number) } });
  expect(analytics?.divisions.length).toBeGreaterThan(1);
  const again = await create();
  expect(again.progress).toMatchObject({ processed: 6, succeeded: 0, skipped: 6 });
});

test("requests: seed 002 options map onto the job; bad dates and out-of-scope districts are refused with the field named", async () => {
  const bad = async (params: Record<string, unknown>) => {
    const res = await api("POST", "/", { token, body: { kind: "data-collection", params } });
    expect(res.status).toBe(400);
    return res.body.error;
  };
  const today = new Date().toISOString().slice(0, 10);
  expect((await bad({ startDate: "2025-03-10", endDate: today })).details.issues[0]).toMatchObject({
    field: "params.endDate",
    message: expect.stringContaining("before today"),
  });
  expect((await bad({ startDate: "2025-03-12", endDate: "2025-03-10" })).details.issues[0]).toMatchObject({
    field: "params.endDate",
    message: expect.stringContaining("before startDate"),
  });
  expect((await bad({ startDate: "2025-02-30" })).details.issues[0].field).toBe("params.startDate");
  const scope = await bad({ startDate: "2025-03-10", targetDistricts: ["61", "99", "Z"] });
  expect(scope.code).toBe("districts-out-of-scope");
  expect(scope.details.outOfScope).toEqual(["99", "Z"]);
  expect(scope.message).toContain("99, Z");

  const dry = await api("POST", "/", {
    token,
    body: {
      kind: "data-collection",
      dryRun: true,
      params: { startDate: "2025-03-10", endDate: "2025-03-12", targetDistricts: ["61"], concurrency: 2, rateLimitDelayMs: 250 },
    },
  });
  expect(dry.status).toBe(200);
  expect(dry.body).toMatchObject({
    items: 3,
    details: { strategy: "per-district", scopeType: "single-district" },
    rateLimits: { maxConcurrency: 2, minDelayMs: 250 },
  });
  expect(
    await adminDb()
      .collection("backfillJobs")
      .count()
      .get()
      .then((s) => s.data().count),
  ).toBe(0);

  const res = await api("POST", "/", {
    token,
    body: {
      kind: "data-collection",
      params: {
        startDate: "2025-03-10",
        targetDistricts: ["61", "99"],
        outOfScope: "exclude",
        concurrency: 2,
        rateLimitDelayMs: 250,
        enableCaching: false,
        retryFailures: false,
        collectionType: "per-district",
      },
    },
  });
  expect(res.status).toBe(201);
  const job = await getJob(token, res.body.job.id);
  expect(job.details).toMatchObject({ districts: ["61"], excludedDistricts: ["99"], scopeType: "single-district" });
  expect(job.rateLimits).toMatchObject({ maxConcurrency: 2, minDelayMs: 250 });
  expect(job.params).toMatchObject({ resolved: { endDate: "2025-03-10", strategy: "per-district", districts: ["61"] } });
  await waitForFinish(token, job.id);
  expect(emulatorLog()).toContain("Target districts outside the configured scope excluded: 99");
});

test("a circuit that stays open past the outage limit gives up: items fail, critical logs an alert can match", async () => {
  const elevenMinutesAgo = Date.now() - 11 * 60_000;
  await adminDb()
    .doc("backfillCircuits/toastmasters-dashboard")
    .set({
      state: "open",
      failures: 40,
      openUntil: Date.now() + 60_000,
      outageSince: elevenMinutesAgo,
      probeAt: null,
      lastError: "dashboard answered 503",
      gaveUpLogged: false,
    });
  const job = await waitForFinish(token, await collect({ startDate: "2025-03-10", targetDistricts: ["61"] }));
  expect(job.status).toBe("failed");
  expect(job.targets["61"].lastError).toContain("toastmasters-dashboard has been unavailable for more than 10 min (circuit open): dashboard answered 503");
  expect(await sim.calls()).toHaveLength(0);
  expect(emulatorLog()).toMatch(/"severity":"CRITICAL".*Circuit breaker for toastmasters-dashboard has not closed for 10 min/);
  expect(emulatorLog()).toMatch(new RegExp(`"severity":"CRITICAL".*Backfill job ${job.id} \\(data-collection\\) failed: all 1 items failed`));
});
