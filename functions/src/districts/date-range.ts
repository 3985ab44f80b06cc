/**
 * The dates a district job may cover, shared by data-collection and analytics-generation: the
 * dashboard publishes a day late, so nothing exists for today (UTC) or later, and a job covers at
 * most about five program years. Issues name the params field they concern.
 */
import type { z } from "zod";
import { fromUtc, isCalendarDate, type IsoDate } from "../sources/dashboard/dates";
import { countItems } from "./items";

/** Today's date (UTC); the newest date a backfill may ask for is the day before. */
export function today(now = Date.now()): IsoDate {
  return fromUtc(new Date(now));
}

/** Dates a job may cover at most (about five program years). */
export const MAX_DAYS = 1900;

/** Adds an issue on `endDate` when the range is reversed, reaches today, or is too long (bad dates are the fields' own issues). */
export function checkDateRange(ctx: z.RefinementCtx, startDate: IsoDate, endDate: IsoDate): void {
  if (!isCalendarDate(startDate) || !isCalendarDate(endDate)) return;
  const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["endDate"], message });
  if (endDate < startDate) return issue(`endDate ${endDate} is before startDate ${startDate}`);
  if (endDate >= today()) return issue(`endDate ${endDate} must be before today (${today()}): the dashboard publishes a day late`);
  if (countItems({ startDate, endDate, districts: [] }) > MAX_DAYS) issue(`a job covers at most ${MAX_DAYS} dates`);
}
