/** `backfillSettings/rateLimits`: stored apart from jobs, applied to the next job (seed 001 req. 12). */
import { type Firestore, Timestamp, type Transaction } from "firebase-admin/firestore";
import type { Actor, RateLimits } from "./job-schema";
import { DEFAULT_RATE_LIMITS, rateLimitsSchema } from "./job-schema";
import { rateLimitsRef } from "./paths";

export async function readRateLimitSettings(db: Firestore, tx?: Transaction): Promise<RateLimits> {
  const snap = tx ? await tx.get(rateLimitsRef(db)) : await rateLimitsRef(db).get();
  if (!snap.exists) return DEFAULT_RATE_LIMITS;
  const { requestsPerMinute, maxConcurrency, minDelayMs } = snap.data() ?? {};
  return rateLimitsSchema.parse({ requestsPerMinute, maxConcurrency, minDelayMs });
}

export async function writeRateLimitSettings(db: Firestore, limits: RateLimits, actor: Actor, now: number): Promise<void> {
  await rateLimitsRef(db).set({ ...limits, updatedBy: actor, updatedAt: Timestamp.fromMillis(now) });
}
