/**
 * How the page writes what people read: numbers with separators, durations, rates, and times as
 * "3 min ago" with the absolute time beside them (for a hover title). Pure: no DOM, unit-tested.
 * `locale` is the reader's (undefined: the browser's); tests pass one.
 */

/** 12345 -> "12,345"; null or undefined -> "–". */
export function formatCount(n: number | null | undefined, locale?: string): string {
  return n == null || !Number.isFinite(n) ? "–" : new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Items per second: one decimal below 10 ("2.5 items/s"), whole numbers above ("1,204 items/s"). */
export function formatRate(perSecond: number | null | undefined, locale?: string): string {
  if (perSecond == null || !Number.isFinite(perSecond)) return "–";
  const digits = Math.abs(perSecond) < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(perSecond)} items/s`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A span of time, two units at most: "42 s", "3 min 05 s", "2 h 05 min", "3 d 4 h"; under a second "under 1 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1000) return "under 1 s";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** `date` relative to `now`: "now", "42 seconds ago", "3 minutes ago", "in 2 hours", "yesterday". */
export function formatRelative(date: Date, now: Date, locale?: string): string {
  const diff = date.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (Math.abs(diff) < 5000) return rtf.format(0, "second");
  const [unit, size] = UNITS.find(([, size]) => Math.abs(diff) >= size) ?? UNITS[UNITS.length - 1];
  return rtf.format(Math.trunc(diff / size), unit);
}

/** The absolute time for a hover title: "Dec 3, 2026, 07:42:10". */
export function formatAbsolute(date: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" }).format(date);
}

/** "3 of 10" style progress: "1,234 / 5,000", or "1,234 / ?" while the total is unknown. */
export function formatProgress(processed: number | null | undefined, total: number | null | undefined, locale?: string): string {
  return `${formatCount(processed ?? 0, locale)} / ${total == null ? "?" : formatCount(total, locale)}`;
}

/** An estimate in dollars: "about $0.42", "about $1,250.00"; below a cent "under $0.01". */
export function formatDollars(amount: number, locale?: string): string {
  if (amount > 0 && amount < 0.01) return "under $0.01";
  return "about " + new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(amount);
}

/** "requestsPerMinute" -> "Requests per minute" (for a field with no title of its own). */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());
}
