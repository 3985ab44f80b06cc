/**
 * A job whose first task cannot be enqueued (Cloud Tasks unreachable, a missing IAM role) never
 * blocks: the create answers 503 with a JSON error, the job ends failed and the lock is free at
 * once; a resume that cannot enqueue leaves the job paused. Injected through the real task queue
 * wrapper (`backfillFaults/enqueue-first-tick` and `enqueue-tick-{jobId}`, fault injection on in tests).
 */
import { FAULTS_COLLECTION, FIRST_TICK_FAULT, tickFault } from "../functions/src/engine/faults";
import { lockRef } from "../functions/src/engine/paths";
import { messages } from "../functions/src/logs/messages";
import { adminToken, api } from "./support/api";
import { freshStack } from "./support/fresh";
import { checkpointsOf, FAST, getJob, waitForFinish, waitForJob } from "./support/jobs";
import { adminDb, emulatorLog, waitFor } from "./support/stack";
import { startSyntheticJob } from "./support/synthetic";

let token: string;
const failNextFirstTick = () => adminDb().collection(FAULTS_COLLECTION).doc(FIRST_TICK_FAULT).set({ transientFailures: 1 });

beforeAll(async () => {
  await freshStack();
  token = await adminToken();
});

it("answers 503 when the first enqueue fails, ends the job failed and leaves nothing blocking", async () => {
  await failNextFirstTick();
  const res = await api("POST", "/", { token, body: { kind: "synthetic", params: { records: 20 }, rateLimits: FAST } });
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({ code: "enqueue-failed", details: { status: "failed" } });
  expect(res.body.error.message).toMatch(/could not be started: the task queue refused its first task .*Injected transient fault/);
  const failedId: string = res.body.error.details.jobId;

  const failed = await getJob(token, failedId);
  expect(failed.status).toBe("failed");
  expect(failed.finishedAt).toBeTruthy();
  expect(failed.lastErrors[0].message).toMatch(/^not started: the task queue refused the first task/);
  expect((await lockRef(adminDb()).get()).exists).toBe(false);
  await waitFor("the failure logged", async () => emulatorLog().includes(messages.startEnqueueFailed(failedId, "failed", "").split(" (")[0]));

  // Nothing blocks: the next create runs at once and completes; the failed job processed nothing.
  const next = await startSyntheticJob(token, { records: 20 }, FAST);
  expect((await waitForFinish(token, next)).progress).toMatchObject({ processed: 20, succeeded: 20 });
  expect((await checkpointsOf(failedId).count().get()).data().count).toBe(0);
});

it("keeps a job paused when its resume cannot enqueue, and resumes it on the next try", async () => {
  const jobId = await startSyntheticJob(token, { records: 30, msPerItem: 200 }, { maxConcurrency: 1, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitForJob(token, jobId, (j) => j.progress.processed >= 2, "some progress");
  expect((await api("POST", `/${jobId}/pause`, { token })).status).toBe(200);
  await waitForJob(token, jobId, (j) => j.status === "paused", "paused"); // a pausing job resumes without a new task
  await adminDb().collection(FAULTS_COLLECTION).doc(tickFault(jobId)).set({ transientFailures: 1 }); // the resume's tick
  const refused = await api("POST", `/${jobId}/resume`, { token });
  expect(refused.status).toBe(503);
  expect(refused.body.error).toMatchObject({ code: "enqueue-failed", details: { jobId, status: "paused" } });
  expect((await getJob(token, jobId)).status).toBe("paused");
  expect((await api("POST", "/", { token, body: { kind: "synthetic", params: { records: 5 }, rateLimits: FAST } })).status).toBe(409);

  expect((await api("POST", `/${jobId}/resume`, { token })).status).toBe(200);
  expect((await waitForFinish(token, jobId)).progress).toMatchObject({ processed: 30, succeeded: 30 });
});
