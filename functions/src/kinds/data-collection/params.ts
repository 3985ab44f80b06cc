/**
 * data-collection's request (seed 002's BackfillRequest), defined once in zod: dates, targets,
 * strategy, processing options. `prepare` resolves the scope and the strategy into `resolved`, which
 * is what the job runs with; `concurrency` and `rateLimitDelayMs` become the job's rate limits.
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

export const dataCollectionParams = z
  .strictObject({
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
    /** Set by the service when the job is created; a request's value is replaced. */
    resolved: resolvedSchema.optional().meta({ internal: true }),
  })
  .superRefine((p, ctx) => checkDateRange(ctx, p.startDate, p.endDate ?? p.startDate));
export type DataCollectionParams = z.infer<typeof dataCollectionParams>;
export type Resolved = z.infer<typeof resolvedSchema>;

export async function prepareCollection(db: Firestore, params: DataCollectionParams): Promise<Prepared<DataCollectionParams>> {
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
export function limitsFromRequest(params: Pick<DataCollectionParams, "concurrency" | "rateLimitDelayMs">): Partial<RateLimits> {
  return {
    ...(params.concurrency === undefined ? {} : { maxConcurrency: params.concurrency }),
    ...(params.rateLimitDelayMs === undefined ? {} : { minDelayMs: params.rateLimitDelayMs }),
  };
}

/** The resolved plan of a job's params (prepare always sets it; a bare call resolves trivially). */
export function planOf(params: DataCollectionParams): Resolved {
  return params.resolved ?? { endDate: params.endDate ?? params.startDate, strategy: "system-wide", districts: params.targetDistricts ?? [] };
}
