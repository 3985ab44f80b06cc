/**
 * process-metadata (seed 004): copies newly added metadata onto a process model's existing
 * instances, as if the metadata had been extracted from the start. Items are batches of the model's
 * instances (one item task per batch); each instance's metadata comes from its most recent task's
 * data only. Started by the model trigger (./trigger.ts) when extraction paths are added, or through
 * the API for a model's current paths. Opt-in: PROCESS_METADATA_BACKFILL_ENABLED.
 */
import { z } from "zod";
import { RefusedError } from "../../engine/errors";
import type { Kind } from "../../engine/types";
import { log } from "../../logs/logger";
import { backfillBatch } from "./backfill-batch";
import { countInstances, type InstanceBatch, listBatches } from "./batches";
import { docId, modelRef, processModelSchema } from "./model";
import {
  effectiveBatchSize,
  MAX_WRITES_PER_BATCH,
  type ProcessMetadataJobParams,
  processMetadataJobParams,
  type ProcessMetadataParams,
  processMetadataParams,
} from "./params";
import { metadataMessages } from "./messages";

export const PROCESS_METADATA = "process-metadata";

export interface ProcessMetadataSettings {
  enabled: boolean;
  batchSize: number;
}

const batchItem = z.strictObject({ instanceIds: z.array(docId).min(1).max(MAX_WRITES_PER_BATCH) });

export function processMetadata(settings: ProcessMetadataSettings): Kind<ProcessMetadataParams, InstanceBatch, ProcessMetadataJobParams> {
  return {
    name: PROCESS_METADATA,
    title: "Process instance metadata (new extraction paths)",
    params: processMetadataParams,
    jobParams: processMetadataJobParams,
    item: batchItem,
    defaultRateLimits: { maxConcurrency: 4, requestsPerMinute: 600 },
    estimate: { msPerItem: 1000 },
    metrics: ["instances", "fieldsWritten", "fieldsUnchanged", "fieldsSkipped", "instanceErrors", "batchMs"],

    async prepare(ctx, params) {
      if (!settings.enabled) {
        throw new RefusedError("feature-disabled", "The process-metadata backfill is disabled (PROCESS_METADATA_BACKFILL_ENABLED=false)", { field: "kind" });
      }
      const snap = await modelRef(ctx.db, params.modelId).get();
      if (!snap.exists) throw new RefusedError("model-not-found", `No process model "${params.modelId}"`, { field: "params.modelId" });
      const model = processModelSchema.safeParse(snap.data());
      if (!model.success)
        throw new RefusedError("model-invalid", `Process model "${params.modelId}" has invalid metadataExtractionPaths: ${model.error.message}`, {
          field: "params.modelId",
        });
      const current = model.data.metadataExtractionPaths;
      const paths = params.paths ?? current;
      if (paths.length === 0)
        throw new RefusedError("no-paths", `Process model "${params.modelId}" has no metadata extraction paths`, { field: "params.paths" });
      paths.forEach((p, i) => {
        if (!current.some((c) => c.key === p.key && c.path === p.path)) {
          throw new RefusedError("path-not-in-model", `"${p.key}" from "${p.path}" is not an extraction path of model "${params.modelId}"`, {
            field: `params.paths.${i}`,
          });
        }
      });
      const batchSize = effectiveBatchSize(params.batchSize ?? settings.batchSize, paths.length);
      const keys = paths.map((p) => p.key);
      return {
        params: { modelId: params.modelId, paths, batchSize },
        details: { keys, batchSize, reason: `metadata ${keys.join(", ")} for every instance of ${params.modelId}` },
      };
    },

    async list(ctx, p, after, limit) {
      return listBatches(ctx.db, p.modelId, p.batchSize, after, limit);
    },

    async count(ctx, p) {
      return Math.ceil((await countInstances(ctx.db, p.modelId)) / p.batchSize);
    },

    async preview(ctx, p) {
      const instances = await countInstances(ctx.db, p.modelId);
      return { instances, batches: Math.ceil(instances / p.batchSize), batchSize: p.batchSize, keys: p.paths.map((x) => x.key) };
    },

    async process(ctx, p, item) {
      return backfillBatch({ db: ctx.db, jobId: ctx.jobId, modelId: p.modelId, paths: p.paths }, item.instanceIds);
    },

    async onStart(ctx, job) {
      const p = processMetadataJobParams.parse(job.params);
      const instances = await countInstances(ctx.db, p.modelId);
      const keys = p.paths.map((x) => x.key);
      log.info(metadataMessages.metadataStarted(job.id, p.modelId, keys, instances, job.total ?? 0, p.batchSize), {
        jobId: job.id,
        processModelId: p.modelId,
        keys,
        instances,
      });
    },

    onFinish(_ctx, job) {
      const p = processMetadataJobParams.parse(job.params);
      const avgBatchMs = job.processed > 0 ? Math.round((job.metrics.batchMs ?? 0) / job.processed) : 0;
      log.info(metadataMessages.metadataCompleted(job.id, p.modelId, job.metrics, avgBatchMs, job.elapsedMs), {
        jobId: job.id,
        processModelId: p.modelId,
        status: job.status,
        ...job.metrics,
        avgBatchMs,
        totalMs: job.elapsedMs,
      });
    },
  };
}
