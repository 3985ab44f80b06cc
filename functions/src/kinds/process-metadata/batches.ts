/**
 * The items of a process-metadata job: the model's instances in id order, cut into batches of
 * `batchSize`. A batch's key is its last instance id, so listing "after" a key goes on exactly
 * where that batch ended (the engine's cursor), and recovery re-lists the same batches.
 */
import { FieldPath, type Firestore } from "firebase-admin/firestore";
import type { Page } from "../../engine/types";
import { PROCESS_INSTANCES } from "./model";

export interface InstanceBatch {
  instanceIds: string[];
}

/** At most this many instance ids are read per listing (ids only: `select()` reads no fields). */
const MAX_IDS_PER_PAGE = 5000;

export async function listBatches(db: Firestore, modelId: string, batchSize: number, after: string | null, limit: number): Promise<Page<InstanceBatch>> {
  const batches = Math.max(1, Math.min(limit, Math.floor(MAX_IDS_PER_PAGE / batchSize)));
  let query = db.collection(PROCESS_INSTANCES).where("processModelId", "==", modelId).orderBy(FieldPath.documentId()).select();
  if (after !== null) query = query.startAfter(after);
  const snap = await query.limit(batches * batchSize).get();
  const ids = snap.docs.map((d) => d.id);
  const items = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    const instanceIds = ids.slice(i, i + batchSize);
    items.push({ key: instanceIds[instanceIds.length - 1], item: { instanceIds } });
  }
  return { items, done: ids.length < batches * batchSize };
}

export async function countInstances(db: Firestore, modelId: string): Promise<number> {
  const snap = await db.collection(PROCESS_INSTANCES).where("processModelId", "==", modelId).count().get();
  return snap.data().count;
}
