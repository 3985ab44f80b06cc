/**
 * The model trigger (seed 004): when a process model document is updated and its extraction paths
 * include entries that were not there before, a process-metadata job is created for exactly those
 * paths (queued behind a running job, as system jobs are). Other edits start nothing. The job id
 * comes from the event id, so a redelivered event creates no second job.
 */
import { createHash } from "node:crypto";
import type { EngineDeps } from "../../engine/deps";
import { DomainError } from "../../engine/errors";
import { SYSTEM_ACTOR } from "../../engine/job-schema";
import { createJob } from "../../engine/lifecycle";
import { prepareRequest } from "../../engine/prepare";
import { log } from "../../logs/logger";
import { newExtractionPaths } from "./changes";
import { processModelSchema } from "./model";
import { PROCESS_METADATA } from "./index";
import { metadataMessages } from "./messages";

export interface ModelUpdate {
  eventId: string;
  modelId: string;
  before: unknown;
  after: unknown;
}

export type TriggerOutcome = "invalid" | "no-new-paths" | "disabled" | "refused" | "scheduled";

export function jobIdForEvent(eventId: string): string {
  return `pm-${createHash("sha256").update(eventId).digest("hex").slice(0, 24)}`;
}

export async function onModelUpdated(deps: EngineDeps, update: ModelUpdate): Promise<TriggerOutcome> {
  const { modelId } = update;
  const after = processModelSchema.safeParse(update.after);
  if (!after.success) {
    log.warn(metadataMessages.metadataModelInvalid(modelId, after.error.message), { processModelId: modelId });
    return "invalid";
  }
  // An unreadable earlier version counts as having no paths: every current path is rebuilt (idempotent).
  const before = processModelSchema.safeParse(update.before);
  const added = newExtractionPaths(before.success ? before.data.metadataExtractionPaths : [], after.data.metadataExtractionPaths);
  const keys = added.map((p) => p.key);
  if (added.length === 0) {
    log.info(metadataMessages.metadataNoNewPaths(modelId), { processModelId: modelId });
    return "no-new-paths";
  }
  if (!deps.config.processMetadata.enabled) {
    log.info(metadataMessages.metadataDisabled(modelId, keys), { processModelId: modelId, keys });
    return "disabled";
  }
  const kind = deps.kinds.require(PROCESS_METADATA);
  try {
    const prepared = await prepareRequest(deps, kind, { modelId, paths: added });
    const job = await createJob(deps, {
      kind: kind.name,
      params: prepared.params,
      details: { ...prepared.details, startedBy: "process model update", eventId: update.eventId },
      actor: SYSTEM_ACTOR,
      system: true,
      jobId: jobIdForEvent(update.eventId),
    });
    log.info(metadataMessages.metadataScheduled(modelId, keys, job.id, job.status), { jobId: job.id, processModelId: modelId, keys, status: job.status });
    return "scheduled";
  } catch (error) {
    if (!(error instanceof DomainError)) throw error; // transient: the event is retried (same job id)
    log.warn(metadataMessages.metadataNotScheduled(modelId, error.message), { processModelId: modelId, code: error.code });
    return "refused";
  }
}
