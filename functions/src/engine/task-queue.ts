/**
 * Enqueues the engine's tasks through the Admin SDK's task queue client. Task ids are hashed
 * (Cloud Tasks dispatches sequential prefixes badly) and carry the job's attempt, because a task
 * name cannot be reused for about an hour after its task ran.
 */
import { createHash } from "node:crypto";
import { getFunctions } from "firebase-admin/functions";
import { z } from "zod";

export const DISPATCH_FUNCTION = "backfillDispatch";
export const ITEM_FUNCTION = "backfillItem";

export const tickPayloadSchema = z.strictObject({ jobId: z.string().min(1), tick: z.number().int().min(0) });
export type TickPayload = z.infer<typeof tickPayloadSchema>;

export const itemPayloadSchema = z.strictObject({
  jobId: z.string().min(1),
  itemKey: z.string().min(1),
  item: z.unknown(),
  target: z.string().nullable(),
  attempt: z.number().int().min(0),
  /** How many times the item was rescheduled because its source's circuit was open. */
  deferral: z.number().int().min(0).optional(),
});
export type ItemPayload = z.infer<typeof itemPayloadSchema>;

export interface TaskQueue {
  enqueueTick(payload: TickPayload, delaySeconds?: number): Promise<void>;
  enqueueItem(payload: ItemPayload, delaySeconds?: number): Promise<void>;
}

export function taskId(...parts: Array<string | number>): string {
  return createHash("sha1").update(parts.join("\u0000")).digest("hex");
}

function isAlreadyExists(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "functions/task-already-exists" || code === "task-already-exists";
}

/** Production and emulator: bare function names in the emulator (firebase-tools #7793). */
export function adminTaskQueue(location: string): TaskQueue {
  return adminTaskQueueWithSuffix(location, "");
}

function adminTaskQueueWithSuffix(location: string, suffix: string): TaskQueue {
  const name = (fn: string) => (process.env.CLOUD_TASKS_EMULATOR_HOST ? fn : `locations/${location}/functions/${fn}`);
  const enqueue = async (fn: string, data: Record<string, unknown>, id: string, delaySeconds?: number) => {
    try {
      await getFunctions()
        .taskQueue(name(fn))
        .enqueue(data, { id, scheduleDelaySeconds: delaySeconds, dispatchDeadlineSeconds: 1800 });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error; // a duplicate enqueue is already done
    }
  };
  return {
    enqueueTick: (p, delaySeconds) => enqueue(DISPATCH_FUNCTION, p, taskId("tick", p.jobId, p.tick, suffix), delaySeconds),
    enqueueItem: (p, delaySeconds) => enqueue(ITEM_FUNCTION, p, taskId("item", p.jobId, p.itemKey, p.attempt, p.deferral ?? 0, suffix), delaySeconds),
  };
}

/**
 * Fault injection (BACKFILL_FAULT_DUPLICATE_DELIVERIES=true, used by the tests and the fault suite):
 * every task is enqueued twice under two ids, as if Cloud Tasks delivered it twice.
 */
export function duplicatingTaskQueue(inner: TaskQueue, location: string): TaskQueue {
  const twin = adminTaskQueueWithSuffix(location, "dup");
  return {
    enqueueTick: async (p, delay) => void (await Promise.all([inner.enqueueTick(p, delay), twin.enqueueTick(p, delay)])),
    enqueueItem: async (p, delay) => void (await Promise.all([inner.enqueueItem(p, delay), twin.enqueueItem(p, delay)])),
  };
}
