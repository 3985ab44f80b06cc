/**
 * data-collection over the dashboard's program-year header variants (tools/dashboard-sim/variants.mjs):
 * a job across a program-year boundary reads both years' columns, keeps every export as published,
 * records each snapshot's column drift and sums it on the job; the same data under another variant
 * gives the same typed values (fields of columns that year lacked are null).
 */
import { configureDistricts, createCollection, freshDistricts, sim, snapshotDoc } from "./support/dashboard";
import { checkpointsOf, waitForFinish } from "./support/jobs";

let token: string;
beforeEach(async () => {
  token = await freshDistricts();
});

const collect = async (params: Record<string, unknown>) =>
  waitForFinish(token, await createCollection(token, params, { maxConcurrency: 4, requestsPerMinute: 6000, minDelayMs: 0 }));

/** Fields of a typed row without those named. */
const without = (row: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

test("across the 2023-2024 / 2024-2025 boundary: Pathways-era and today's columns both read, drift recorded per snapshot and summed on the job", async () => {
  await sim.set({ closingDays: 1 });
  const job = await collect({ startDate: "2024-06-28", endDate: "2024-07-03", targetDistricts: ["61"] });
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 6, failed: 0 });

  const june = await snapshotDoc("2024-06-28", "61");
  expect(june?.metadata.columnDrift.clubPerformance).toEqual({
    missing: [],
    unknown: ["Club Success Plan"],
    aliases: [
      { column: "Club Number", header: "Club ID" },
      { column: "Active Members", header: "Active Membership" },
      { column: "Level 4s, Level 5s, or DTM award", header: "Level 4s, Path Completions, or DTM Awards" },
      { column: "Add. Level 4s, Level 5s, or DTM award", header: "Add. Level 4s, Path Completions, or DTM award" },
    ],
  });
  expect(june?.metadata.columnDrift.districtPerformance).toEqual({ missing: [], unknown: [], aliases: [] });
  const clubs = june?.reports.clubPerformance;
  expect(clubs[0]).toMatchObject({ clubNumber: expect.stringMatching(/^\d{8}$/), activeMembers: expect.any(Number), level4sTo5sOrDtm: expect.any(Number) });
  // The raw record: the export as published, every column and cell in order.
  const raw = june?.raw.clubPerformance;
  expect(raw.header.at(-1)).toBe("Club Success Plan");
  expect(raw.rows).toHaveLength(clubs.length);
  expect(raw.rows[0].cells[raw.header.indexOf("Club ID")]).toBe(clubs[0].clubNumber);
  expect(raw.footer).toBe("Month of Jun, As of 6/28/2024");

  const july = await snapshotDoc("2024-07-03", "61");
  expect(july?.metadata.columnDrift.clubPerformance).toEqual({ missing: [], unknown: [], aliases: [] });

  // On the job: how many exports drifted, and each drift by how many items had it.
  const juneItems = 3; // 06-28, 06-29, 06-30 (07-01 is closing-period data for June, published under today's names)
  expect(job.metrics).toMatchObject({ exports: 18, driftExports: juneItems });
  expect(job.tallies.columnsUnknown).toEqual({ "clubperformance: Club Success Plan": juneItems });
  expect(job.tallies.columnAliases['clubperformance: "Club ID" read as "Club Number"']).toBe(juneItems);
  expect(job.summary).toMatchObject({
    snapshotIds: ["2024-06-28", "2024-06-29", "2024-06-30", "2024-07-02", "2024-07-03"],
    partialSnapshots: [],
  });
  // A first run fetches every export; only an item retried after its first attempt had cached them reads them back.
  const retried = (await checkpointsOf(job.id).get()).docs.filter((d) => d.get("attempts") > 1).length;
  expect(job.summary.cacheHitRate).toBeLessThanOrEqual((3 * retried) / 18 + 0.001);
});

