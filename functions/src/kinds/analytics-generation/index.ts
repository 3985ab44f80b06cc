/**
 * analytics-generation (seed 001): analytics for existing district snapshots, stored beside each
 * snapshot (`districtSnapshots/{date}/analytics/{district}`). With a date range and districts
 * (targets or the configured scope) the items are every date x district, and a missing snapshot is
 * reported as skipped; otherwise the items are the snapshots that exist (in the range, if given).
 * Idempotent: analytics already computed from the same collection are skipped, not rewritten.
 */
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { countListed } from "../../engine/dry-run";
import type { ItemResult, Kind, ListedItem, Page } from "../../engine/types";
import { countItems, expandItems } from "../../districts/items";
import { districtFormOptions, districtId, readConfiguredDistricts, sortDistricts } from "../../districts/scope";
import { analyticsRef, DISTRICT_DOCS, districtSnapshotRef, parseSnapshot } from "../../districts/snapshots";
import { isoDate } from "../../sources/dashboard/dates";
import { checkDateRange } from "../../districts/date-range";
import { ANALYTICS_VERSION, computeAnalytics } from "./analytics";

/** Each field's title and description are what the admin page's start form shows (GET /kinds). */
const requestShape = {
  startDate: isoDate.optional().meta({ title: "Start date", description: "the first date to compute (default: every stored snapshot)" }),
  endDate: isoDate.optional().meta({ title: "End date", description: "the last date to compute (default: the start date)" }),
  targetDistricts: z
    .array(districtId)
    .min(1)
    .max(200)
    .optional()
    .meta({ title: "Districts", description: "compute these districts only (default: the configured scope)" }),
};

export const analyticsParams = z.strictObject(requestShape).superRefine((p, ctx) => {
  if (p.endDate && !p.startDate) ctx.addIssue({ code: "custom", path: ["startDate"], message: "startDate is required with endDate" });
  if (p.startDate) checkDateRange(ctx, p.startDate, p.endDate ?? p.startDate);
});
type AnalyticsRequest = z.infer<typeof analyticsParams>;

/**
 * What a job runs with: the request, and `expansion` as `prepare` decided it: a range with
 * districts (targets, else the configured scope) expands to every date x district; null walks the
 * snapshots that exist.
 */
export const analyticsJobParams = z.strictObject({
  ...requestShape,
  expansion: z.strictObject({ startDate: isoDate, endDate: isoDate, districts: z.array(z.string()).min(1) }).nullable(),
});
type AnalyticsParams = z.infer<typeof analyticsJobParams>;
const analyticsItem = z.object({ date: z.string(), district: z.string() });
type AnalyticsItem = z.infer<typeof analyticsItem>;

const PAGE = 300;

function range(p: AnalyticsRequest): { startDate: string; endDate: string } | null {
  return p.startDate ? { startDate: p.startDate, endDate: p.endDate ?? p.startDate } : null;
}

/** The existing snapshots (collection group, key order), in the range and of the targets. */
async function listExisting(db: Firestore, p: AnalyticsParams, after: string | null, limit: number): Promise<Page<AnalyticsItem>> {
  const r = range(p);
  const targets = p.targetDistricts ? new Set(p.targetDistricts) : null;
  const items: Array<ListedItem<AnalyticsItem>> = [];
  let cursor = after;
  for (;;) {
    let query = db.collectionGroup(DISTRICT_DOCS).orderBy("key").limit(PAGE);
    if (r) query = query.where("key", ">=", r.startDate).where("key", "<", `${r.endDate}~\uffff`);
    if (cursor !== null) query = query.startAfter(cursor);
    const snap = await query.select("key", "date", "districtId").get();
    for (const doc of snap.docs) {
      const key = String(doc.get("key"));
      cursor = key;
      const district = String(doc.get("districtId"));
      if (targets && !targets.has(district)) continue;
      items.push({ key, item: { date: String(doc.get("date")), district }, target: district });
      if (items.length === limit) return { items, done: false };
    }
    if (snap.size < PAGE) return { items, done: true };
  }
}

export function analyticsGeneration(): Kind<AnalyticsRequest, AnalyticsItem, AnalyticsParams> {
  return {
    name: "analytics-generation",
    title: "District analytics generation (from stored snapshots)",
    params: analyticsParams,
    jobParams: analyticsJobParams,
    item: analyticsItem,
    defaultRateLimits: { maxConcurrency: 8, requestsPerMinute: 1200 },
    estimate: { msPerItem: 150 },

    async prepare(ctx, params) {
      const r = range(params);
      const districts = params.targetDistricts ? sortDistricts(params.targetDistricts) : await readConfiguredDistricts(ctx.db);
      const mode = r && districts.length > 0 ? "date-range" : "existing-snapshots";
      const reason =
        mode === "date-range"
          ? `every date from ${r?.startDate} to ${r?.endDate} for ${districts.length} district(s); missing snapshots are skipped`
          : `every stored snapshot${r ? ` from ${r.startDate} to ${r.endDate}` : ""}${params.targetDistricts ? ` of ${params.targetDistricts.join(", ")}` : ""}`;
      const expansion = r && mode === "date-range" ? { ...r, districts } : null;
      return { params: { ...params, expansion }, details: { mode, reason } };
    },

    formOptions: (ctx) => districtFormOptions(ctx.db),

    async list(ctx, params, after, limit) {
      if (!params.expansion) return listExisting(ctx.db, params, after, limit);
      const page = expandItems(params.expansion, after, limit);
      return {
        items: page.items.map((i) => ({ key: i.key, item: { date: i.date, district: i.district ?? "" }, target: i.district ?? undefined })),
        done: page.done,
      };
    },

    async count(ctx, params) {
      if (params.expansion) return countItems(params.expansion);
      return countListed((after, limit) => listExisting(ctx.db, params, after, limit), 1000);
    },

    async process(ctx, _params, item): Promise<ItemResult> {
      const snapshot = parseSnapshot((await districtSnapshotRef(ctx.db, item.date, item.district).get()).data());
      if (!snapshot) return { outcome: "skipped", detail: { reason: "no snapshot" } };
      const ref = analyticsRef(ctx.db, item.date, item.district);
      const upToDate = (data: FirebaseFirestore.DocumentData | undefined) =>
        data?.analyticsVersion === ANALYTICS_VERSION && data?.sourceCollectionDate === snapshot.metadata.collectionDate;
      if (upToDate((await ref.get()).data())) return { outcome: "skipped", detail: { reason: "analytics up to date" } };
      const analytics = computeAnalytics(snapshot);
      return {
        outcome: "succeeded",
        detail: { members: analytics.membership.total, clubs: analytics.clubs.total },
        async commit(tx) {
          if (upToDate((await tx.get(ref)).data())) return;
          tx.set(ref, { ...analytics, computedAt: new Date().toISOString(), jobId: ctx.jobId });
        },
      };
    },
  };
}
