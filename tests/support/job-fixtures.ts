/**
 * Finished job documents for listing tests (history, filters, pages), built by the engine's own
 * `newJobDoc`, so they have exactly the shape the engine writes; only the status and times differ.
 */
import { Timestamp } from "firebase-admin/firestore";
import { DEFAULT_RATE_LIMITS } from "../../functions/src/engine/job-schema";
import { newJobDoc } from "../../functions/src/engine/job-store";
import type { JobStatus } from "../../functions/src/engine/status";
import { adminDb } from "./stack";

export interface FixtureJob {
  id: string;
  kind?: string;
  status: JobStatus;
  createdAt: number;
  processed?: number;
  /** Resume marks (ms since epoch, reason). */
  resumes?: Array<{ at: number; reason: string }>;
}

export async function writeJobs(jobs: FixtureJob[]): Promise<void> {
  const batch = adminDb().batch();
  for (const job of jobs) {
    const processed = job.processed ?? 0;
    const doc = newJobDoc(
      {
        kind: job.kind ?? "recipe-difficulty",
        params: {},
        rateLimits: DEFAULT_RATE_LIMITS,
        actor: { uid: "a", email: null },
        system: false,
        retryOf: null,
        total: processed,
      },
      "running",
      job.createdAt,
    );
    const finished = job.status !== "running" && job.status !== "queued" && job.status !== "paused";
    batch.set(adminDb().doc(`backfillJobs/${job.id}`), {
      ...doc,
      status: job.status,
      progress: { ...doc.progress, processed, succeeded: processed },
      finishedAt: finished ? Timestamp.fromMillis(job.createdAt + 60_000) : null,
      resumes: (job.resumes ?? []).map((r) => ({ at: Timestamp.fromMillis(r.at), reason: r.reason })),
    });
  }
  await batch.commit();
}
