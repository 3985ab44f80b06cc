/**
 * Where district data lives (seed 002's per-district snapshot store, as Firestore documents):
 *   districtSnapshots/{date}                       the date's index (snapshot-index.ts)
 *   districtSnapshots/{date}/districts/{district}  one district's data for that date + metadata
 *   districtSnapshots/{date}/analytics/{district}  analytics computed from it
 */
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { type SnapshotIndex, snapshotIndexSchema } from "./snapshot-index";

export const SNAPSHOTS = "districtSnapshots";
export const DISTRICT_DOCS = "districts";
export const ANALYTICS_DOCS = "analytics";

export const indexRef = (db: Firestore, date: string) => db.collection(SNAPSHOTS).doc(date);
export const districtSnapshotRef = (db: Firestore, date: string, district: string) => indexRef(db, date).collection(DISTRICT_DOCS).doc(district);
export const analyticsRef = (db: Firestore, date: string, district: string) => indexRef(db, date).collection(ANALYTICS_DOCS).doc(district);

/** A typed row (columns.ts): a field whose column the export lacked is null. */
const row = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
/** An export as published (Firestore keeps no arrays in arrays, so each row is `{cells}`). */
const rawExportSchema = z.object({ header: z.array(z.string()), rows: z.array(z.object({ cells: z.array(z.string()) })), footer: z.string().nullable() });
const columnDriftSchema = z.object({
  missing: z.array(z.string()),
  unknown: z.array(z.string()),
  aliases: z.array(z.object({ column: z.string(), header: z.string() })),
});
/** Per report of a snapshot: districtPerformance, divisionPerformance, clubPerformance, summary. */
const perReport = <T extends z.ZodType>(value: T) =>
  z.object({ districtPerformance: value.optional(), divisionPerformance: value.optional(), clubPerformance: value.optional(), summary: value.optional() });

export const snapshotMetadataSchema = z.object({
  collectionType: z.enum(["per-district", "system-wide"]),
  sourceUrls: z.array(z.string()),
  /** The export's "As of" date: the day the data was collected. */
  collectionDate: z.string(),
  /** The date this snapshot is stored as (the last day of the data month for closing-period data). */
  logicalDate: z.string(),
  requestedDate: z.string(),
  dataMonth: z.string(),
  isClosingPeriodData: z.boolean(),
  fetchedAt: z.string(),
  fromCache: z.boolean(),
  rowCounts: z.record(z.string(), z.number().int()),
  jobId: z.string().nullable(),
  /** How each export's columns differed from today's (snapshots stored before drift was kept have none). */
  columnDrift: perReport(columnDriftSchema).default({}),
});
export type SnapshotMetadata = z.infer<typeof snapshotMetadataSchema>;

export const districtSnapshotSchema = z.object({
  districtId: z.string(),
  date: z.string(),
  /** `date~district`: the collection group's cursor key. */
  key: z.string(),
  reports: z.object({
    districtPerformance: z.array(row).optional(),
    divisionPerformance: z.array(row).optional(),
    clubPerformance: z.array(row).optional(),
    summary: row.optional(),
  }),
  /** The exports as published, every column kept (summary: the header and this district's row). */
  raw: perReport(rawExportSchema).default({}),
  metadata: snapshotMetadataSchema,
});
export type DistrictSnapshot = z.infer<typeof districtSnapshotSchema>;

export function parseIndex(data: unknown): SnapshotIndex | null {
  const parsed = snapshotIndexSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export function parseSnapshot(data: unknown): DistrictSnapshot | null {
  const parsed = districtSnapshotSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}
