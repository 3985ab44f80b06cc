/**
 * Analytics of one district snapshot (seeds 001/002): membership totals and change against the
 * program-year base, club counts by status, distinguished progress, and division/area rollups.
 * Pure: the same snapshot always gives the same analytics.
 */
import type { DistrictSnapshot } from "../../districts/snapshots";

/** 2: a base the export did not have (no "Mem. Base" column that year) is null, not 0. */
export const ANALYTICS_VERSION = 2;

export interface Rollup {
  clubs: number;
  members: number;
  /** null when the export had no membership base column. */
  base: number | null;
  change: number | null;
  distinguished: number;
}

export interface Analytics {
  districtId: string;
  date: string;
  analyticsVersion: number;
  sourceCollectionDate: string;
  collectionType: string;
  isClosingPeriodData: boolean;
  membership: { total: number; base: number | null; change: number | null; changePercent: number | null };
  clubs: { total: number; byStatus: Record<string, number> };
  distinguished: { distinguished: number; select: number; presidents: number; smedley: number; total: number; percentOfClubs: number | null };
  divisions: Array<Rollup & { division: string; areas: Array<Rollup & { area: string }> }>;
}

type Level = "distinguished" | "select" | "presidents" | "smedley";

/** The dashboard writes levels as codes (D, S, P, M/H) or names. */
export function distinguishedLevel(value: unknown): Level | null {
  const v = String(value ?? "")
    .trim()
    .toLowerCase();
  if (v === "" || v === "none") return null;
  if (v === "s" || v.startsWith("select")) return "select";
  if (v === "p" || v.startsWith("president")) return "presidents";
  if (v === "m" || v === "h" || v.startsWith("smedley")) return "smedley";
  if (v === "d" || v.startsWith("distinguished")) return "distinguished";
  return null;
}

const num = (v: unknown) => (typeof v === "number" ? v : Number(v) || 0);
/** A count the export may lack (null field): null stays null. */
const maybe = (v: unknown) => (v === null || v === undefined ? null : num(v));
const label = (v: unknown, missing: string) => (v === null || v === undefined || v === "" ? missing : String(v));
const pct = (part: number | null, whole: number | null) => (part === null || whole === null || whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);
const minus = (a: number, b: number | null) => (b === null ? null : a - b);

function emptyRollup(): Rollup {
  return { clubs: 0, members: 0, base: 0, change: 0, distinguished: 0 };
}

function add(r: Rollup, members: number, base: number | null, distinguished: boolean): void {
  r.clubs += 1;
  r.members += members;
  r.base = r.base === null || base === null ? null : r.base + base;
  r.change = minus(r.members, r.base);
  if (distinguished) r.distinguished += 1;
}

export function computeAnalytics(s: DistrictSnapshot): Analytics {
  const head = {
    districtId: s.districtId,
    date: s.date,
    analyticsVersion: ANALYTICS_VERSION,
    sourceCollectionDate: s.metadata.collectionDate,
    collectionType: s.metadata.collectionType,
    isClosingPeriodData: s.metadata.isClosingPeriodData,
  };
  const clubs = s.reports.clubPerformance;
  if (!clubs) {
    const row = s.reports.summary ?? {};
    const total = num(row.totalYtdPayments);
    const base = maybe(row.paymentBase);
    const levels = {
      distinguished: num(row.distinguishedClubs),
      select: num(row.selectDistinguishedClubs),
      presidents: num(row.presidentsDistinguishedClubs),
      smedley: 0,
    };
    const all = levels.distinguished + levels.select + levels.presidents;
    return {
      ...head,
      membership: { total, base, change: minus(total, base), changePercent: pct(minus(total, base), base) },
      clubs: { total: num(row.activeClubs), byStatus: { Active: num(row.activeClubs), Paid: num(row.paidClubs) } },
      distinguished: { ...levels, total: all, percentOfClubs: pct(all, num(row.activeClubs)) },
      divisions: [],
    };
  }
  const byStatus: Record<string, number> = {};
  const levels: Record<Level, number> = { distinguished: 0, select: 0, presidents: 0, smedley: 0 };
  const divisions = new Map<string, { rollup: Rollup; areas: Map<string, Rollup> }>();
  let total = 0;
  let base: number | null = 0;
  for (const club of clubs) {
    const members = num(club.activeMembers);
    const clubBase = maybe(club.membershipBase);
    total += members;
    base = base === null || clubBase === null ? null : base + clubBase;
    const status = label(club.clubStatus, "Unknown");
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const level = distinguishedLevel(club.distinguishedStatus);
    if (level) levels[level] += 1;
    const division = label(club.division, "(none)");
    const d = divisions.get(division) ?? { rollup: emptyRollup(), areas: new Map<string, Rollup>() };
    divisions.set(division, d);
    add(d.rollup, members, clubBase, level !== null);
    const areaName = label(club.area, "(none)");
    const area = d.areas.get(areaName) ?? emptyRollup();
    d.areas.set(areaName, area);
    add(area, members, clubBase, level !== null);
  }
  const distinguishedTotal = levels.distinguished + levels.select + levels.presidents + levels.smedley;
  return {
    ...head,
    membership: { total, base, change: minus(total, base), changePercent: pct(minus(total, base), base) },
    clubs: { total: clubs.length, byStatus },
    distinguished: { ...levels, total: distinguishedTotal, percentOfClubs: pct(distinguishedTotal, clubs.length) },
    divisions: [...divisions.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([division, d]) => ({
        division,
        ...d.rollup,
        areas: [...d.areas.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([area, r]) => ({ area, ...r })),
      })),
  };
}
