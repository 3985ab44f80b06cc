/**
 * One batch of a process-metadata job. Outside the transaction: each instance's latest task is read
 * and the new keys' values are taken from its data. Inside the engine's transaction (with the
 * batch's checkpoint): the current records are read and only values that differ are written, so a
 * re-run writes nothing. All of a batch's writes commit together: each instance's are atomic.
 */
import { Timestamp, type Firestore, type Transaction } from "firebase-admin/firestore";
import { log } from "../../logs/logger";
import type { ItemDetail, ItemResult } from "../../engine/types";
import { encodeValue, MAX_VALUE_BYTES, readPath } from "./data-path";
import { InstanceDataError, latestTask } from "./latest-task";
import { type ExtractionPath, instanceErrorRef, type MetadataRecord, metadataRef } from "./model";
import { metadataMessages } from "./messages";

/** What one instance contributes: values to record, keys without a value, or its error. */
export type InstancePlan =
  { instanceId: string; taskId: string | null; values: Record<string, string>; skipped: string[] } | { instanceId: string; error: string };

/** The values of `paths` in the latest task's data. Throws InstanceDataError for this instance only. */
export function planInstance(instanceId: string, task: { id: string; data: Record<string, unknown> } | null, paths: readonly ExtractionPath[]): InstancePlan {
  if (!task) return { instanceId, taskId: null, values: {}, skipped: paths.map((p) => p.key) };
  const values: Record<string, string> = {};
  const skipped: string[] = [];
  for (const { key, path } of paths) {
    const value = encodeValue(readPath(task.data, path));
    if (value === null) skipped.push(key);
    else if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
      throw new InstanceDataError(`value of "${key}" (${path}) in task ${task.id} is ${Buffer.byteLength(value)} bytes; at most ${MAX_VALUE_BYTES}`);
    } else values[key] = value;
  }
  return { instanceId, taskId: task.id, values, skipped };
}

export async function readBatch(db: Firestore, instanceIds: readonly string[], paths: readonly ExtractionPath[]): Promise<InstancePlan[]> {
  return Promise.all(
    instanceIds.map(async (instanceId) => {
      try {
        return planInstance(instanceId, await latestTask(db, instanceId), paths);
      } catch (error) {
        if (error instanceof InstanceDataError) return { instanceId, error: error.message };
        throw error; // anything else (Firestore unavailable, ...) is transient: the batch is retried
      }
    }),
  );
}

export interface BatchContext {
  db: Firestore;
  jobId: string;
  modelId: string;
  paths: readonly ExtractionPath[];
}

/** Runs the batch: reads its instances, returns the outcome and the transactional effect. */
export async function backfillBatch(ctx: BatchContext, instanceIds: readonly string[]): Promise<ItemResult> {
  const started = Date.now();
  const plans = await readBatch(ctx.db, instanceIds, ctx.paths);
  const batchMs = Date.now() - started;
  let fieldsSkipped = 0;
  let instanceErrors = 0;
  for (const plan of plans) {
    if ("error" in plan) {
      instanceErrors += 1;
      log.error(metadataMessages.metadataInstanceFailed(ctx.jobId, plan.instanceId, plan.error), {
        jobId: ctx.jobId,
        processModelId: ctx.modelId,
        processInstanceId: plan.instanceId,
      });
    } else fieldsSkipped += plan.skipped.length;
  }
  return {
    outcome: "succeeded",
    detail: { instances: plans.length, fieldsSkipped, instanceErrors, batchMs },
    commit: (tx) => commitBatch(ctx, tx, plans),
  };
}

async function commitBatch(ctx: BatchContext, tx: Transaction, plans: readonly InstancePlan[]): Promise<ItemDetail> {
  const wanted = plans.flatMap((plan) => ("error" in plan ? [] : Object.entries(plan.values).map(([key, value]) => ({ plan, key, value }))));
  const refs = wanted.map((w) => metadataRef(ctx.db, w.plan.instanceId, w.key));
  const failed = plans.filter((plan) => "error" in plan);
  const errorRefs = failed.map((plan) => instanceErrorRef(ctx.db, plan.instanceId, ctx.jobId));
  const current = refs.length > 0 ? await tx.getAll(...refs) : [];
  const recorded = errorRefs.length > 0 ? await tx.getAll(...errorRefs) : []; // reads first, then writes
  const now = Timestamp.now();
  let fieldsWritten = 0;
  wanted.forEach(({ plan, key, value }, i) => {
    if (current[i].get("value") === value) return;
    const record: MetadataRecord = {
      key,
      value,
      processModelId: ctx.modelId,
      processInstanceId: plan.instanceId,
      sourceTaskId: plan.taskId ?? "",
      jobId: ctx.jobId,
      updatedAt: now,
    };
    tx.set(refs[i], record);
    fieldsWritten += 1;
  });
  failed.forEach((plan, i) => {
    if (!("error" in plan) || recorded[i].get("message") === plan.error) return; // this job recorded it already
    tx.set(errorRefs[i], {
      jobId: ctx.jobId,
      processModelId: ctx.modelId,
      processInstanceId: plan.instanceId,
      keys: ctx.paths.map((p) => p.key),
      message: plan.error,
      retryable: false,
      at: now,
    });
  });
  return { fieldsWritten, fieldsUnchanged: wanted.length - fieldsWritten };
}
