/**
 * The four exports' columns, each defined once: the CSV header, the typed key it becomes, and the
 * zod schema of its cell. Rows are validated into typed objects; the dashboard's own headers are
 * also what the local simulator writes (tools/dashboard-sim), so both stay in step.
 */
import { z } from "zod";
import type { Report } from "./urls";

const text = z.string().transform((s) => s.trim());
/** Counts: "1,234" -> 1234; an empty cell is 0 (the dashboard leaves zero counts blank). */
const count = z
  .string()
  .transform((s) => s.replace(/,/g, "").trim())
  .pipe(z.union([z.literal("").transform(() => 0), z.string().regex(/^-?\d+$/, "not a whole number").transform(Number)]));
/** Percentages: "12.5%", "-3.2" -> 12.5, -3.2; empty is 0. */
const percent = z
  .string()
  .transform((s) => s.replace(/[%,\s]/g, ""))
  .pipe(z.union([z.literal("").transform(() => 0), z.string().regex(/^-?\d+(\.\d+)?$/, "not a percentage").transform(Number)]));
const clubNumber = z.string().trim().regex(/^\d{1,8}$/, "not a club number");
/** A district id as the dashboard writes it: "61", "F", "120". */
export const DISTRICT_ID = /^[0-9A-Z]{1,3}$/;
const districtId = z.string().trim().regex(DISTRICT_ID, "not a district id");

type Cell = z.ZodType<string | number, string>;
type Columns = ReadonlyArray<readonly [header: string, key: string, cell: Cell]>;

export const COLUMNS = {
  districtsummary: [
    ["REGION", "region", text],
    ["DISTRICT", "district", districtId],
    ["Paid Club Base", "paidClubBase", count],
    ["Paid Clubs", "paidClubs", count],
    ["% Club Growth", "clubGrowthPercent", percent],
    ["Payment Base", "paymentBase", count],
    ["Total YTD Payments", "totalYtdPayments", count],
    ["% Payment Growth", "paymentGrowthPercent", percent],
    ["Active Clubs", "activeClubs", count],
    ["Total Distinguished Clubs", "distinguishedClubs", count],
    ["Select Distinguished Clubs", "selectDistinguishedClubs", count],
    ["Presidents Distinguished Clubs", "presidentsDistinguishedClubs", count],
  ],
  districtperformance: [
    ["District", "district", districtId],
    ["Division", "division", text],
    ["Area", "area", text],
    ["Club", "clubNumber", clubNumber],
    ["Club Name", "clubName", text],
    ["New Members", "newMembers", count],
    ["Late Ren.", "lateRenewals", count],
    ["Oct. Ren.", "octoberRenewals", count],
    ["Apr. Ren.", "aprilRenewals", count],
    ["Total Ren.", "totalRenewals", count],
    ["Total to Date", "totalToDate", count],
    ["Charter Date/Suspend Date", "charterOrSuspendDate", text],
    ["Distinguished Status", "distinguishedStatus", text],
  ],
  divisionperformance: [
    ["District", "district", districtId],
    ["Division", "division", text],
    ["Area", "area", text],
    ["Club", "clubNumber", clubNumber],
    ["Club Name", "clubName", text],
    ["Division Club Base", "divisionClubBase", count],
    ["Area Club Base", "areaClubBase", count],
    ["Nov Visit award", "novemberVisit", count],
    ["May visit award", "mayVisit", count],
    ["Club Distinguished Status", "distinguishedStatus", text],
  ],
  clubperformance: [
    ["District", "district", districtId],
    ["Division", "division", text],
    ["Area", "area", text],
    ["Club Number", "clubNumber", clubNumber],
    ["Club Name", "clubName", text],
    ["Club Status", "clubStatus", text],
    ["Mem. Base", "membershipBase", count],
    ["Active Members", "activeMembers", count],
    ["Goals Met", "goalsMet", count],
    ["Level 1s", "level1s", count],
    ["Level 2s", "level2s", count],
    ["Add. Level 2s", "additionalLevel2s", count],
    ["Level 3s", "level3s", count],
    ["Level 4s, Level 5s, or DTM award", "level4sTo5sOrDtm", count],
    ["Add. Level 4s, Level 5s, or DTM award", "additionalLevel4sTo5sOrDtm", count],
    ["New Members", "newMembers", count],
    ["Add. New Members", "additionalNewMembers", count],
    ["Off. Trained Round 1", "officersTrainedRound1", count],
    ["Off. Trained Round 2", "officersTrainedRound2", count],
    ["Mem. dues on time Oct", "duesOnTimeOctober", count],
    ["Mem. dues on time Apr", "duesOnTimeApril", count],
    ["Off. List On Time", "officerListOnTime", count],
    ["Club Distinguished Status", "distinguishedStatus", text],
  ],
} as const satisfies Record<Report, Columns>;

export type Row = Record<string, string | number>;

export function headersOf(report: Report): string[] {
  return COLUMNS[report].map(([header]) => header);
}

/** Header names the export lacks (a changed export is a permanent error, not a retry). */
export function missingHeaders(report: Report, header: string[]): string[] {
  const have = new Set(header.map((h) => h.trim()));
  return headersOf(report).filter((h) => !have.has(h));
}

/** Validates one raw record (header -> cell) into a typed row; the error names the column. */
export function toRow(report: Report, record: Record<string, string>): { ok: true; row: Row } | { ok: false; error: string } {
  const row: Row = {};
  for (const [header, key, cell] of COLUMNS[report] as Columns) {
    const parsed = cell.safeParse(record[header] ?? "");
    if (!parsed.success) return { ok: false, error: `column "${header}": ${parsed.error.issues[0]?.message ?? "invalid"} (${JSON.stringify(record[header])})` };
    row[key] = parsed.data;
  }
  return { ok: true, row };
}
