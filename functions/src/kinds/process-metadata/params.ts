/** A process-metadata request and the params its job runs with: the model, the paths to backfill, the batch size. */
import { z } from "zod";
import { docId, extractionPathsSchema } from "./model";

/** A batch's writes (records, error documents, checkpoint) stay well under Firestore's 500 per commit. */
export const MAX_WRITES_PER_BATCH = 450;

export const processMetadataParams = z.strictObject({
  modelId: docId.meta({ title: "Process model", description: "the model whose instances get the new metadata" }),
  paths: extractionPathsSchema
    .min(1)
    .optional()
    .meta({ title: "Extraction paths", description: "the paths to backfill (default: every current path of the model)" }),
  batchSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_WRITES_PER_BATCH)
    .optional()
    .meta({ title: "Batch size", description: "instances per item task (default: PROCESS_METADATA_BATCH_SIZE)" }),
});
export type ProcessMetadataParams = z.infer<typeof processMetadataParams>;

/** What a job runs with, as `prepare` resolves a request: the paths and the batch size always set. */
export const processMetadataJobParams = z.strictObject({
  modelId: docId,
  paths: extractionPathsSchema.min(1),
  batchSize: z.number().int().min(1).max(MAX_WRITES_PER_BATCH),
});
export type ProcessMetadataJobParams = z.infer<typeof processMetadataJobParams>;

/** The batch size a job runs with: as asked, but never more writes per commit than the limit. */
export function effectiveBatchSize(requested: number, keys: number): number {
  return Math.max(1, Math.min(requested, Math.floor(MAX_WRITES_PER_BATCH / Math.max(1, keys))));
}
