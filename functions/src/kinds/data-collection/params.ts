/**
 * data-collection's request (seed 002's BackfillRequest), defined once in zod: dates, targets,
 * strategy, processing options. `prepare` resolves the scope and the strategy into `resolved`: the
 * request plus `resolved` is what the job runs with (dataCollectionJobParams); `concurrency` and
 * `rateLimitDelayMs` become the job's rate limits.
 */
import { z } from "zod";
import { RefusedError } from "../../engine/errors";
import type { RateLimits } from "../../engine/job-schema";
import type { Prepared } from "../../engine/types";
import { readConfiguredDistricts, resolveScope, districtId } from "../../districts/scope";
import { selectStrategy } from "../../districts/strategy";
import { countItems } from "../../districts/items";
import type { Firestore } from "firebase-admin/firestore";
import { isoDate } from "../../sources/dashboard/dates";
import { checkDateRange } from "../../districts/date-range";

export const resolvedSchema = z.object({
  endDate: isoDate,
  strategy: z.enum(["system-wide", "per-district"]),
  /** Per-district: the districts; system-wide: the scope to keep (empty = every district listed). */
  districts: z.array(z.string()),
});

/** Each field's title and description are what the admin page's start form shows (GET /kinds). */
const requestShape = {
  startDate: isoDate.meta({ title: "Start date", description: "the first date to collect" }),
  endDate: isoDate.optional().meta({ title: "End date", description: "the last date to collect (default: the start date)" }),
  targetDistricts: z
    .array(districtId)
    .min(1)
    .max(200)
    .optional()
    .meta({ title: "Districts", description: "collect these districts only (default: every configured district)" }),
  collectionType: z
    .enum(["system-wide", "per-district", "auto"])
    .default("auto")
    .meta({ title: "Collection type", description: "one fetch for all districts, one per district, or chosen from the scope" }),
  concurrency: z.number().int().min(1).max(50).optional().meta({ title: "Concurrency", description: "items at once (the job's max concurrency)" }),
  retryFailures: z.boolean().default(true).meta({ title: "Retry failures", description: "retry transient errors with backoff; off: fail them at once" }),
  skipExisting: z.boolean().default(true).meta({ title: "Skip existing", description: "skip dates already collected for a district, without a fetch" }),
  rateLimitDelayMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .optional()
    .meta({ title: "Delay between items (ms)", description: "at least this long between item starts (the job's min delay)" }),
  enableCaching: z.boolean().default(true).meta({ title: "Cache exports", description: "keep fetched exports and reuse them on re-runs and retries" }),
  outOfScope: z
    .enum(["reject", "exclude"])
    .default("reject")
    .meta({ title: "Districts outside the scope", description: "refuse the request, or leave them out and report them" }),
};

export const dataCollectionParams = z.strictObject(requestShape).superRefine((p, ctx) => checkDateRange(ctx, p.startDate, p.endDate ?? p.startDate));
export type DataCollectionRequest = z.infer<typeof dataCollectionParams>;

/** What a job runs with: the request and `resolved`, the scope and strategy `prepare` decided. */
export const dataCollectionJobParams = z.strictObject({ ...requestShape, resolved: resolvedSchema });
export type DataCollectionParams = z.infer<typeof dataCollectionJobParams>;
export type Resolved = z.infer<typeof resolvedSchema>;

export async function prepareCollection(db: Firestore, params: DataCollectionRequest): Promise<Prepared<DataCollectionParams>> {
  const configured = await readConfiguredDistricts(db);
  const scope = resolveScope(params.targetDistricts, configured, params.outOfScope);
  if (!scope.ok) {
    throw new RefusedError("districts-out-of-scope", `targetDistricts outside the configured scope: ${scope.outOfScope.join(", ")}`, {
      issues: [{ field: "params.targetDistricts", message: `not in the configured scope: ${scope.outOfScope.join(", ")}` }],
      outOfScope: scope.outOfScope,
      configured,
    });
  }
  const strategy = selectStrategy(params.collectionType, scope.scope);
  if (!strategy.ok) throw new RefusedError("invalid-request", strategy.reason, { issues: [{ field: "params.collectionType", message: strategy.reason }] });
  const resolved: Resolved = { endDate: params.endDate ?? params.startDate, strategy: strategy.strategy, districts: scope.scope.districts };
  return {
    params: { ...params, resolved },
    rateLimits: limitsFromRequest(params),
    details: {
      strategy: strategy.strategy,
      strategyReason: strategy.reason,
      scopeType: scope.scope.scopeType,
      districts: scope.scope.districts,
      configuredDistricts: configured,
      excludedDistricts: scope.scope.excluded,
      /** Seed 003: whether fetched exports are kept and reused. */
      caching: params.enableCaching ? "on" : "off",
      dates: countItems({ startDate: params.startDate, endDate: resolved.endDate, districts: [] }),
    },
  };
}

/** Seed 002's `concurrency` and `rateLimitDelayMs` as the job's rate limits. */
export function limitsFromRequest(params: Pick<DataCollectionRequest, "concurrency" | "rateLimitDelayMs">): Partial<RateLimits> {
  return {
    ...(params.concurrency === undefined ? {} : { maxConcurrency: params.concurrency }),
    ...(params.rateLimitDelayMs === undefined ? {} : { minDelayMs: params.rateLimitDelayMs }),
  };
}
