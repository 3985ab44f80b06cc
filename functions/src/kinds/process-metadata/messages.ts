/** The process-metadata kind's log messages (Seed 004); the engine's own are in src/logs/messages.ts. */
export const metadataMessages = {
  metadataModelInvalid: (modelId: string, error: string) => `Process model ${modelId} has invalid metadataExtractionPaths; no backfill started: ${error}`,
  metadataNoNewPaths: (modelId: string) => `Process model ${modelId} updated without new metadata paths: no backfill`,
  metadataDisabled: (modelId: string, keys: string[]) =>
    `Process model ${modelId} has new metadata paths (${keys.join(", ")}) but PROCESS_METADATA_BACKFILL_ENABLED is false: no backfill`,
  metadataScheduled: (modelId: string, keys: string[], jobId: string, status: string) =>
    `Process metadata backfill ${jobId} ${status} for model ${modelId}: new keys ${keys.join(", ")}`,
  metadataNotScheduled: (modelId: string, error: string) => `Process model ${modelId}: backfill not started: ${error}`,
  metadataStarted: (jobId: string, modelId: string, keys: string[], instances: number, batches: number, batchSize: number) =>
    `Process metadata backfill ${jobId} started for model ${modelId} (keys ${keys.join(", ")}): ${instances} instances in ${batches} batches of ${batchSize}`,
  metadataInstanceFailed: (jobId: string, instanceId: string, error: string) => `Process metadata backfill ${jobId}: instance ${instanceId} failed: ${error}`,
  metadataCompleted: (jobId: string, modelId: string, m: Record<string, number>, avgBatchMs: number, totalMs: number) =>
    `Process metadata backfill ${jobId} for model ${modelId} finished: ${m.instances ?? 0} instances, ${m.fieldsWritten ?? 0} fields written, ` +
    `${m.fieldsUnchanged ?? 0} unchanged, ${m.fieldsSkipped ?? 0} skipped, ${m.instanceErrors ?? 0} errors; ${avgBatchMs} ms per batch, ${totalMs} ms in total`,
} as const;
