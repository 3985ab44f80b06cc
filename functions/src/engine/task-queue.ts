/**
 * Enqueues the engine's tasks through the Admin SDK's task queue client. Task ids are hashed
 * (Cloud Tasks dispatches sequential prefixes badly) and carry the job's attempt, because a task
 * name cannot be reused for about an hour after its task ran.
 */
import { createHash } from "node:crypto";
import { applicationDefault } from "firebase-admin/app";
import { getFunctions } from "firebase-admin/functions";
import { z } from "zod";
import { DISPATCH_TIMEOUT_SECONDS, dispatchDeadlineSeconds, ITEM_TIMEOUT_SECONDS, RECOVERY_TIMEOUT_SECONDS } from "../queues";
import { functionUrlResolver } from "./function-url";

export const DISPATCH_FUNCTION = "backfillDispatch";
export const ITEM_FUNCTION = "backfillItem";
export const RECOVERY_FUNCTION = "backfillRecover";

/** Each function's dispatch deadline: a little past its timeout (queues.ts). */
const DEADLINES: Record<string, number> = {
  [DISPATCH_FUNCTION]: dispatchDeadlineSeconds(DISPATCH_TIMEOUT_SECONDS),
  [ITEM_FUNCTION]: dispatchDeadlineSeconds(ITEM_TIMEOUT_SECONDS),
  [RECOVERY_FUNCTION]: dispatchDeadlineSeconds(RECOVERY_TIMEOUT_SECONDS),
};

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
  /** Which release of the item this is (0 the first; a lost item is released again under a new name). */
  release: z.number().int().min(0).optional(),
  /** When the dispatcher released it (ms), for the queue wait on a timed checkpoint. */
  releasedAt: z.number().int().min(0).optional(),
});
export type ItemPayload = z.infer<typeof itemPayloadSchema>;

export const recoveryPayloadSchema = z.strictObject({ requestedAt: z.number().int().min(0) });
export type RecoveryPayload = z.infer<typeof recoveryPayloadSchema>;

export interface TaskQueue {
  enqueueTick(payload: TickPayload, delaySeconds?: number): Promise<void>;
  enqueueItem(payload: ItemPayload, delaySeconds?: number): Promise<void>;
  /** One recovery run; requests within the same minute share one task. */
  enqueueRecovery(payload: RecoveryPayload): Promise<RecoveryRequest>;
}

/** The recovery task of a request; `enqueued` is false when an earlier request in the same minute already made it. */
export interface RecoveryRequest {
  taskId: string;
  enqueued: boolean;
}

/** Recovery requests in the same minute are one task (a double click runs one recovery). */
export const recoveryTaskId = (requestedAt: number, suffix = "") => taskId("recovery", Math.floor(requestedAt / 60_000), suffix);

export function taskId(...parts: Array<string | number>): string {
  return createHash("sha1").update(parts.join("\u0000")).digest("hex");
}

function isAlreadyExists(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "functions/task-already-exists" || code === "task-already-exists";
}

export interface QueueTarget {
  projectId: string;
  location: string;
}

/**
 * Production and emulator. In the emulator: bare function names (qualified names 404 there,
 * firebase-tools #7793) and the emulator's own URLs. Deployed: the queue by its qualified name and
 * each task sent to the function's own URL (function-url.ts), as Firebase documents for 2nd gen.
 */
export function adminTaskQueue(target: QueueTarget): TaskQueue {
  return adminTaskQueueWithSuffix(target, "");
}

function adminTaskQueueWithSuffix(target: QueueTarget, suffix: string): TaskQueue {
  const emulated = Boolean(process.env.CLOUD_TASKS_EMULATOR_HOST);
  const uriOf: (fn: string) => Promise<string | undefined> = emulated
    ? async () => undefined
    : functionUrlResolver({ ...target, accessToken: async () => (await applicationDefault().getAccessToken()).access_token, fetch });
  const name = (fn: string) => (emulated ? fn : `locations/${target.location}/functions/${fn}`);
  /** True when this call created the task, false when a task of that id already exists (a duplicate enqueue is already done). */
  const enqueue = async (fn: string, data: Record<string, unknown>, id: string, delaySeconds?: number): Promise<boolean> => {
    const uri = await uriOf(fn);
    try {
      await getFunctions().taskQueue(name(fn)).enqueue(data, { id, scheduleDelaySeconds: delaySeconds, dispatchDeadlineSeconds: DEADLINES[fn], uri });
      return true;
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      return false;
    }
  };
  return {
    enqueueTick: async (p, delaySeconds) => void (await enqueue(DISPATCH_FUNCTION, p, taskId("tick", p.jobId, p.tick, suffix), delaySeconds)),
    enqueueItem: async (p, delaySeconds) =>
      void (await enqueue(ITEM_FUNCTION, p, taskId("item", p.jobId, p.itemKey, p.attempt, p.deferral ?? 0, p.release ?? 0, suffix), delaySeconds)),
    enqueueRecovery: async (p) => {
      const id = recoveryTaskId(p.requestedAt, suffix);
      return { taskId: id, enqueued: await enqueue(RECOVERY_FUNCTION, p, id) };
    },
  };
}

/**
 * Fault injection (BACKFILL_FAULT_DUPLICATE_DELIVERIES=true, used by the tests and the fault suite):
 * every task is enqueued twice under two ids, as if Cloud Tasks delivered it twice.
 */
export function duplicatingTaskQueue(inner: TaskQueue, target: QueueTarget): TaskQueue {
  const twin = adminTaskQueueWithSuffix(target, "dup");
  return {
    enqueueTick: async (p, delay) => void (await Promise.all([inner.enqueueTick(p, delay), twin.enqueueTick(p, delay)])),
    enqueueItem: async (p, delay) => void (await Promise.all([inner.enqueueItem(p, delay), twin.enqueueItem(p, delay)])),
    enqueueRecovery: async (p) => (await Promise.all([inner.enqueueRecovery(p), twin.enqueueRecovery(p)]))[0],
  };
}
