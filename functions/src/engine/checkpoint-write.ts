/**
 * Writing an item's checkpoint: once, in the transaction that applies its effects. The checkpoint
 * is created, not read first: a checkpoint that already exists fails the commit with
 * ALREADY_EXISTS (another delivery got there first) and nothing of this one is written. Effects
 * with no reads commit in one round trip. Used by the item task and by the dispatcher when it
 * fails a lost item, so both end an item the same way.
 */
import { FieldValue, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";
import { checkpointShard, itemKeyOf } from "./checkpoint-id";
import type { Checkpoint } from "./job-schema";
import type { JobContext, Kind } from "./types";

/** Runs `effects` and creates the checkpoint they return, unless it exists. False when it existed. */
export async function commitCheckpoint(
  db: Firestore,
  ref: DocumentReference,
  effects: (tx: Transaction) => Promise<Omit<Checkpoint, "finishedAt">>,
): Promise<boolean> {
  const shard = checkpointShard(itemKeyOf(ref.id)); // leads the finishedAt index (checkpoint-id.ts)
  try {
    await db.runTransaction(async (tx) => {
      const checkpoint = await effects(tx);
      tx.create(ref, { ...checkpoint, shard, finishedAt: FieldValue.serverTimestamp() });
    });
    return true;
  } catch (error) {
    if (isAlreadyExists(error)) return false;
    throw error;
  }
}

/** gRPC ALREADY_EXISTS: the create of a document that exists. */
export function isAlreadyExists(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 6;
}

/** After a failed checkpoint: the error line and the kind's onItemFailed hook. */
export async function reportItemFailure(
  kind: Pick<Kind, "onItemFailed">,
  ctx: JobContext,
  key: string,
  item: unknown,
  failure: { message: string; retryable: boolean },
): Promise<void> {
  log.error(messages.itemFailed(ctx.jobId, key, failure.message), { jobId: ctx.jobId, itemKey: key, ...failure });
  await kind.onItemFailed?.(ctx, { key, item, ...failure });
}
