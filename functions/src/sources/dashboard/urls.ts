/**
 * The dashboard's CSV export URLs. Past program years live under `/{PY}/export.aspx`; the current
 * program year has no year path (it answers 500) and is served by the bare `/export.aspx`, which
 * ignores the year: the footer check (footer.ts) catches it serving the wrong date.
 */
import { type IsoDate, programYear, toMdy } from "./dates";

export const REPORTS = ["districtsummary", "districtperformance", "divisionperformance", "clubperformance"] as const;
export type Report = (typeof REPORTS)[number];

/** The three per-district reports a per-district snapshot holds. */
export const DISTRICT_REPORTS = ["districtperformance", "divisionperformance", "clubperformance"] as const satisfies readonly Report[];
export type DistrictReport = (typeof DISTRICT_REPORTS)[number];

export interface ReportRequest {
  report: Report;
  /** null for districtsummary (all districts). */
  district: string | null;
  date: IsoDate;
}

export function reportParam({ report, district, date }: ReportRequest): string {
  const py = programYear(date);
  return district === null ? `${report}~${toMdy(date)}~~${py}` : `${report}~${district}~${toMdy(date)}~~${py}`;
}

/** `today` decides which program year is current (no year path for it). */
export function exportUrl(baseUrl: string, request: ReportRequest, today: IsoDate): string {
  const py = programYear(request.date);
  const path = py === programYear(today) ? "/export.aspx" : `/${py}/export.aspx`;
  const url = new URL(path, baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  // The dashboard expects the literal report value (slashes and tildes unescaped).
  return `${url.toString()}?type=CSV&report=${reportParam(request)}`;
}

/** The cache key of one export: report, district and date. */
export function cacheKey({ report, district, date }: ReportRequest): string {
  return `${report}~${district ?? "all"}~${date}`;
}
