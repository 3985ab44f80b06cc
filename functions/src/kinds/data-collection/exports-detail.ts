/**
 * What one item's exports add to its job: how many were read and how many came from the cache (the
 * job's cache hit rate), and their column drift as tallies ("clubperformance: Mem. Base" missing
 * in N items), so the job shows drift across its items without opening a snapshot.
 */
import type { ItemDetail, JobAggregates } from "../../engine/types";
import type { ExportResult } from "../../sources/dashboard/client";
import { hasDrift, type RawExport } from "../../sources/dashboard/normalise";
import type { Report } from "../../sources/dashboard/urls";

/** Where a report's rows live on a snapshot (`reports.*`, `raw.*`, `metadata.columnDrift.*`). */
export type ReportField = "districtPerformance" | "divisionPerformance" | "clubPerformance" | "summary";

type Ok = Extract<ExportResult, { status: "ok" }>;

export const EXPORT_METRICS = ["exports", "cacheHits", "driftExports", "snapshotsWritten"] as const;
export const EXPORT_TALLIES = ["snapshots", "failedDates", "columnsMissing", "columnsUnknown", "columnAliases"] as const;

export function exportsDetail(exports: Array<{ report: Report; result: Ok }>): ItemDetail {
  return {
    exports: exports.length,
    cacheHits: exports.filter((e) => e.result.fromCache).length,
    driftExports: exports.filter((e) => hasDrift(e.result.drift)).length,
    columnsMissing: exports.flatMap((e) => e.result.drift.missing.map((name) => `${e.report}: ${name}`)),
    columnsUnknown: exports.flatMap((e) => e.result.drift.unknown.map((name) => `${e.report}: ${name}`)),
    columnAliases: exports.flatMap((e) => e.result.drift.aliases.map((a) => `${e.report}: "${a.header}" read as "${a.column}"`)),
  };
}

/** The export as published with only some of its rows (a district's row of the all-districts summary). */
export function rawForRows(raw: RawExport, indexes: number[]): RawExport {
  return { header: raw.header, rows: indexes.map((i) => raw.rows[i]), footer: raw.footer };
}

/** Seed 002's job fields from the metrics and tallies: snapshot ids, partial snapshots, cache hit rate. */
export function collectionSummary({ metrics, tallies }: JobAggregates) {
  const stored = Object.keys(tallies.snapshots ?? {}).sort();
  const failed = new Set(Object.keys(tallies.failedDates ?? {}));
  const exports = metrics.exports ?? 0;
  return {
    /** Dates this job stored district snapshots for: `districtSnapshots/{date}`. */
    snapshotIds: stored,
    /** Of those, the dates where some district failed. */
    partialSnapshots: stored.filter((d) => failed.has(d)),
    cacheHitRate: exports === 0 ? null : Math.round(((metrics.cacheHits ?? 0) / exports) * 1000) / 1000,
  };
}
