/**
 * The kind contract for analytics-generation: generated district snapshots (club or summary reports,
 * some closing-period, some unreadable) with analytics absent, up to date or stale; a configured
 * scope; requests for every stored snapshot or for a date range, with or without target districts.
 */
import fc from "fast-check";
import type { Firestore } from "firebase-admin/firestore";
import { DISTRICT_CONFIG, sortDistricts } from "../../districts/scope";
import { analyticsRef, districtSnapshotRef, type DistrictSnapshot, SNAPSHOTS } from "../../districts/snapshots";
import { addDays } from "../../sources/dashboard/dates";
import { kindContract } from "../../testing/kind-contract";
import { analyticsGeneration } from ".";
import { ANALYTICS_VERSION, computeAnalytics } from "./analytics";

const DISTRICTS = ["1", "10", "2", "61", "F"];
/** Six days across a month's end: 2025-01-29 .. 2025-02-03. */
const FIRST = "2025-01-29";
const DAYS = 6;
const dateAt = (i: number) => addDays(FIRST, i);

const club = fc.record({
  division: fc.option(fc.constantFrom("A", "B", "C"), { nil: null }),
  area: fc.option(fc.constantFrom("01", "02", "11"), { nil: null }),
  clubStatus: fc.constantFrom("Active", "Low", "Suspended"),
  membershipBase: fc.option(fc.nat({ max: 40 }), { nil: null, freq: 4 }),
  activeMembers: fc.nat({ max: 40 }),
  distinguishedStatus: fc.constantFrom("", "D", "S", "P", "Smedley Distinguished"),
});

const summary = fc.record({
  paidClubs: fc.nat({ max: 60 }),
  activeClubs: fc.nat({ max: 60 }),
  paymentBase: fc.option(fc.nat({ max: 2000 }), { nil: null, freq: 4 }),
  totalYtdPayments: fc.nat({ max: 2000 }),
  distinguishedClubs: fc.nat({ max: 20 }),
  selectDistinguishedClubs: fc.nat({ max: 10 }),
  presidentsDistinguishedClubs: fc.nat({ max: 5 }),
});

const storedSnapshot = fc.record({
  day: fc.nat({ max: DAYS - 1 }),
  district: fc.constantFrom(...DISTRICTS),
  /** Per-district (club rows), system-wide (the summary row), or a document the current schema cannot read. */
  reports: fc.oneof(
    fc.record({ kind: fc.constant("clubs" as const), clubs: fc.array(club, { maxLength: 4 }) }),
    fc.record({ kind: fc.constant("summary" as const), row: summary }),
    fc.constant({ kind: "unreadable" as const }),
  ),
  /** Closing-period data: collected a few days after the date it is stored as. */
  collectedLater: fc.nat({ max: 3 }),
  analytics: fc.constantFrom("none", "up-to-date", "older-version", "older-collection"),
});
type Stored = typeof storedSnapshot extends fc.Arbitrary<infer T> ? T : never;

const cases = fc.record({
  snapshots: fc.uniqueArray(storedSnapshot, { selector: (s) => `${s.day}~${s.district}`, maxLength: 20 }),
  configured: fc.subarray(DISTRICTS),
  range: fc.option(fc.record({ start: fc.nat({ max: DAYS - 1 }), days: fc.integer({ min: 1, max: 4 }), endDate: fc.boolean() }), { nil: null }),
  targets: fc.option(fc.subarray(DISTRICTS, { minLength: 1 }), { nil: null }),
});
type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;

const date = (s: Stored) => dateAt(s.day);

function snapshotOf(s: Stored): DistrictSnapshot | Record<string, unknown> {
  const d = date(s);
  const head = { districtId: s.district, date: d, key: `${d}~${s.district}` };
  if (s.reports.kind === "unreadable") return { ...head, reports: {}, metadata: { collectedOn: d } }; // an older layout: listed, not readable
  const closing = s.collectedLater > 0;
  const collectionDate = addDays(d, s.collectedLater);
  const systemWide = s.reports.kind === "summary";
  return {
    ...head,
    reports:
      s.reports.kind === "clubs"
        ? { clubPerformance: s.reports.clubs.map((c, i) => ({ district: s.district, clubNumber: String(1000 + i), clubName: `Club ${i}`, ...c })) }
        : { summary: { district: s.district, ...s.reports.row } },
    raw: {},
    metadata: {
      collectionType: systemWide ? "system-wide" : "per-district",
      sourceUrls: [`https://dashboard.test/export.aspx?day=${collectionDate}`],
      collectionDate,
      logicalDate: d,
      requestedDate: collectionDate,
      dataMonth: d.slice(0, 7),
      isClosingPeriodData: closing,
      fetchedAt: `${addDays(collectionDate, 1)}T06:00:00.000Z`,
      fromCache: false,
      rowCounts: systemWide ? { summary: 1 } : { clubPerformance: s.reports.kind === "clubs" ? s.reports.clubs.length : 0 },
      jobId: "collect-1",
      columnDrift: {},
    },
  };
}

function rangeOf(c: Case): { startDate: string; endDate: string } | null {
  if (!c.range) return null;
  const startDate = dateAt(c.range.start);
  return { startDate, endDate: c.range.endDate ? addDays(startDate, c.range.days - 1) : startDate };
}

async function seed(db: Firestore, c: Case): Promise<void> {
  const batch = db.batch();
  if (c.configured.length > 0) batch.set(db.collection(DISTRICT_CONFIG).doc("current"), { districts: c.configured });
  for (const s of c.snapshots) {
    const snapshot = snapshotOf(s);
    batch.set(districtSnapshotRef(db, date(s), s.district), snapshot);
    if (s.analytics === "none" || s.reports.kind === "unreadable") continue;
    const analytics = computeAnalytics(snapshot as DistrictSnapshot);
    const older =
      s.analytics === "older-version"
        ? { analyticsVersion: ANALYTICS_VERSION - 1 }
        : s.analytics === "older-collection"
          ? { sourceCollectionDate: addDays(date(s), -1) }
          : {};
    batch.set(analyticsRef(db, date(s), s.district), { ...analytics, ...older, computedAt: "2025-02-10T00:00:00.000Z", jobId: "analytics-0" });
  }
  await batch.commit();
}

function params(c: Case): Record<string, unknown> {
  const r = rangeOf(c);
  return {
    ...(r ? { startDate: r.startDate, ...(c.range?.endDate ? { endDate: r.endDate } : {}) } : {}),
    ...(c.targets ? { targetDistricts: c.targets } : {}),
  };
}

/** A range with districts (targets, else the configured scope) is every date x district; otherwise the stored snapshots. */
function expectedKeys(c: Case): string[] {
  const r = rangeOf(c);
  const districts = c.targets ? sortDistricts(c.targets) : c.configured;
  if (r && districts.length > 0) {
    const keys: string[] = [];
    for (let d = r.startDate; d <= r.endDate; d = addDays(d, 1)) keys.push(...districts.map((district) => `${d}~${district}`));
    return keys;
  }
  return c.snapshots
    .filter((s) => !r || (date(s) >= r.startDate && date(s) <= r.endDate))
    .filter((s) => !c.targets || c.targets.includes(s.district))
    .map((s) => `${date(s)}~${s.district}`);
}

kindContract({
  kind: analyticsGeneration(),
  cases,
  seed,
  params,
  expectedKeys,
  effects: [SNAPSHOTS],
});
