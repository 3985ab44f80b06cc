/**
 * An instance's most recent task: the completed task with the latest `completedAt`, ties broken by
 * the larger task id (Firestore orders equal values by document name, in the same direction). Only
 * that task's data is the source of the instance's metadata; older tasks are never consulted.
 */
import { FieldPath, type Firestore } from "firebase-admin/firestore";
import { instanceRef, taskSchema, TASKS } from "./model";

export interface LatestTask {
  id: string;
  data: Record<string, unknown>;
}

/** Data that cannot be read as a task: a permanent error of this instance, not of its batch. */
export class InstanceDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InstanceDataError";
  }
}

/** One read: the query returns at most one document. Null when no task has completed. */
export async function latestTask(db: Firestore, instanceId: string): Promise<LatestTask | null> {
  const snap = await instanceRef(db, instanceId)
    .collection(TASKS)
    .where("completedAt", "!=", null)
    .orderBy("completedAt", "desc")
    .orderBy(FieldPath.documentId(), "desc")
    .limit(1)
    .get();
  if (snap.empty) return null;
  const doc = snap.docs[0];
  const task = taskSchema.safeParse(doc.data());
  if (!task.success) {
    const problems = task.error.issues.map((i) => `${i.path.join(".") || "task"}: ${i.message}`).join("; ");
    throw new InstanceDataError(`latest task ${doc.id} is malformed (${problems})`);
  }
  return { id: doc.id, data: task.data.data };
}
