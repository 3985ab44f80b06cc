/** Request schemas of the HTTPS API, defined once; handlers use the inferred types. */
import { z } from "zod";
import { rateLimitsSchema } from "../engine/job-schema";
import { JOB_STATUSES } from "../engine/status";

export const createBody = z.strictObject({
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  rateLimits: rateLimitsSchema.partial().optional(),
  dryRun: z.boolean().default(false),
});

const limit = z.coerce.number().int().min(1).max(500).default(50);

export const listJobsQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  kind: z.string().min(1).optional(),
  limit,
  cursor: z.string().min(1).optional(),
});

export const listItemsQuery = z.strictObject({
  outcome: z.enum(["succeeded", "failed", "skipped", "unavailable"]).optional(),
  limit,
  cursor: z.string().min(1).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

export const jobIdParam = z.strictObject({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "not a job id") });
