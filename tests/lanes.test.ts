/**
 * Lanes (functions/src/engine/lanes.ts) on the emulators: when the rate cannot bind, each slot runs a
 * segment, every item task enqueueing the next. A pause or a hold (Retry-After) makes lane steps hand
 * their items back unrun (`lanes/*`), and the dispatcher releases them again; effects stay exactly once.
 */
import { adminToken, api } from "./support/api";
import { checkpointCount, getJob, startRecipeJob, waitForFinish, waitForJob } from "./support/jobs";
import { claude, seedRecipes } from "./support/recipes";
import { effectsOf, startSyntheticJob } from "./support/synthetic";
import { adminDb, clearFirestore, emulatorLog } from "./support/stack";

const LANES = { maxConcurrency: 4, requestsPerMinute: 30_000, minDelayMs: 0 };
let token: string;

beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
  token = await adminToken();
});

const handBacks = async (jobId: string) => (await adminDb().collection(`backfillJobs/${jobId}/lanes`).get()).docs.map((d) => d.data());

test("a pause: lane steps hand their segments back unrun, nothing runs while paused, the resume finishes each record once", async () => {
  const jobId = await startSyntheticJob(token, { records: 200, msPerItem: 50 }, LANES);
  await waitForJob(token, jobId, (j) => j.progress.processed >= 20, "some progress");
  expect((await api("POST", `/${jobId}/pause`, { token })).status).toBe(200);
  const paused = await waitForJob(token, jobId, (j) => j.status === "paused" && j.limiter.inFlight === 0 && j.limiter.state === "idle", "drained");
  const back = await handBacks(jobId);
  expect(back.length).toBeGreaterThan(0);
  expect(back.every((b) => b.reason === "job paused" && b.items.length > 0)).toBe(true);
  expect(emulatorLog()).toContain(`of ${jobId} handed`);
  const before = await checkpointCount(jobId);
  await new Promise((r) => setTimeout(r, 2500));
  expect(await checkpointCount(jobId)).toBe(before);
  expect(paused.progress.processed).toBe(before);
  expect(before).toBeLessThan(200);

  expect((await api("POST", `/${jobId}/resume`, { token })).status).toBe(200);
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 200, processed: 200, succeeded: 200 });
  expect(await effectsOf(jobId)).toMatchObject({ written: 200, twice: [] });
}, 180_000);

test("a Retry-After holds the job: lanes hand back, the dispatcher releases after the hold, each recipe is rated once", async () => {
  await seedRecipes(60, 0);
  await claude.set({ latencyMs: 50 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 4, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitForJob(token, jobId, (j) => j.progress.processed >= 8, "some progress");
  await claude.set({ latencyMs: 50, fault: "429", faultCount: 4, retryAfterSeconds: 3 });
  const job = await waitForFinish(token, jobId, 120_000);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 60, succeeded: 60 });
  const calls = await claude.calls();
  expect(calls.filter((c) => c.status === 200)).toHaveLength(60);
  expect((await handBacks(jobId)).some((b) => b.reason === "job held")).toBe(true);
  expect((await getJob(token, jobId)).throttledUntil).toEqual(expect.any(String));
}, 180_000);
