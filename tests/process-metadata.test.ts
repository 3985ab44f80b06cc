/**
 * Seed 004 end to end: a process model's new extraction path (a real Firestore trigger in the
 * functions emulator) starts a process-metadata job whose batches run as item tasks.
 */
import { adminToken, api } from "./support/api";
import { checkpointDoc, FINISHED, getJob, startRecipeJob, waitForFinish } from "./support/jobs";
import { history, jobsOfModel, latestData, metadataValue, seedInstances, waitForJobOfModel, writeInstance, writeModel } from "./support/processes";
import { adminDb, clearFirestore, emulatorLog, waitFor } from "./support/stack";

const CUSTOMER = { key: "customer", path: "customer.name" };
const PRIORITY = { key: "priority", path: "request.priority" };
const N = 45; // batches of 20 (PROCESS_METADATA_BATCH_SIZE in tests): 3 batches
const expectedSkipped = Array.from({ length: N }, (_, n) => n).filter((n) => n % 7 === 0).length;

let token: string;
beforeEach(async () => {
  await clearFirestore();
  token = await adminToken();
});

async function addPath(modelId: string, paths: Array<{ key: string; path: string }>) {
  await adminDb().collection("processModels").doc(modelId).update({ metadataExtractionPaths: paths });
}

test("one new path: one job for exactly that path; every instance gets its latest task's value", async () => {
  await writeModel("orders", [CUSTOMER]);
  const ids = await seedInstances("orders", N);
  await addPath("orders", [CUSTOMER, PRIORITY]);

  const { id } = await waitForJobOfModel("orders");
  const job = await waitForFinish(token, id);
  expect(job).toMatchObject({ status: "completed", system: true, createdBy: { uid: "system" } });
  expect(job.params).toEqual({ modelId: "orders", paths: [PRIORITY], batchSize: 20 });
  expect(job.details).toMatchObject({ keys: ["priority"], batchSize: 20, startedBy: "process model update" });
  expect(job.progress).toMatchObject({ total: 3, processed: 3, succeeded: 3, failed: 0 });
  expect(job.metrics).toMatchObject({
    instances: N,
    fieldsWritten: N - expectedSkipped,
    fieldsUnchanged: 0,
    fieldsSkipped: expectedSkipped,
    instanceErrors: 0,
  });
  expect(job.metrics.batchMs).toBeGreaterThan(0);

  for (const [n, instanceId] of ids.entries()) {
    const latest = latestData(history(n)) as { request?: { priority: string } };
    expect(await metadataValue(instanceId, "priority")).toBe(latest.request?.priority ?? null);
    expect(await metadataValue(instanceId, "customer")).toBeNull(); // not new: not backfilled
  }
  const record = await adminDb().doc(`processInstances/${ids[1]}/metadata/priority`).get();
  expect(record.data()).toMatchObject({
    key: "priority",
    value: "p-1-latest",
    processModelId: "orders",
    processInstanceId: ids[1],
    sourceTaskId: "b",
    jobId: id,
  });
  expect(await jobsOfModel("orders")).toHaveLength(1);

  const log = emulatorLog();
  expect(log).toContain(`Process metadata backfill ${id} started for model orders (keys priority): ${N} instances in 3 batches of 20`);
  expect(log).toContain(
    `Process metadata backfill ${id} for model orders finished: ${N} instances, ${N - expectedSkipped} fields written, 0 unchanged, ${expectedSkipped} skipped, 0 errors;`,
  );
});

test("edits that add no path start nothing: other fields, reordering, removing", async () => {
  await writeModel("quiet", [CUSTOMER, PRIORITY]);
  await seedInstances("quiet", 3);
  const ref = adminDb().collection("processModels").doc("quiet");
  const before = emulatorLog().split("updated without new metadata paths").length;
  await ref.update({ displayName: "Renamed model", owner: "ops" });
  await ref.update({ metadataExtractionPaths: [PRIORITY, CUSTOMER] });
  await ref.update({ metadataExtractionPaths: [PRIORITY] });
  const decided = () => emulatorLog().split("Process model quiet updated without new metadata paths").length - 1;
  await waitFor("the trigger to decide on all three edits", async () => decided() === 3);
  expect(emulatorLog().split("updated without new metadata paths").length).toBe(before + 3);
  expect(await jobsOfModel("quiet")).toEqual([]);
});

test("a re-run is idempotent: zero metadata writes, every value unchanged", async () => {
  await writeModel("rerun", [CUSTOMER]);
  const ids = await seedInstances("rerun", N);
  await addPath("rerun", [CUSTOMER, PRIORITY]);
  const first = await waitForFinish(token, (await waitForJobOfModel("rerun")).id);
  expect(first.metrics.fieldsWritten).toBe(N - expectedSkipped);
  const db = adminDb();
  const refs = ids.map((i) => db.doc(`processInstances/${i}/metadata/priority`));
  const times = (await db.getAll(...refs)).map((s) => s.updateTime?.toMillis() ?? null);

  const res = await api("POST", "/", { token, body: { kind: "process-metadata", params: { modelId: "rerun", paths: [PRIORITY] } } });
  expect(res.status).toBe(201);
  const again = await waitForFinish(token, res.body.job.id);
  expect(again.status).toBe("completed");
  expect(again.metrics).toMatchObject({ instances: N, fieldsWritten: 0, fieldsUnchanged: N - expectedSkipped, fieldsSkipped: expectedSkipped });
  expect((await db.getAll(...refs)).map((s) => s.updateTime?.toMillis() ?? null)).toEqual(times);
});

