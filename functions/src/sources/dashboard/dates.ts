/**
 * Calendar dates as the dashboard speaks them: ISO `YYYY-MM-DD` inside the system, `M/D/YYYY` in
 * the export's URLs and footers, and Toastmasters program years (July 1 to June 30, "2024-2025").
 * All arithmetic is on UTC calendar days, never on local time.
 */
import { z } from "zod";

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date as YYYY-MM-DD (not 2025-02-30, never throws). */
export function isCalendarDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const date = toUtc(s);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s;
}

/** A real calendar date in ISO form (rejects 2025-02-30). Zod runs the refine after a failed regex too. */
export const isoDate = z
  .string()
  .regex(ISO, "must be a date as YYYY-MM-DD")
  .refine((s) => !ISO.test(s) || isCalendarDate(s), "is not a calendar date");

export function toUtc(iso: IsoDate): Date {
  const [, y, m, d] = ISO.exec(iso) ?? [];
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
}

export function fromUtc(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function parts(iso: IsoDate): { year: number; month: number; day: number } {
  const d = toUtc(iso);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromUtc(new Date(toUtc(iso).getTime() + days * 86_400_000));
}

/** Days from a to b (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / 86_400_000);
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return fromUtc(new Date(Date.UTC(year, month, 0)));
}

/** `2025-01-03` -> `1/3/2025` (the export's format: no zero padding). */
export function toMdy(iso: IsoDate): string {
  const { year, month, day } = parts(iso);
  return `${month}/${day}/${year}`;
}

/** `1/3/2025` or `01/03/2025` -> `2025-01-03`; null when not a calendar date. */
export function fromMdy(mdy: string): IsoDate | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(mdy.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[1].padStart(2, "0")}-${m[2].padStart(2, "0")}`;
  return isoDate.safeParse(iso).success ? iso : null;
}

/** The program year a date belongs to: July 1 2024 .. June 30 2025 -> "2024-2025". */
export function programYear(iso: IsoDate): string {
  const { year, month } = parts(iso);
  const start = month >= 7 ? year : year - 1;
  return `${start}-${start + 1}`;
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** "Dec" or "December" -> 12; null when not a month name. */
export function monthNumber(name: string): number | null {
  const index = MONTHS.findIndex((m) => name.trim().toLowerCase().startsWith(m.toLowerCase()));
  return index < 0 ? null : index + 1;
}
