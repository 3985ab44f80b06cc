/**
 * Collecting one item: the three detailed exports of one district for one date (per-district), or
 * the all-districts summary for one date (system-wide). Dating follows the closing rules
 * (sources/dashboard/footer.ts): closing-period data is stored as the last day of its month, and
 * replaces a stored snapshot only when collected strictly later; the new-month date is a gap.
 */
import { isDeepStrictEqual } from "node:util";
import type { Firestore, Transaction } from "firebase-admin/firestore";
import { NonRetriableError, isRetryable, errorMessage } from "../../engine/errors";
import type { ItemDetail, ItemResult } from "../../engine/types";
import { allCollected, applyEntry, type IndexEntry, isCollected } from "../../districts/snapshot-index";
import { type DistrictSnapshot, districtSnapshotRef, indexRef, parseIndex, parseSnapshot } from "../../districts/snapshots";
import type { DashboardClient, ExportResult } from "../../sources/dashboard/client";
import { replaces } from "../../sources/dashboard/footer";
import { DISTRICT_REPORTS, type DistrictReport } from "../../sources/dashboard/urls";
import type { Row } from "../../sources/dashboard/normalise";
import { exportsDetail, type ReportField, rawForRows } from "./exports-detail";
import type { DataCollectionParams } from "./params";

export interface CollectItem {
  date: string;
  district: string | null;
}

type Ok = Extract<ExportResult, { status: "ok" }>;

export async function collect(
  db: Firestore,
  client: DashboardClient,
  params: DataCollectionParams,
  item: CollectItem,
  jobId: string | null,
): Promise<ItemResult> {
  if (params.skipExisting) {
    const index = parseIndex((await indexRef(db, item.date).get()).data());
    const done = item.district === null ? allCollected(index, params.resolved.districts) : isCollected(index, item.district);
    if (done) return { outcome: "skipped", detail: { reason: "already collected" } };
  }
  try {
    if (item.district === null) return await collectSummary(db, client, params, item.date, jobId);
    return await collectDistrict(db, client, params, item.date, item.district, jobId);
  } catch (error) {
    if (!params.retryFailures && isRetryable(error)) throw new NonRetriableError(`${errorMessage(error)} (retryFailures is off)`);
    throw error;
  }
}

async function collectDistrict(
  db: Firestore,
  client: DashboardClient,
  params: DataCollectionParams,
  date: string,
  district: string,
  jobId: string | null,
): Promise<ItemResult> {
  const results: Array<[DistrictReport, Ok]> = [];
  for (const report of DISTRICT_REPORTS) {
    const result = await client.fetchReport({ report, district, date }, { useCache: params.enableCaching });
    if (result.status === "unavailable") return gap(db, date, [district], jobId, result.reason);
    results.push([report, result]);
  }
  const datings = new Set(results.map(([, r]) => `${r.dating.kind}:${r.dating.logicalDate}`));
  if (datings.size > 1)
    throw new Error(`the exports of district ${district} for ${date} disagree on their dating (${[...datings].join(", ")}): published mid-fetch`);
  const first = results[0][1];
  const field: Record<DistrictReport, ReportField> = {
    districtperformance: "districtPerformance",
    divisionperformance: "divisionPerformance",
    clubperformance: "clubPerformance",
  };
  const exports = results.map(([report, result]) => ({ field: field[report], report, result, rows: result.rows, raw: result.raw }));
  const snapshot = build(district, date, first, exports, "per-district", jobId);
  return store(db, date, [snapshot], [], jobId, exportsDetail(exports), !params.skipExisting);
}