test("the same data under each variant gives the same typed values; a year without a column has null there, and its own columns kept raw", async () => {
  const params = { startDate: "2024-06-28", targetDistricts: ["61"], skipExisting: false, enableCaching: false };
  await collect(params);
  const pathways = await snapshotDoc("2024-06-28", "61");

  await sim.set({ headerVariants: { programYears: { "2023-2024": "current" } } });
  await collect(params);
  const current = await snapshotDoc("2024-06-28", "61");
  expect(current?.reports).toEqual(pathways?.reports);
  expect(current?.metadata.columnDrift.clubPerformance).toEqual({ missing: [], unknown: [], aliases: [] });

  await sim.set({ headerVariants: { districts: { "61": "legacy" } } });
  const legacyJob = await collect(params);
  expect(legacyJob.status).toBe("completed");
  const legacy = await snapshotDoc("2024-06-28", "61");
  const dropped = ["membershipBase", "level4sTo5sOrDtm", "additionalLevel4sTo5sOrDtm"];
  expect(legacy?.reports.clubPerformance.map((r: Record<string, unknown>) => without(r, dropped))).toEqual(
    current?.reports.clubPerformance.map((r: Record<string, unknown>) => without(r, dropped)),
  );
  for (const row of legacy?.reports.clubPerformance ?? []) for (const k of dropped) expect(row[k]).toBeNull();
  expect(legacy?.reports.districtPerformance).toEqual(current?.reports.districtPerformance);
  expect(legacy?.metadata.columnDrift.clubPerformance).toMatchObject({
    missing: ["Mem. Base", "Level 4s, Level 5s, or DTM award", "Add. Level 4s, Level 5s, or DTM award"],
    unknown: ["CCs", "Add. CCs"],
  });
  expect(legacy?.raw.clubPerformance.header).toEqual(expect.arrayContaining(["ClubID", "Div", "Paid Members", "Status", "CCs", "Add. CCs"]));
  expect(legacyJob.tallies.columnsMissing).toEqual({
    "clubperformance: Mem. Base": 1,
    "clubperformance: Level 4s, Level 5s, or DTM award": 1,
    "clubperformance: Add. Level 4s, Level 5s, or DTM award": 1,
  });
});

test("system-wide: the summary of a legacy year has no Presidents Distinguished column; that field is null, the rest read", async () => {
  await configureDistricts(["1", "61"]);
  const job = await collect({ startDate: "2018-03-12", collectionType: "system-wide" });
  expect(job.status).toBe("completed");
  const snap = await snapshotDoc("2018-03-12", "61");
  expect(snap?.reports.summary).toMatchObject({ district: "61", distinguishedClubs: expect.any(Number), presidentsDistinguishedClubs: null });
  expect(snap?.metadata.columnDrift.summary).toEqual({
    missing: ["Presidents Distinguished Clubs"],
    unknown: [],
    aliases: [{ column: "Total Distinguished Clubs", header: "Distinguished Clubs" }],
  });
  expect(snap?.raw.summary.rows).toEqual([{ cells: expect.arrayContaining(["61"]) }]);
  expect(job.tallies.columnsMissing).toEqual({ "districtsummary: Presidents Distinguished Clubs": 1 });
});

test("an export without an identity column fails its item permanently, naming the column; the job's error summary counts it by type", async () => {
  // A header the dashboard never published: no club number under any accepted name.
  await sim.set({ faults: [{ type: "drop-column", column: "Club Number", districts: ["61"], reports: ["clubperformance"] }] });
  const job = await collect({ startDate: "2025-03-10", targetDistricts: ["1", "61"] });
  expect(job.status).toBe("partial");
  expect(job.targets["61"].lastError).toContain(
    'clubperformance export lacks identity column "Club Number" (accepted names: Club Number, Club, Club ID, ClubID)',
  );
  expect(job.errorSummary).toEqual({ retryable: 0, permanent: 1, byType: { DashboardExportError: 1 } });
  expect(job.summary).toMatchObject({ snapshotIds: ["2025-03-10"], partialSnapshots: ["2025-03-10"] });
});
