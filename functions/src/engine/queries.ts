/** Read-only listings for the API: job history and a job's items, with cursor pages. */
import { FieldPath, type Query } from "firebase-admin/firestore";
import type { EngineDeps } from "./deps";
import { RefusedError } from "./errors";
import { checkpointSchema } from "./job-schema";
import { type JobWithId, parseJob } from "./job-store";
import { checkpointId, itemKeyOf } from "./checkpoint-id";
import { checkpointsCol, jobRef, jobsCol } from "./paths";
import type { JobStatus } from "./status";
import type { Outcome } from "./types";

export interface PageOf<T> {
  data: T[];
  nextCursor: string | null;
}

/** Newest first; the cursor is the id of the last job of the previous page. */
export async function listJobs(deps: EngineDeps, filter: { status?: JobStatus; kind?: string; limit: number; cursor?: string }): Promise<PageOf<JobWithId>> {
  let query: Query = jobsCol(deps.db);
  if (filter.status) query = query.where("status", "==", filter.status);
  if (filter.kind) query = query.where("kind", "==", filter.kind);
  query = query.orderBy("createdAt", "desc").limit(filter.limit);
  if (filter.cursor) {
    const last = await jobRef(deps.db, filter.cursor).get();
    if (!last.exists) throw new RefusedError("invalid-cursor", "The cursor names no job", { field: "query.cursor" });
    query = query.startAfter(last);
  }
  const snap = await query.get();
  const data = snap.docs.map(parseJob);
  return { data, nextCursor: data.length === filter.limit ? data[data.length - 1].id : null };
}

export interface ItemRow {
  itemKey: string;
  outcome: Outcome;
  target: string | null;
  attempts: number;
  finishedAt: string;
  error: string | null;
  retryable: boolean | null;
  /** The error's class name (null for checkpoints written before it was kept). */
  errorType: string | null;
  detail: Record<string, unknown> | null;
}

/** In checkpoint order (checkpointId: hashed item keys); the cursor is the last item key of the previous page. */
export async function listItems(deps: EngineDeps, jobId: string, filter: { outcome?: Outcome; limit: number; cursor?: string }): Promise<PageOf<ItemRow>> {
  let query: Query = checkpointsCol(deps.db, jobId);
  if (filter.outcome) query = query.where("outcome", "==", filter.outcome);
  query = query.orderBy(FieldPath.documentId()).limit(filter.limit);
  if (filter.cursor) query = query.startAfter(checkpointId(filter.cursor));
  const snap = await query.get();
  const data = snap.docs.map((doc) => {
    const cp = checkpointSchema.parse(doc.data());
    return {
      itemKey: itemKeyOf(doc.id),
      outcome: cp.outcome,
      target: cp.target,
      attempts: cp.attempts,
      finishedAt: cp.finishedAt.toDate().toISOString(),
      error: cp.error?.message ?? null,
      retryable: cp.error?.retryable ?? null,
      errorType: cp.error?.type ?? null,
      detail: cp.detail,
    };
  });
  return { data, nextCursor: data.length === filter.limit ? data[data.length - 1].itemKey : null };
}
