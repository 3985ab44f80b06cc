/**
 * The date-level snapshot document `districtSnapshots/{date}`: which districts were stored for that
 * date, which failed, which had no data. Pure folding, so the order districts finish in never
 * changes the result: a date with a failed district is "partial" and lists it.
 */
import { z } from "zod";

export const ENTRY_STATUSES = ["stored", "failed", "unavailable", "closing-period"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const indexEntrySchema = z.object({
  status: z.enum(ENTRY_STATUSES),
  jobId: z.string().nullable(),
  at: z.string(),
  /** Failed: the error; unavailable: why; closing-period: the date the data was stored as. */
  note: z.string().nullable(),
});
export type IndexEntry = z.infer<typeof indexEntrySchema>;

export const SNAPSHOT_STATUSES = ["complete", "partial", "closing-period", "unavailable"] as const;

export const snapshotIndexSchema = z.object({
  date: z.string(),
  status: z.enum(SNAPSHOT_STATUSES),
  districts: z.record(z.string(), indexEntrySchema),
  storedDistricts: z.array(z.string()),
  failedDistricts: z.array(z.string()),
});
export type SnapshotIndex = z.infer<typeof snapshotIndexSchema>;

/** Stored data is never demoted by a later failure or gap for the same district and date. */
const RANK: Record<EntryStatus, number> = { stored: 3, "closing-period": 2, failed: 1, unavailable: 0 };

export function applyEntry(index: SnapshotIndex | null, date: string, district: string, entry: IndexEntry): SnapshotIndex {
  const districts = { ...(index?.districts ?? {}) };
  const current = districts[district];
  // The same finding again (a re-run, a redelivery) keeps the entry as first recorded: which job and when.
  const same = current && current.status === entry.status && current.note === entry.note;
  const keep = same || (current && (current.status === "stored" || current.status === "closing-period") && RANK[entry.status] < RANK[current.status]);
  if (!keep) districts[district] = entry;
  return summarizeIndex(date, districts);
}

export function summarizeIndex(date: string, districts: Record<string, IndexEntry>): SnapshotIndex {
  const ids = Object.keys(districts).sort();
  const storedDistricts = ids.filter((d) => districts[d].status === "stored");
  const failedDistricts = ids.filter((d) => districts[d].status === "failed");
  const closing = ids.some((d) => districts[d].status === "closing-period");
  const status = failedDistricts.length > 0 ? "partial" : storedDistricts.length > 0 ? "complete" : closing ? "closing-period" : "unavailable";
  return { date, status, districts, storedDistricts, failedDistricts };
}

/** Already collected for this date: stored, or its data went to the month's last day. */
export function isCollected(index: SnapshotIndex | null, district: string): boolean {
  const status = index?.districts[district]?.status;
  return status === "stored" || status === "closing-period";
}

/** A system-wide date is collected when every district of the scope is (scope empty: every district listed). */
export function allCollected(index: SnapshotIndex | null, scope: string[]): boolean {
  if (!index) return false;
  const ids = scope.length > 0 ? scope : Object.keys(index.districts);
  return ids.length > 0 && ids.every((d) => isCollected(index, d));
}
