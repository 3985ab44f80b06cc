/**
 * A collection's items, expanded from its dates and districts without holding them all: keys are
 * `YYYY-MM-DD~district` (per-district) or `YYYY-MM-DD` (system-wide), listed in key order from any
 * cursor. Districts are in string order, so the keys sort in the order they are generated.
 */
import { addDays, daysBetween, type IsoDate } from "../sources/dashboard/dates";

export interface Expansion {
  startDate: IsoDate;
  endDate: IsoDate;
  /** Empty for system-wide (one item per date). */
  districts: string[];
}

export interface ExpandedItem {
  key: string;
  date: IsoDate;
  district: string | null;
}

export function itemKey(date: IsoDate, district: string | null): string {
  return district === null ? date : `${date}~${district}`;
}

export function countItems(e: Expansion): number {
  const dates = daysBetween(e.startDate, e.endDate) + 1;
  return Math.max(0, dates) * Math.max(1, e.districts.length);
}

/** Up to `limit` items whose key sorts after `after` (null: from the start). */
export function expandItems(e: Expansion, after: string | null, limit: number): { items: ExpandedItem[]; done: boolean } {
  const items: ExpandedItem[] = [];
  const perDate: Array<string | null> = e.districts.length === 0 ? [null] : e.districts;
  let date = e.startDate;
  if (after !== null && after.slice(0, 10) > date) date = after.slice(0, 10);
  for (; date <= e.endDate; date = addDays(date, 1)) {
    for (const district of perDate) {
      const key = itemKey(date, district);
      if (after !== null && key <= after) continue;
      if (items.length === limit) return { items, done: false };
      items.push({ key, date, district });
    }
  }
  return { items, done: true };
}