test("a batch failing transiently is retried with backoff and counted once", async () => {
  await writeModel("flaky", [CUSTOMER]);
  const ids = await seedInstances("flaky", N);
  const secondBatchKey = ids[39]; // batches end at instances 19, 39 and 44
  // Three failures: the task's own retries (p-retry) run out, the queue redelivers it with backoff.
  await adminDb().collection("backfillFaults").doc(secondBatchKey).set({ transientFailures: 3 });
  await addPath("flaky", [CUSTOMER, PRIORITY]);

  const { id } = await waitForJobOfModel("flaky");
  const job = await waitForFinish(token, id);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 3, succeeded: 3, failed: 0 });
  expect(job.metrics).toMatchObject({ instances: N, fieldsWritten: N - expectedSkipped, fieldsSkipped: expectedSkipped, instanceErrors: 0 });
  expect((await adminDb().collection("backfillFaults").doc(secondBatchKey).get()).get("transientFailures")).toBe(0);
  const checkpoint = await checkpointDoc(id, secondBatchKey).get();
  expect(checkpoint.get("outcome")).toBe("succeeded");
  expect(checkpoint.get("attempts")).toBeGreaterThanOrEqual(2); // a second delivery
  expect(checkpoint.get("detail")).toMatchObject({ instances: 20 });
  const log = emulatorLog();
  expect(log).toContain(`Item ${secondBatchKey} of ${id} attempt 1 failed, retrying: Injected transient fault`);
  expect(log).toContain(`Item ${secondBatchKey} of ${id} attempt 2 failed, retrying: Injected transient fault`);
});

test("a permanent error is recorded on its instance; the others in its batch are written", async () => {
  await writeModel("broken", [CUSTOMER]);
  await seedInstances("broken", 5);
  await writeInstance("broken-bad-time", "broken", [{ id: "t1", completedAt: 1, data: {} }]);
  await adminDb()
    .doc("processInstances/broken-bad-time/tasks/t2")
    .set({ data: { request: { priority: "x" } }, completedAt: "yesterday" });
  await writeInstance("broken-huge", "broken", [{ id: "t1", completedAt: 1, data: { request: { priority: "x".repeat(2000) } } }]);
  await addPath("broken", [CUSTOMER, PRIORITY]);

  const { id } = await waitForJobOfModel("broken");
  const job = await waitForFinish(token, id);
  expect(job.status).toBe("completed");
  expect(job.metrics).toMatchObject({ instances: 7, instanceErrors: 2, fieldsWritten: 4, fieldsSkipped: 1 });
  const errors = await adminDb().collectionGroup("metadataBackfillErrors").where("jobId", "==", id).get();
  const byInstance = Object.fromEntries(errors.docs.map((d) => [d.get("processInstanceId"), d.get("message")]));
  expect(byInstance["broken-bad-time"]).toMatch(/latest task t2 is malformed \(completedAt: completedAt must be a timestamp\)/);
  expect(byInstance["broken-huge"]).toMatch(/value of "priority" \(request.priority\) in task t1 is 2000 bytes; at most 1500/);
  expect(await metadataValue("broken-i001", "priority")).toBe("p-1-latest");
  expect(emulatorLog()).toContain(`Process metadata backfill ${id}: instance broken-huge failed:`);
});

test("while another job runs the backfill waits as queued, then runs", async () => {
  await writeModel("waits", [CUSTOMER]);
  await seedInstances("waits", 10);
  const db = adminDb();
  for (let i = 0; i < 30; i += 1)
    await db
      .collection("recipes")
      .doc(`r${i}`)
      .set({ title: `Soup ${i}`, ingredients: ["water"], instructions: "Boil.", difficulty: null });
  const running = await startRecipeJob(token, { maxConcurrency: 1, requestsPerMinute: 60, minDelayMs: 0 });
  await addPath("waits", [CUSTOMER, PRIORITY]);
  const { id } = await waitForJobOfModel("waits");
  expect((await getJob(token, id)).status).toBe("queued");
  expect(FINISHED).not.toContain((await getJob(token, running)).status);
  expect((await api("DELETE", `/${running}`, { token })).status).toBe(200);
  const job = await waitForFinish(token, id);
  expect(job.status).toBe("completed");
  expect(job.metrics.instances).toBe(10);
});

test("bad API requests get 400s naming the field; nothing is created", async () => {
  await writeModel("api-model", [CUSTOMER]);
  const create = (params: unknown) => api("POST", "/", { token, body: { kind: "process-metadata", params } });
  const cases: Array<[unknown, string, string]> = [
    [{ modelId: "nope" }, "model-not-found", "params.modelId"],
    [{ modelId: "api-model", paths: [PRIORITY] }, "path-not-in-model", "params.paths.0"],
    [{ modelId: "api-model", batchSize: 0 }, "invalid-request", "batchSize"],
    [{ modelId: "api-model", paths: [{ key: "has space", path: "a" }] }, "invalid-request", "key"],
  ];
  for (const [params, code, field] of cases) {
    const res = await create(params);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(JSON.stringify(res.body.error)).toContain(field);
  }
  expect((await adminDb().collection("backfillJobs").get()).size).toBe(0);
});
