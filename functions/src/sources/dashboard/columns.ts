/**
 * The column table: every typed field of the four exports, the header names the dashboard has
 * published it under across program years (the first is today's name), the zod schema of its cell,
 * and whether an export must have it. Only identity columns are required; a missing optional
 * column is a null field and a line in the snapshot's column drift (normalise.ts). Headers are
 * matched ignoring case and runs of spaces. The README's district-data section prints this table.
 */
import { z } from "zod";
import type { Report } from "./urls";

const text = z.string().transform((s) => s.trim());
/** Counts: "1,234" -> 1234; an empty cell is 0 (the dashboard leaves zero counts blank). */
const count = z
  .string()
  .transform((s) => s.replace(/,/g, "").trim())
  .pipe(
    z.union([
      z.literal("").transform(() => 0),
      z
        .string()
        .regex(/^-?\d+$/, "not a whole number")
        .transform(Number),
    ]),
  );
/** Percentages: "12.5%", "-3.2" -> 12.5, -3.2; empty is 0. */
const percent = z
  .string()
  .transform((s) => s.replace(/[%,\s]/g, ""))
  .pipe(
    z.union([
      z.literal("").transform(() => 0),
      z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, "not a percentage")
        .transform(Number),
    ]),
  );
const clubNumber = z
  .string()
  .trim()
  .regex(/^\d{1,8}$/, "not a club number");
/** A district id as the dashboard writes it: "61", "F", "120". */
export const DISTRICT_ID = /^[0-9A-Z]{1,3}$/;
const districtId = z.string().trim().regex(DISTRICT_ID, "not a district id");

export type Cell = z.ZodType<string | number, string>;

/** What a cell holds, and the schema that reads it. */
export const CELLS = { text, count, percent, clubNumber, districtId } satisfies Record<string, Cell>;
export type CellType = keyof typeof CELLS;

export interface Column {
  /** The typed row's field. */
  key: string;
  /** Header names it has been published under; the first is the current one. */
  names: readonly [string, ...string[]];
  type: CellType;
  /** Identity columns: an export without one cannot be read (a permanent error naming it). */
  required?: true;
}

const col = (key: string, names: Column["names"], type: CellType, required?: true): Column => ({ key, names, type, ...(required ? { required } : {}) });

const DISTRICT = col("district", ["District"], "districtId", true);
const DIVISION = col("division", ["Division", "Div"], "text");
const AREA = col("area", ["Area"], "text");
const CLUB_NAME = col("clubName", ["Club Name"], "text", true);
/** The club reports' identity; the club number is "Club" in the district and division reports. */
const clubIdentity = (current: "Club" | "Club Number"): Column[] => {
  const others = ["Club Number", "Club", "Club ID", "ClubID"].filter((n) => n !== current);
  return [DISTRICT, DIVISION, AREA, col("clubNumber", [current, ...others], "clubNumber", true), CLUB_NAME];
};

export const COLUMNS: Record<Report, readonly Column[]> = {
  districtsummary: [
    col("region", ["REGION"], "text"),
    col("district", ["DISTRICT"], "districtId", true),
    col("paidClubBase", ["Paid Club Base"], "count"),
    col("paidClubs", ["Paid Clubs"], "count"),
    col("clubGrowthPercent", ["% Club Growth"], "percent"),
    col("paymentBase", ["Payment Base"], "count"),
    col("totalYtdPayments", ["Total YTD Payments"], "count"),
    col("paymentGrowthPercent", ["% Payment Growth"], "percent"),
    col("activeClubs", ["Active Clubs"], "count"),
    col("distinguishedClubs", ["Total Distinguished Clubs", "Distinguished Clubs"], "count"),
    col("selectDistinguishedClubs", ["Select Distinguished Clubs"], "count"),
    col("presidentsDistinguishedClubs", ["Presidents Distinguished Clubs", "President's Distinguished Clubs"], "count"),
  ],
  districtperformance: [
    ...clubIdentity("Club"),
    col("newMembers", ["New Members"], "count"),
    col("lateRenewals", ["Late Ren."], "count"),
    col("octoberRenewals", ["Oct. Ren."], "count"),
    col("aprilRenewals", ["Apr. Ren."], "count"),
    col("totalRenewals", ["Total Ren."], "count"),
    col("totalToDate", ["Total to Date"], "count"),
    col("charterOrSuspendDate", ["Charter Date/Suspend Date"], "text"),
    col("distinguishedStatus", ["Distinguished Status", "Club Distinguished Status"], "text"),
  ],
  divisionperformance: [
    ...clubIdentity("Club"),
    col("divisionClubBase", ["Division Club Base"], "count"),
    col("areaClubBase", ["Area Club Base"], "count"),
    col("novemberVisit", ["Nov Visit award"], "count"),
    col("mayVisit", ["May visit award"], "count"),
    col("distinguishedStatus", ["Club Distinguished Status", "Distinguished Status"], "text"),
  ],
  clubperformance: [
    ...clubIdentity("Club Number"),
    col("clubStatus", ["Club Status", "Status"], "text"),
    col("membershipBase", ["Mem. Base", "Membership Base"], "count"),
    col("activeMembers", ["Active Members", "Active Membership", "Membership", "Paid Members"], "count"),
    col("goalsMet", ["Goals Met"], "count"),
    col("level1s", ["Level 1s"], "count"),
    col("level2s", ["Level 2s"], "count"),
    col("additionalLevel2s", ["Add. Level 2s"], "count"),
    col("level3s", ["Level 3s"], "count"),
    col(
      "level4sTo5sOrDtm",
      ["Level 4s, Level 5s, or DTM award", "Level 4s, Path Completions, or DTM Awards", "Level 4s, Path Completions, or DTM award"],
      "count",
    ),
    col(
      "additionalLevel4sTo5sOrDtm",
      ["Add. Level 4s, Level 5s, or DTM award", "Add. Level 4s, Path Completions, or DTM award", "Add. Level 4s, Path Completions, or DTM Awards"],
      "count",
    ),
    col("newMembers", ["New Members"], "count"),
    col("additionalNewMembers", ["Add. New Members"], "count"),
    col("officersTrainedRound1", ["Off. Trained Round 1"], "count"),
    col("officersTrainedRound2", ["Off. Trained Round 2"], "count"),
    col("duesOnTimeOctober", ["Mem. dues on time Oct"], "count"),
    col("duesOnTimeApril", ["Mem. dues on time Apr"], "count"),
    col("officerListOnTime", ["Off. List On Time"], "count"),
    col("distinguishedStatus", ["Club Distinguished Status"], "text"),
  ],
};

/** Today's header names of a report, in the table's order. */
export function headersOf(report: Report): string[] {
  return COLUMNS[report].map((c) => c.names[0]);
}

/** How headers are compared: case, surrounding spaces and runs of spaces do not matter. */
export function headerKey(header: string): string {
  return header.trim().replace(/\s+/g, " ").toLowerCase();
}
