/**
 * The kind contract for data-collection: an in-memory dashboard (exports built as CSV and read by the
 * client's own checks) publishing, per date and district, normal data, closing-period data for the
 * month before, a header-only export or another date's export; a configured scope; dates already
 * collected, failed or unavailable; per-district and system-wide requests with their options.
 */
import fc from "fast-check";
import type { Firestore } from "firebase-admin/firestore";
import { DISTRICT_CONFIG, sortDistricts } from "../../districts/scope";
import { applyEntry, type EntryStatus, type SnapshotIndex } from "../../districts/snapshot-index";
import { districtSnapshotRef, type DistrictSnapshot, indexRef, SNAPSHOTS } from "../../districts/snapshots";
import { check, type DashboardClient } from "../../sources/dashboard/client";
import { type Column, COLUMNS } from "../../sources/dashboard/columns";
import { addDays, MONTHS, parts, toMdy } from "../../sources/dashboard/dates";
import { exportUrl, type ReportRequest } from "../../sources/dashboard/urls";
import { kindContract } from "../../testing/kind-contract";
import { DASHBOARD_SOURCE, dataCollection } from ".";

const DISTRICTS = ["1", "10", "2", "61", "F"];
/** Four days across a month's end: 2025-01-31 .. 2025-02-03 (closing-period data is published on the last three). */
const FIRST = "2025-01-31";
const DAYS = 4;
const dateAt = (i: number) => addDays(FIRST, i);
const dayOf = (date: string) => Math.round((Date.parse(date) - Date.parse(FIRST)) / 86_400_000);

/** What the dashboard serves for one date and district (or the all-districts summary). */
const PUBLICATIONS = ["normal", "closing", "header-only", "other-date"] as const;
type Publication = (typeof PUBLICATIONS)[number];
const publication = fc.constantFrom<Publication>(...PUBLICATIONS);

const EARLIER_JOB = "collect-0";
const previous = fc.record({
  day: fc.nat({ max: DAYS - 1 }),
  district: fc.constantFrom(...DISTRICTS),
  status: fc.constantFrom<EntryStatus>("stored", "failed", "unavailable"),
});

const cases = fc
  .subarray(DISTRICTS)
  .chain((configured) => {
    const pool = configured.length > 0 ? configured : DISTRICTS;
    return fc.record({
      configured: fc.constant(configured),
      collectionType: fc.constantFrom("auto", "per-district", "system-wide"),
      targets: fc.option(fc.subarray(pool, { minLength: 1, maxLength: Math.min(3, pool.length) }), { nil: null }),
      start: fc.nat({ max: DAYS - 1 }),
      days: fc.integer({ min: 1, max: DAYS }),
      /** Per day: the publication of each district's exports (index 0: the summary). */
      published: fc.array(fc.array(publication, { minLength: DISTRICTS.length + 1, maxLength: DISTRICTS.length + 1 }), { minLength: DAYS, maxLength: DAYS }),
      /** Per day: the districts with a row in the summary export. */
      inSummary: fc.array(fc.subarray(DISTRICTS), { minLength: DAYS, maxLength: DAYS }),
      previous: fc.uniqueArray(previous, { selector: (p) => `${p.day}~${p.district}`, maxLength: 8 }),
      skipExisting: fc.boolean(),
      retryFailures: fc.boolean(),
      enableCaching: fc.boolean(),
    });
  })
  // per-district needs districts: targets, else the configured scope
  .map((c) => (c.collectionType === "per-district" && !c.targets && c.configured.length === 0 ? { ...c, targets: [DISTRICTS[c.start]] } : c));
type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;

const endDate = (c: Case) => dateAt(Math.min(DAYS - 1, c.start + c.days - 1));
const scopeOf = (c: Case) => (c.targets ? sortDistricts(c.targets) : c.configured);
const perDistrict = (c: Case) => c.collectionType === "per-district" || (c.collectionType === "auto" && c.targets !== null);

// --- The in-memory dashboard -------------------------------------------------------------------

/** The case the dashboard publishes: set by `seed`, which the kit calls before it lists or processes a case. */
let world: Case | undefined;

/** Closing-period data is published only in a month's first days (for the month before). */
function publicationOf(c: Case, date: string, district: string | null): Publication {
  const p = c.published[dayOf(date)][district === null ? 0 : DISTRICTS.indexOf(district) + 1];
  return p === "closing" && parts(date).day > 3 ? "normal" : p;
}

/** The summary's districts; a summary that has rows has one of the scope's (else the item fails, by design). */
function summaryDistricts(c: Case, date: string): string[] {
  const listed = c.inSummary[dayOf(date)];
  const scope = scopeOf(c);
  if (listed.length === 0 || scope.length === 0 || listed.some((d) => scope.includes(d))) return listed;
  return sortDistricts([...listed, scope[0]]);
}

