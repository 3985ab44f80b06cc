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

const requestShape = {
  startDate: isoDate,
  /** Defaults to startDate. */
  endDate: isoDate.optional(),
  targetDistricts: z.array(districtId).min(1).max(200).optional(),
  collectionType: z.enum(["system-wide", "per-district", "auto"]).default("auto"),
  /** Max concurrent items (the job's maxConcurrency). */
  concurrency: z.number().int().min(1).max(50).optional(),
  /** Transient errors are retried with backoff; false fails them at once. */
  retryFailures: z.boolean().default(true),
  /** Dates already collected for a district are skipped without a fetch. */
  skipExisting: z.boolean().default(true),
  /** Minimum delay between item starts (the job's minDelayMs). */
  rateLimitDelayMs: z.number().int().min(0).max(60_000).optional(),
  /** Keep fetched exports and reuse them on re-runs and retries. */
  enableCaching: z.boolean().default(true),
  /** Target districts outside the configured scope: refuse the request, or exclude and report them. */
  outOfScope: z.enum(["reject", "exclude"]).default("reject"),
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
