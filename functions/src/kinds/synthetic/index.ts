/**
 * synthetic (tests and benchmarks only; BACKFILL_SYNTHETIC_KIND=true, never in production): a kind
 * whose items are computed (no reads, so listing a million costs nothing but the engine's own work)
 * and whose effect is one document write per record, `syntheticEffects/{jobId}-{record}` with
 * `writes` incremented. An increment is not idempotent, so a record written twice shows `writes: 2`:
 * the fault suite's proof that every effect happened exactly once. `batchSize` > 1 makes one item
 * a batch of records (effects and one checkpoint in one transaction); `msPerItem` stands in for an
 * outside call's latency.
 */
import { FieldValue } from "firebase-admin/firestore";
import { z } from "zod";
import type { Kind } from "../../engine/types";
import { itemCount, pageAfter, type RecordRange } from "./keys";

export const SYNTHETIC = "synthetic";
export const EFFECTS = "syntheticEffects";

export const syntheticParams = z.strictObject({
  records: z.number().int().min(1).max(10_000_000).meta({ title: "Records", description: "computed records to walk" }),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(450)
    .default(1)
    .meta({ title: "Batch size", description: "records per item task (one transaction writes them all, with the checkpoint)" }),
  msPerItem: z.number().int().min(0).max(10_000).default(0).meta({ title: "Time per item (ms)", description: "how long an item takes before its effect" }),
});
type SyntheticParams = z.infer<typeof syntheticParams>;
const rangeItem = z.strictObject({ start: z.number().int().min(0), size: z.number().int().min(1).max(450) });

export function effectId(jobId: string, record: number): string {
  return `${jobId}-${record}`;
}

export function synthetic(): Kind<SyntheticParams, RecordRange> {
  return {
    name: SYNTHETIC,
    title: "Synthetic records (tests and benchmarks)",
    params: syntheticParams,
    item: rangeItem,
    estimate: { msPerItem: 10 },
    metrics: ["records"],

    async list(_ctx, p, after, limit) {
      const page = pageAfter(p.records, p.batchSize, after, limit);
      return { items: page.items.map(({ key, range }) => ({ key, item: range })), done: page.done };
    },

    count: async (_ctx, p) => itemCount(p.records, p.batchSize),

    async process(ctx, p, range) {
      if (p.msPerItem > 0) await new Promise((resolve) => setTimeout(resolve, p.msPerItem));
      const jobId = ctx.jobId;
      return {
        outcome: "succeeded",
        detail: { records: range.size },
        commit(tx) {
          for (let record = range.start; record < range.start + range.size; record += 1) {
            tx.set(ctx.db.collection(EFFECTS).doc(effectId(jobId, record)), { jobId, record, writes: FieldValue.increment(1) }, { merge: true });
          }
        },
      };
    },
  };
}
