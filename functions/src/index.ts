/**
 * The deployed functions. Each wires a handler; the queues' limits and retry policies (queues.ts)
 * are declared on the task handlers (the engine paces per job itself; these are global safety ceilings).
 */
import { defineSecret } from "firebase-functions/params";
import { onDocumentUpdated } from "firebase-functions/v2/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { createApp } from "./api/app";
import { getDeps } from "./app-deps";
import { assertStartupConfig } from "./config";
import { runDispatcherTick } from "./engine/dispatcher/tick";
import { runItem } from "./engine/item-runner";
import { runRecovery } from "./engine/recovery";
import { onModelUpdated } from "./kinds/process-metadata/trigger";
import { itemPayloadSchema, recoveryPayloadSchema, tickPayloadSchema } from "./engine/task-queue";
import { log } from "./logs/logger";
import { messages } from "./logs/messages";
import {
  DISPATCH_RETRY,
  DISPATCH_TIMEOUT_SECONDS,
  ITEM_QUEUE_LIMITS,
  ITEM_RETRY,
  ITEM_TIMEOUT_SECONDS,
  RECOVERY_LIMITS,
  RECOVERY_RETRY,
  RECOVERY_SCHEDULE,
  RECOVERY_TIMEOUT_SECONDS,
} from "./queues";

// The one check made while the functions load (seed 004: fail fast at startup, not at the first item).
assertStartupConfig(process.env);

const anthropicApiKey = defineSecret("ANTHROPIC_API_KEY");

export const backfillApi = onRequest({ timeoutSeconds: 120 }, createApp(getDeps));

export const backfillDispatch = onTaskDispatched(
  { retryConfig: DISPATCH_RETRY, rateLimits: { maxConcurrentDispatches: 20 }, timeoutSeconds: DISPATCH_TIMEOUT_SECONDS, memory: "512MiB" },
  async (req) => {
    const payload = tickPayloadSchema.safeParse(req.data);
    if (!payload.success) return log.error(messages.badTaskPayload("dispatch", payload.error.message));
    await runDispatcherTick(getDeps(), payload.data.jobId, payload.data.tick);
  },
);

export const backfillItem = onTaskDispatched(
  { retryConfig: ITEM_RETRY, rateLimits: ITEM_QUEUE_LIMITS, secrets: [anthropicApiKey], timeoutSeconds: ITEM_TIMEOUT_SECONDS },
  async (req) => {
    const payload = itemPayloadSchema.safeParse(req.data);
    if (!payload.success) return log.error(messages.badTaskPayload("item", payload.error.message));
    await runItem(getDeps(), payload.data, { retryCount: req.retryCount, maxAttempts: ITEM_RETRY.maxAttempts });
  },
);

/**
 * Every minute: a lost dispatcher chain is resumed within its lease (30 s) plus a minute. The
 * emulator fires no schedules: `npm start` calls POST /recovery every minute instead.
 */
export const backfillRecovery = onSchedule({ schedule: RECOVERY_SCHEDULE, timeoutSeconds: RECOVERY_TIMEOUT_SECONDS }, async () => {
  await runRecovery(getDeps());
});

/** On-demand recovery (POST /recovery enqueues it: a run may outlast Hosting's 60 s request limit). */
export const backfillRecover = onTaskDispatched(
  { retryConfig: RECOVERY_RETRY, rateLimits: RECOVERY_LIMITS, timeoutSeconds: RECOVERY_TIMEOUT_SECONDS },
  async (req) => {
    const payload = recoveryPayloadSchema.safeParse(req.data);
    if (!payload.success) return log.error(messages.badTaskPayload("recovery", payload.error.message));
    await runRecovery(getDeps());
  },
);

/** Seed 004: a model's new metadata extraction paths start a process-metadata job (idempotent per event). */
export const processModelUpdated = onDocumentUpdated({ document: "processModels/{modelId}", retry: true }, async (event) => {
  await onModelUpdated(getDeps(), { eventId: event.id, modelId: event.params.modelId, before: event.data?.before.data(), after: event.data?.after.data() });
});