async function collectSummary(db: Firestore, client: DashboardClient, params: DataCollectionParams, date: string, jobId: string | null): Promise<ItemResult> {
  const scope = params.resolved.districts;
  const result = await client.fetchReport({ report: "districtsummary", district: null, date }, { useCache: params.enableCaching });
  if (result.status === "unavailable") return gap(db, date, scope, jobId, result.reason);
  const rowsOf = new Map<string, number[]>();
  result.rows.forEach((r, i) => rowsOf.set(String(r.district), [...(rowsOf.get(String(r.district)) ?? []), i]));
  const wanted = scope.length > 0 ? scope : [...rowsOf.keys()].sort();
  const exportOf = (d: string) => {
    const indexes = rowsOf.get(d) ?? [];
    return {
      field: "summary" as const,
      report: "districtsummary" as const,
      result,
      rows: indexes.map((i) => result.rows[i]),
      raw: rawForRows(result.raw, indexes),
    };
  };
  const snapshots = wanted.filter((d) => rowsOf.has(d)).map((d) => build(d, date, result, [exportOf(d)], "system-wide", jobId));
  const missing = wanted.filter((d) => !rowsOf.has(d));
  return store(db, date, snapshots, missing, jobId, exportsDetail([{ report: "districtsummary", result }]), !params.skipExisting);
}

interface SnapshotExport {
  field: ReportField;
  result: Ok;
  /** This district's typed rows of the export, and the export as published (with only those rows). */
  rows: Row[];
  raw: Ok["raw"];
}

function build(
  district: string,
  requestedDate: string,
  first: Ok,
  exports: SnapshotExport[],
  collectionType: "per-district" | "system-wide",
  jobId: string | null,
): DistrictSnapshot {
  const { dating } = first;
  const reports: DistrictSnapshot["reports"] = {};
  const raw: DistrictSnapshot["raw"] = {};
  const columnDrift: DistrictSnapshot["metadata"]["columnDrift"] = {};
  const rowCounts: Record<string, number> = {};
  for (const e of exports) {
    if (e.field === "summary") reports.summary = e.rows[0];
    else reports[e.field] = e.rows;
    raw[e.field] = e.raw;
    columnDrift[e.field] = e.result.drift;
    rowCounts[e.field] = e.rows.length;
  }
  const all = exports.map((e) => e.result);
  return {
    districtId: district,
    date: dating.logicalDate,
    key: `${dating.logicalDate}~${district}`,
    reports,
    raw,
    metadata: {
      collectionType,
      sourceUrls: all.map((r) => r.url),
      collectionDate: dating.collectionDate,
      logicalDate: dating.logicalDate,
      requestedDate,
      dataMonth: `${dating.logicalDate.slice(0, 4)}-${String(first.footer.dataMonth).padStart(2, "0")}`,
      isClosingPeriodData: dating.kind === "closing",
      fetchedAt: all.map((r) => r.fetchedAt).sort()[0],
      fromCache: all.every((r) => r.fromCache),
      rowCounts,
      jobId,
      columnDrift,
    },
  };
}

/**
 * Writes the snapshots that are newer than what is stored, and the date indexes: the logical date
 * gets "stored"; for closing-period data the requested date gets "closing-period" (a gap). A stored
 * snapshot that is newer keeps its index entries; one that holds the same data stays as written,
 * unless the request asked to collect everything again (`redo`: skipExisting false).
 */
