/**
 * data-collection (seeds 001-003): historical Toastmasters dashboard data, per date and district,
 * stored as per-district snapshots with a date index. Strategy, scope and limits come from seed
 * 002's request options (params.ts); the dashboard's circuit breaker guards every fetch.
 */
import { z } from "zod";
import type { CircuitPolicy } from "../../engine/circuit/breaker";
import type { ItemResult, Kind } from "../../engine/types";
import { countItems, expandItems } from "../../districts/items";
import { districtFormOptions } from "../../districts/scope";
import { log } from "../../logs/logger";
import type { DashboardClient } from "../../sources/dashboard/client";
import type { Firestore } from "firebase-admin/firestore";
import { collect, recordFailure } from "./collect";
import { collectionSummary, EXPORT_METRICS, EXPORT_TALLIES } from "./exports-detail";
import { type DataCollectionParams, dataCollectionJobParams, dataCollectionParams, type DataCollectionRequest, prepareCollection } from "./params";
import { districtMessages } from "./messages";

export const collectItem = z.object({ date: z.string(), district: z.string().nullable() });
type CollectItem = z.infer<typeof collectItem>;

export const DASHBOARD_SOURCE = "toastmasters-dashboard";

export function dataCollection(
  client: (db: Firestore) => DashboardClient,
  circuit: CircuitPolicy,
): Kind<DataCollectionRequest, CollectItem, DataCollectionParams> {
  const expansion = (params: DataCollectionParams) => {
    const plan = params.resolved;
    return { startDate: params.startDate, endDate: plan.endDate, districts: plan.strategy === "per-district" ? plan.districts : [] };
  };
  return {
    name: "data-collection",
    title: "District data collection (Toastmasters dashboard)",
    params: dataCollectionParams,
    jobParams: dataCollectionJobParams,
    item: collectItem,
    defaultRateLimits: { maxConcurrency: 3, requestsPerMinute: 60 },
    estimate: { msPerItem: 1200 },
    circuit,
    metrics: EXPORT_METRICS,
    tallies: EXPORT_TALLIES,
    summarize: collectionSummary,

    async prepare(ctx, params) {
      const prepared = await prepareCollection(ctx.db, params);
      const excluded = prepared.details?.excludedDistricts;
      if (Array.isArray(excluded) && excluded.length > 0) log.warn(districtMessages.districtsExcluded(excluded.map(String)), { excluded });
      return prepared;
    },

    formOptions: (ctx) => districtFormOptions(ctx.db),

    async list(_ctx, params, after, limit) {
      const page = expandItems(expansion(params), after, limit);
      return {
        items: page.items.map((i) => ({ key: i.key, item: { date: i.date, district: i.district }, target: i.district ?? "all-districts" })),
        done: page.done,
      };
    },

    count: async (_ctx, params) => countItems(expansion(params)),

    async preview(_ctx, params) {
      const plan = params.resolved;
      const e = expansion(params);
      return {
        dateRange: { startDate: params.startDate, endDate: plan.endDate },
        dates: countItems({ ...e, districts: [] }),
        strategy: plan.strategy,
        affectedDistricts: plan.districts.length > 0 ? plan.districts : "every district in the districtsummary export",
        exportsPerItem: plan.strategy === "per-district" ? 3 : 1,
      };
    },

    process(ctx, params, item): Promise<ItemResult> {
      return collect(ctx.db, client(ctx.db), params, item, ctx.jobId ?? null);
    },

    failureEffect(ctx, _params, item, failure) {
      return recordFailure(ctx.db, item, ctx.jobId ?? null, failure.message);
    },

    onFinish(_ctx, job) {
      if (job.failed > 0) log.warn(districtMessages.collectionFinishedWithFailures(job.id, job.failed, job.processed), { jobId: job.id, failed: job.failed });
    },
  };
}
