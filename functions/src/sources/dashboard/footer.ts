/**
 * The export's footer line, "Month of Dec, As of 1/5/2025", and the month-end closing rules built on
 * it (README "District data"):
 * - the as-of date must be the requested date, or the CSV is "unavailable for that date";
 * - data month = as-of month: normal data, dated the as-of date;
 * - data month = the month before the as-of month (across the year boundary too): closing-period
 *   data, dated the last day of the data month, never a date in the new month;
 * - any other combination is a footer the dashboard does not produce: rejected as malformed.
 */
import { type IsoDate, lastDayOfMonth, fromMdy, monthNumber, parts } from "./dates";

export interface Footer {
  /** 1..12 */
  dataMonth: number;
  asOf: IsoDate;
}

const FOOTER = /Month of\s+([A-Za-z]+)\s*,?\s*As of\s+(\d{1,2}\/\d{1,2}\/\d{4})/i;

/** Finds the footer in a line (possibly quoted or padded with empty cells); null if none. */
export function parseFooter(line: string): Footer | null {
  const m = FOOTER.exec(line);
  if (!m) return null;
  const dataMonth = monthNumber(m[1]);
  const asOf = fromMdy(m[2]);
  return dataMonth && asOf ? { dataMonth, asOf } : null;
}

export function isFooterLine(line: string): boolean {
  return FOOTER.test(line);
}

export type Dating =
  | { kind: "normal"; logicalDate: IsoDate; collectionDate: IsoDate }
  | { kind: "closing"; logicalDate: IsoDate; collectionDate: IsoDate; dataMonth: number }
  | { kind: "as-of-mismatch"; asOf: IsoDate }
  | { kind: "inconsistent"; reason: string };

/** Decides what date a CSV's data belongs to, given the date it was requested for. */
export function dateData(requested: IsoDate, footer: Footer): Dating {
  if (footer.asOf !== requested) return { kind: "as-of-mismatch", asOf: footer.asOf };
  const { year, month } = parts(footer.asOf);
  if (footer.dataMonth === month) return { kind: "normal", logicalDate: footer.asOf, collectionDate: footer.asOf };
  const previousMonth = month === 1 ? 12 : month - 1;
  if (footer.dataMonth === previousMonth) {
    const dataYear = month === 1 ? year - 1 : year;
    return { kind: "closing", logicalDate: lastDayOfMonth(dataYear, footer.dataMonth), collectionDate: footer.asOf, dataMonth: footer.dataMonth };
  }
  return { kind: "inconsistent", reason: `data month ${footer.dataMonth} does not fit as-of ${footer.asOf}` };
}

export interface StoredDating {
  collectionDate: IsoDate;
  isClosingPeriodData: boolean;
}

/**
 * Whether data collected on `incoming.collectionDate` replaces a stored snapshot for the same
 * logical date: closing-period data only when strictly newer; normal data unless the stored one is
 * newer (a closing snapshot collected later is never overwritten by the month's own last day).
 */
export function replaces(existing: StoredDating | null, incoming: StoredDating): boolean {
  if (!existing) return true;
  return incoming.isClosingPeriodData ? incoming.collectionDate > existing.collectionDate : incoming.collectionDate >= existing.collectionDate;
}
