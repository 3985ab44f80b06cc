// `npm run demo:metadata -- <modelId> <key> <path>` (with `npm start` running): adds an extraction
// path to a process model with the admin SDK, as an application's model editor would. The model
// trigger then starts a process-metadata job. This script prints the counts it expects (each
// instance's most recent completed task read directly), waits for the job and compares.
// Example: npm run demo:metadata -- order-fulfilment priority request.priority
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp } from "firebase-admin/firestore";

process.env.FIRESTORE_EMULATOR_HOST ??= "127.0.0.1:8080";
const [modelId, key, path] = process.argv.slice(2);
if (!modelId || !key || !path) {
  console.error("usage: npm run demo:metadata -- <modelId> <key> <path>   e.g. order-fulfilment priority request.priority");
  process.exit(2);
}
const db = getFirestore(getApps()[0] ?? initializeApp({ projectId: "demo-backfill" }));

function readPath(data, dotted) {
  let current = data;
  for (const segment of dotted.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (current && typeof current === "object" && !Array.isArray(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}
const encode = (v) => (v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v));

/** What the backfill should do, computed independently: latest completed task per instance. */
async function expected() {
  const instances = await db.collection("processInstances").where("processModelId", "==", modelId).select().get();
  const ids = new Set(instances.docs.map((d) => d.id));
  const latest = new Map();
  for (const task of (await db.collectionGroup("tasks").get()).docs) {
    const instanceId = task.ref.parent.parent.id;
    const at = task.get("completedAt");
    if (!ids.has(instanceId) || !(at instanceof Timestamp)) continue;
    const best = latest.get(instanceId);
    if (!best || at.toMillis() > best.at.toMillis() || (at.toMillis() === best.at.toMillis() && task.id > best.id))
      latest.set(instanceId, { id: task.id, at, data: task.get("data") });
  }
  let written = 0;
  let unchanged = 0;
  let skipped = 0;
  for (const id of ids) {
    const value = encode(readPath(latest.get(id)?.data, path));
    if (value === null) skipped += 1;
    else if ((await db.doc(`processInstances/${id}/metadata/${key}`).get()).get("value") === value) unchanged += 1;
    else written += 1;
  }
  return { instances: ids.size, fieldsWritten: written, fieldsUnchanged: unchanged, fieldsSkipped: skipped };
}

const model = await db.collection("processModels").doc(modelId).get();
if (!model.exists) {
  console.error(`No process model "${modelId}". Demo models: order-fulfilment, expense-approval, onboarding.`);
  process.exit(2);
}
if ((model.get("metadataExtractionPaths") ?? []).some((p) => p.key === key && p.path === path)) {
  console.log(`Model ${modelId} already extracts ${key} from ${path}: an update adds nothing new, so no job starts (by design).`);
  console.log(
    `To re-run it (it writes nothing the second time), POST {"kind":"process-metadata","params":{"modelId":"${modelId}","paths":[{"key":"${key}","path":"${path}"}]}} to the API.`,
  );
  process.exit(0);
}
const want = await expected();
console.log(`Expected: ${JSON.stringify(want)}`);
const paths = (model.get("metadataExtractionPaths") ?? []).filter((p) => p.key !== key);
const since = Timestamp.now();
await model.ref.update({ metadataExtractionPaths: [...paths, { key, path }], updatedAt: since });
console.log(`Model ${modelId}: added ${key} <- ${path}; waiting for the backfill job ...`);

const deadline = Date.now() + 20 * 60_000;
let job;
while (Date.now() < deadline) {
  const snap = await db.collection("backfillJobs").where("kind", "==", "process-metadata").where("createdAt", ">=", since).get();
  job = snap.docs.find((d) => d.get("params.modelId") === modelId);
  if (job) {
    const { status, progress, metrics } = job.data();
    console.log(`job ${job.id}: ${status}, ${progress.processed}/${progress.total ?? "?"} batches, metrics ${JSON.stringify(metrics)}`);
    if (["completed", "partial", "failed", "cancelled"].includes(status)) break;
  }
  await new Promise((r) => setTimeout(r, 3000));
}
if (!job) throw new Error("no job was created: is npm start running with PROCESS_METADATA_BACKFILL_ENABLED=true?");
const got = job.get("metrics");
const ok = Object.entries(want).every(([name, value]) => got[name] === value);
console.log(ok ? "The job's counts match the expected counts." : `MISMATCH: expected ${JSON.stringify(want)}, job has ${JSON.stringify(got)}`);
process.exit(ok ? 0 : 1);
