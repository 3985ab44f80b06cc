/** Seed 004 test data: a process model and instances with generated task histories, and an oracle. */
import { Timestamp } from "firebase-admin/firestore";
import { adminDb, emulatorLog, waitFor } from "./stack";

export interface TaskSpec {
  id: string;
  completedAt: number | null;
  data: Record<string, unknown>;
}

export async function writeModel(modelId: string, paths: Array<{ key: string; path: string }>, extra: Record<string, unknown> = {}): Promise<void> {
  await adminDb()
    .collection("processModels")
    .doc(modelId)
    .set({ displayName: modelId, metadataExtractionPaths: paths, ...extra });
}

export async function writeInstance(instanceId: string, modelId: string, tasks: TaskSpec[]): Promise<void> {
  const db = adminDb();
  const batch = db.batch();
  const ref = db.collection("processInstances").doc(instanceId);
  batch.set(ref, { processModelId: modelId, status: "running" });
  for (const t of tasks) {
    batch.set(ref.collection("tasks").doc(t.id), {
      name: `step ${t.id}`,
      data: t.data,
      completedAt: t.completedAt === null ? null : Timestamp.fromMillis(t.completedAt),
    });
  }
  await batch.commit();
}

/**
 * Instance n of a model: 3 tasks whose ids are NOT in time order; every 5th has its last task still
 * open; every 7th's latest completed task lacks `request.priority` (an older one has it).
 */
export function history(n: number): TaskSpec[] {
  const t0 = Date.parse("2026-05-01T00:00:00Z") + n * 1000;
  const withPriority = (p: string) => ({ request: { priority: p }, customer: { name: `C${n}` } });
  const latest = n % 7 === 0 ? { customer: { name: `C${n}` } } : withPriority(`p-${n}-latest`);
  return [
    { id: "b", completedAt: t0 + 3000, data: latest },
    { id: "c", completedAt: t0 + 1000, data: withPriority(`p-${n}-oldest`) },
    { id: "a", completedAt: t0 + 2000, data: withPriority(`p-${n}-middle`) },
    ...(n % 5 === 0 ? [{ id: "d", completedAt: null, data: withPriority(`p-${n}-open`) }] : []),
  ];
}

/** The oracle: the data of the completed task with the latest time (ties: the larger id). */
export function latestTaskSpec(tasks: TaskSpec[]): TaskSpec | null {
  const done = tasks.filter((t) => t.completedAt !== null).sort((x, y) => (y.completedAt ?? 0) - (x.completedAt ?? 0) || (y.id > x.id ? 1 : -1));
  return done[0] ?? null;
}

export const latestData = (tasks: TaskSpec[]) => latestTaskSpec(tasks)?.data ?? null;

export async function seedInstances(modelId: string, count: number, make: (n: number) => TaskSpec[] = history): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const id = `${modelId}-i${String(n).padStart(3, "0")}`;
    ids.push(id);
    await writeInstance(id, modelId, make(n));
  }
  return ids;
}

export async function metadataValue(instanceId: string, key: string): Promise<string | null> {
  const snap = await adminDb().doc(`processInstances/${instanceId}/metadata/${key}`).get();
  return snap.exists ? String(snap.get("value")) : null;
}

/** The process-metadata jobs of a model (the trigger creates them), oldest first. */
export async function jobsOfModel(modelId: string): Promise<Array<{ id: string; status: string }>> {
  const snap = await adminDb().collection("backfillJobs").where("kind", "==", "process-metadata").get();
  return snap.docs
    .filter((d) => d.get("params.modelId") === modelId)
    .sort((a, b) => a.get("createdAt").toMillis() - b.get("createdAt").toMillis())
    .map((d) => ({ id: d.id, status: String(d.get("status")) }));
}

export const waitForJobOfModel = (modelId: string, timeoutMs = 30_000) =>
  waitFor(`a process-metadata job for ${modelId}`, async () => (await jobsOfModel(modelId))[0], timeoutMs);

/** Waits until the functions' log has a line containing `text` (the trigger ran and decided). */
export const waitForLog = (text: string, timeoutMs = 30_000) => waitFor(`log line "${text}"`, async () => emulatorLog().includes(text), timeoutMs, 300);