function cell(column: Column, district: string, club: number): string {
  switch (column.type) {
    case "districtId":
      return district;
    case "clubNumber":
      return String(1000 * (DISTRICTS.indexOf(district) + 1) + club);
    case "count":
      return String((club * 7 + column.key.length) % 40);
    case "percent":
      return `${(club * 1.5).toFixed(1)}%`;
    default:
      return column.key === "division" ? "ABC"[club % 3] : column.key === "area" ? `0${club % 3}` : `${column.key} ${club}`;
  }
}

/** A CSV line, every cell quoted (headers such as "Level 4s, Level 5s, or DTM award" hold commas). */
const csvLine = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(",");

function exportBody(request: ReportRequest, p: Publication, districts: string[]): string {
  const columns = COLUMNS[request.report];
  const lines = [csvLine(columns.map((col) => col.names[0]))];
  if (p === "header-only") return `${lines[0]}\n`;
  for (const district of districts) {
    for (let club = 0; club < (request.district === null ? 1 : 1 + (district.length % 3)); club += 1)
      lines.push(csvLine(columns.map((col) => cell(col, district, club))));
  }
  const asOf = p === "other-date" ? addDays(request.date, 1) : request.date;
  const { month } = parts(asOf);
  const dataMonth = p === "closing" ? (month === 1 ? 12 : month - 1) : month;
  lines.push(`Month of ${MONTHS[dataMonth - 1]}, As of ${toMdy(asOf)}`);
  return `${lines.join("\n")}\n`;
}

const dashboard: DashboardClient = {
  fetches: 0,
  async fetchReport(request) {
    if (!world) throw new Error("no case seeded");
    const p = publicationOf(world, request.date, request.district);
    const districts = request.district === null ? summaryDistricts(world, request.date) : [request.district];
    const url = exportUrl("https://dashboard.test", request, "2026-12-01");
    return check(request, { body: exportBody(request, p, districts), url, fetchedAt: `${addDays(request.date, 1)}T06:00:00.000Z` }, false);
  },
};

// --- Data collected before ---------------------------------------------------------------------

function earlierSnapshot(date: string, district: string): DistrictSnapshot {
  return {
    districtId: district,
    date,
    key: `${date}~${district}`,
    reports: { summary: { district, activeClubs: 40, paidClubs: 39, totalYtdPayments: 800, paymentBase: 750 } },
    raw: {},
    metadata: {
      collectionType: "system-wide",
      sourceUrls: ["https://dashboard.test/earlier"],
      collectionDate: date,
      logicalDate: date,
      requestedDate: date,
      dataMonth: date.slice(0, 7),
      isClosingPeriodData: false,
      fetchedAt: `${addDays(date, 1)}T05:00:00.000Z`,
      fromCache: false,
      rowCounts: { summary: 1 },
      jobId: EARLIER_JOB,
      columnDrift: {},
    },
  };
}

async function seed(db: Firestore, c: Case): Promise<void> {
  world = c;
  const batch = db.batch();
  if (c.configured.length > 0) batch.set(db.collection(DISTRICT_CONFIG).doc("current"), { districts: c.configured });
  const indexes = new Map<string, SnapshotIndex>();
  for (const p of c.previous) {
    const date = dateAt(p.day);
    const note = p.status === "stored" ? null : p.status === "failed" ? "dashboard answered 503" : "no data (header-only export)";
    indexes.set(date, applyEntry(indexes.get(date) ?? null, date, p.district, { status: p.status, jobId: EARLIER_JOB, at: `${date}T23:00:00.000Z`, note }));
    if (p.status === "stored") batch.set(districtSnapshotRef(db, date, p.district), earlierSnapshot(date, p.district));
  }
  for (const [date, index] of indexes) batch.set(indexRef(db, date), index);
  await batch.commit();
}

function params(c: Case): Record<string, unknown> {
  return {
    startDate: dateAt(c.start),
    ...(c.days > 1 ? { endDate: endDate(c) } : {}),
    ...(c.targets ? { targetDistricts: c.targets } : {}),
    collectionType: c.collectionType,
    skipExisting: c.skipExisting,
    retryFailures: c.retryFailures,
    enableCaching: c.enableCaching,
  };
}

/** Per-district: every date x district of the scope; system-wide: every date. */
function expectedKeys(c: Case): string[] {
  const keys: string[] = [];
  for (let date = dateAt(c.start); date <= endDate(c); date = addDays(date, 1)) {
    if (perDistrict(c)) keys.push(...scopeOf(c).map((d) => `${date}~${d}`));
    else keys.push(date);
  }
  return keys;
}

kindContract({
  kind: dataCollection(() => dashboard, { source: DASHBOARD_SOURCE, failureThreshold: 5, coolDownMs: 60_000, maxOutageMs: 3_600_000, probeTimeoutMs: 5_000 }),
  cases,
  seed,
  params,
  expectedKeys,
  effects: [SNAPSHOTS],
  redoes: (c) => !c.skipExisting, // skipExisting: false asks to collect everything again
});