function store(
  db: Firestore,
  requestedDate: string,
  snapshots: DistrictSnapshot[],
  missing: string[],
  jobId: string | null,
  exports: ItemDetail,
  redo: boolean,
): ItemResult {
  if (snapshots.length === 0 && missing.length > 0)
    throw new NonRetriableError(`none of ${missing.join(", ")} is in the districtsummary export for ${requestedDate}`);
  const closing = snapshots[0]?.metadata.isClosingPeriodData ?? false;
  const logicalDate = snapshots[0]?.date ?? requestedDate;
  const at = new Date().toISOString();
  const entry = (status: IndexEntry["status"], note: string | null): IndexEntry => ({ status, jobId, at, note });
  return {
    outcome: closing ? "unavailable" : "succeeded",
    detail: { logicalDate, closingPeriod: closing, districts: snapshots.length, missing: missing.length, ...exports },
    async commit(tx: Transaction) {
      let written = 0;
      const refs = snapshots.map((s) => districtSnapshotRef(db, s.date, s.districtId));
      const existing = refs.length > 0 ? await tx.getAll(...refs) : [];
      const logicalIndexSnap = await tx.get(indexRef(db, logicalDate));
      const requestedIndexSnap = closing ? await tx.get(indexRef(db, requestedDate)) : logicalIndexSnap;
      let logicalIndex = parseIndex(logicalIndexSnap.data());
      let requestedIndex = parseIndex(requestedIndexSnap.data());
      snapshots.forEach((snapshot, i) => {
        const stored = parseSnapshot(existing[i].data());
        const newer = replaces(stored ? stored.metadata : null, snapshot.metadata);
        if (newer && (redo || !sameData(stored, snapshot))) {
          tx.set(refs[i], snapshot);
          written += 1;
        }
        // A stored snapshot that is newer (later closing-period data) keeps its logical date's entry.
        if (newer || !stored || redo)
          logicalIndex = applyEntry(
            logicalIndex,
            logicalDate,
            snapshot.districtId,
            entry("stored", closing ? `closing-period data collected ${snapshot.metadata.collectionDate}` : null),
          );
        if (closing) requestedIndex = applyEntry(requestedIndex, requestedDate, snapshot.districtId, entry("closing-period", `stored as ${logicalDate}`));
      });
      for (const d of missing) {
        if (closing) requestedIndex = applyEntry(requestedIndex, requestedDate, d, entry("failed", "not in the districtsummary export"));
        else logicalIndex = applyEntry(logicalIndex, logicalDate, d, entry("failed", "not in the districtsummary export"));
      }
      if (logicalIndex) tx.set(indexRef(db, logicalDate), logicalIndex);
      if (closing && requestedIndex) tx.set(indexRef(db, requestedDate), requestedIndex);
      return { snapshotsWritten: written, snapshots: written > 0 ? [logicalDate] : [] };
    },
  };
}

/** The stored snapshot holds this data already (a re-run, a redelivery): it stays as first written. */
function sameData(stored: DistrictSnapshot | null, incoming: DistrictSnapshot): boolean {
  if (!stored) return false;
  const dating = (s: DistrictSnapshot) => [s.metadata.collectionDate, s.metadata.logicalDate, s.metadata.isClosingPeriodData];
  return (
    isDeepStrictEqual(dating(stored), dating(incoming)) && isDeepStrictEqual(stored.reports, incoming.reports) && isDeepStrictEqual(stored.raw, incoming.raw)
  );
}

/** No data for the date (header-only export, or the dashboard served another date). */
async function gap(db: Firestore, date: string, districts: string[], jobId: string | null, reason: string): Promise<ItemResult> {
  const at = new Date().toISOString();
  return {
    outcome: "unavailable",
    detail: { reason },
    async commit(tx) {
      if (districts.length === 0) return;
      let index = parseIndex((await tx.get(indexRef(db, date))).data());
      for (const d of districts) index = applyEntry(index, date, d, { status: "unavailable", jobId, at, note: reason });
      if (index) tx.set(indexRef(db, date), index);
    },
  };
}

/** A failed district is listed on its date's index (the snapshot is then "partial"); its checkpoint names the date. */
export function recordFailure(db: Firestore, item: CollectItem, jobId: string | null, message: string): (tx: Transaction) => Promise<ItemDetail> {
  return async (tx) => {
    if (item.district !== null) {
      const index = applyEntry(parseIndex((await tx.get(indexRef(db, item.date))).data()), item.date, item.district, {
        status: "failed",
        jobId,
        at: new Date().toISOString(),
        note: message,
      });
      tx.set(indexRef(db, item.date), index);
    }
    return { failedDates: [item.date] };
  };
}
