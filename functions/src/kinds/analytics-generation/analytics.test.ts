import type { DistrictSnapshot } from "../../districts/snapshots";
import { computeAnalytics, distinguishedLevel } from "./analytics";

const club = (division: string, area: string, members: number, base: number, status: string, level: string) => ({
  district: "61",
  division,
  area,
  clubNumber: `0000${division}${area}${members}`,
  clubName: "c",
  clubStatus: status,
  membershipBase: base,
  activeMembers: members,
  distinguishedStatus: level,
});
const metadata = {
  collectionType: "per-district" as const,
  sourceUrls: [],
  collectionDate: "2025-03-10",
  logicalDate: "2025-03-10",
  requestedDate: "2025-03-10",
  dataMonth: "2025-03",
  isClosingPeriodData: false,
  fetchedAt: "t",
  fromCache: false,
  rowCounts: {},
  jobId: null,
  columnDrift: {},
};

test("membership totals and change, clubs by status, distinguished progress, division and area rollups", () => {
  const snapshot: DistrictSnapshot = {
    districtId: "61",
    date: "2025-03-10",
    key: "2025-03-10~61",
    metadata,
    raw: {},
    reports: {
      clubPerformance: [
        club("A", "01", 25, 20, "Active", "D"),
        club("A", "02", 10, 15, "Low", ""),
        club("B", "11", 30, 22, "Active", "Select Distinguished"),
        club("B", "11", 5, 12, "Suspended", ""),
      ],
    },
  };
  const a = computeAnalytics(snapshot);
  expect(a.membership).toEqual({ total: 70, base: 69, change: 1, changePercent: 1.45 });
  expect(a.clubs).toEqual({ total: 4, byStatus: { Active: 2, Low: 1, Suspended: 1 } });
  expect(a.distinguished).toEqual({ distinguished: 1, select: 1, presidents: 0, smedley: 0, total: 2, percentOfClubs: 50 });
  expect(a.divisions).toEqual([
    {
      division: "A",
      clubs: 2,
      members: 35,
      base: 35,
      change: 0,
      distinguished: 1,
      areas: [
        { area: "01", clubs: 1, members: 25, base: 20, change: 5, distinguished: 1 },
        { area: "02", clubs: 1, members: 10, base: 15, change: -5, distinguished: 0 },
      ],
    },
    {
      division: "B",
      clubs: 2,
      members: 35,
      base: 34,
      change: 1,
      distinguished: 1,
      areas: [{ area: "11", clubs: 2, members: 35, base: 34, change: 1, distinguished: 1 }],
    },
  ]);
  expect(computeAnalytics(snapshot)).toEqual(a);
});

test("system-wide snapshots give analytics from the summary row", () => {
  const a = computeAnalytics({
    districtId: "61",
    date: "d",
    key: "k",
    raw: {},
    metadata: { ...metadata, collectionType: "system-wide" },
    reports: {
      summary: {
        district: "61",
        paidClubs: 40,
        activeClubs: 41,
        paymentBase: 800,
        totalYtdPayments: 900,
        distinguishedClubs: 10,
        selectDistinguishedClubs: 3,
        presidentsDistinguishedClubs: 1,
      },
    },
  });
  expect(a.membership).toEqual({ total: 900, base: 800, change: 100, changePercent: 12.5 });
  expect(a.distinguished.total).toBe(14);
  expect(a.divisions).toEqual([]);
});

test("distinguished levels from codes and names", () => {
  expect(["D", "S", "P", "M", "", "President's Distinguished", "Smedley Distinguished"].map(distinguishedLevel)).toEqual([
    "distinguished",
    "select",
    "presidents",
    "smedley",
    null,
    "presidents",
    "smedley",
  ]);
});

test("an export without the membership base column (null fields) gives a null base and change, not a made-up 0", () => {
  const noBase = (division: string, members: number) => ({ ...club(division, "01", members, 0, "Active", ""), membershipBase: null, area: null });
  const a = computeAnalytics({
    districtId: "61",
    date: "2019-03-10",
    key: "k",
    raw: {},
    metadata,
    reports: { clubPerformance: [noBase("A", 20), noBase("A", 12)] },
  });
  expect(a.membership).toEqual({ total: 32, base: null, change: null, changePercent: null });
  expect(a.divisions[0]).toMatchObject({ division: "A", members: 32, base: null, change: null, areas: [{ area: "(none)", clubs: 2, base: null }] });
});
