/** Request schemas of the HTTPS API, defined once; handlers use the inferred types. */
import { z } from "zod";
import { rampSchema, rateLimitsSchema } from "../engine/job-schema";
import { JOB_STATUSES } from "../engine/status";

export const createBody = z.strictObject({
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  rateLimits: rateLimitsSchema.partial().optional(),
  /** The job writes to a new collection: follow Firestore's 500/50/5 ramp. */
  ramp: rampSchema.optional(),
  dryRun: z.boolean().default(false),
});

/** A job's document id: Firestore refuses ids of the form `__...__` (reserved), so they are no job id. */
const jobId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, "not a job id")
  .refine((id) => !/^__.*__$/.test(id), "not a job id (ids of the form __...__ are reserved by Firestore)");

/** A page size as a query string gives it: digits only ("+1", "1e2", "0x10" and "1.0" are no page size). */
const limit = z.string().regex(/^\d+$/, "not a whole number of items").transform(Number).pipe(z.number().int().min(1).max(500)).default(50);

export const listJobsQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.string().min(1).optional(),
  limit,
  /** The id of the last job of the previous page. */
  cursor: jobId.optional(),
});

/** An item key as a checkpoint's document id: no slash, not `.`/`..`, not the reserved `__...__` form. */
const itemKey = z
  .string()
  .min(1)
  .max(1500)
  .refine((key) => !key.includes("/") && key !== "." && key !== ".." && !/^__.*__$/.test(key), "not an item key (a Firestore document id)");

export const listItemsQuery = z.strictObject({
  outcome: z.enum(["succeeded", "failed", "skipped", "unavailable"]).optional(),
  limit,
  /** The last item key of the previous page. */
  cursor: itemKey.optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const jobIdParam = z.strictObject({ jobId });
