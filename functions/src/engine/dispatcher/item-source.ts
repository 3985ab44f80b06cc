/**
 * Where a job's items come from: the kind's own listing, or for a retry-failed job the failed
 * checkpoints of the job it retries (in checkpoint order). Both are cursor pages, the cursor an item key.
 */
import { FieldPath } from "firebase-admin/firestore";
import type { EngineDeps } from "../deps";
import { checkpointSchema } from "../job-schema";
import type { JobWithId } from "../job-store";
import { checkpointId, itemKeyOf } from "../checkpoint-id";
import { checkpointsCol } from "../paths";
import { jobParamsOf, type Page } from "../types";

export interface ItemSource {
  list(after: string | null, limit: number): Promise<Page<unknown>>;
  count(): Promise<number | null>;
}

export function sourceFor(deps: EngineDeps, job: JobWithId): ItemSource {
  if (job.retryOf) return failedItemsOf(deps, job.retryOf);
  const kind = deps.kinds.require(job.kind);
  const params = jobParamsOf(kind).parse(job.params);
  const ctx = { db: deps.db, jobId: job.id };
  return {
    list: (after, limit) => kind.list(ctx, params, after, limit),
    count: async () => (kind.count ? kind.count(ctx, params) : null),
  };
}

function failedItemsOf(deps: EngineDeps, jobId: string): ItemSource {
  const failed = checkpointsCol(deps.db, jobId).where("outcome", "==", "failed");
  return {
    async list(after, limit) {
      let query = failed.orderBy(FieldPath.documentId()).limit(limit);
      if (after !== null) query = query.startAfter(checkpointId(after));
      const snap = await query.get();
      const items = snap.docs.map((doc) => {
        const cp = checkpointSchema.parse(doc.data());
        return { key: itemKeyOf(doc.id), item: cp.item, target: cp.target ?? undefined };
      });
      return { items, done: items.length < limit };
    },
    async count() {
      return (await failed.count().get()).data().count;
    },
  };
}
