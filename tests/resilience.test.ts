/** Crashes, duplicate deliveries, stale jobs, Retry-After and whole-job failure, on the emulators. */
import { createJob } from "../functions/src/engine/lifecycle";
import { runRecovery } from "../functions/src/engine/recovery";
import { adminToken, api } from "./support/api";
import { getJob, startRecipeJob, waitForFinish, waitForJob } from "./support/jobs";
import { claude, difficulties, seedRecipes } from "./support/recipes";
import { adminDb, clearFirestore, computeControl, emulatorLog, testDeps, waitFor } from "./support/stack";

const ELEVEN_MINUTES = 11 * 60_000;
const later = (ms: number) => ({ now: () => Date.now() + ms });
let token: string;

beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
  token = await adminToken();
});

test("the functions process killed mid-job and restarted: recovery resumes it, every recipe rated exactly once", async () => {
  await seedRecipes(80, 0);
  await claude.set({ latencyMs: 150 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 4, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitForJob(token, jobId, (j) => j.progress.processed >= 15, "some progress");
  await computeControl("kill");
  const atCrash = (await adminDb().collection(`backfillJobs/${jobId}/items`).count().get()).data().count;
  expect(atCrash).toBeLessThan(80);
  await computeControl("restart");
  token = await adminToken();

  // Not stale yet: recovery leaves it alone. Ten minutes without progress later, it resumes it.
  expect((await runRecovery(testDeps())).resumed).toEqual([]);
  expect((await runRecovery(testDeps(later(ELEVEN_MINUTES)))).resumed).toEqual([jobId]);

  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 80, processed: 80, succeeded: 80, failed: 0 });
  expect(job.resumes).toHaveLength(1);
  expect(job.resumes[0].reason).toMatch(/no progress for \d+ min/);
  expect(job.plan.attempt).toBe(1);
  const rated = await difficulties();
  expect([...rated.values()].every((d) => d !== null)).toBe(true);
  const checkpoints = await adminDb().collection(`backfillJobs/${jobId}/items`).get();
  expect(checkpoints.size).toBe(80);
  expect(new Set(checkpoints.docs.map((d) => d.id)).size).toBe(80);
}, 240_000);

test("every task delivered twice (items and dispatcher ticks): effects and counts exact", async () => {
  await computeControl("kill");
  await computeControl("restart", { BACKFILL_FAULT_DUPLICATE_DELIVERIES: "true" });
  try {
    token = await adminToken();
    await seedRecipes(60, 0);
    const jobId = await startRecipeJob(token);
    const job = await waitForFinish(token, jobId);
    expect(job.status).toBe("completed");
    expect(job.progress).toMatchObject({ total: 60, processed: 60, succeeded: 60 });
    expect((await adminDb().collection(`backfillJobs/${jobId}/items`).count().get()).data().count).toBe(60);
    // The twins really arrived and were turned away by the checkpoints and the dispatcher lease.
    const log = emulatorLog();
    const ignored = log.split(`of ${jobId} already checkpointed: duplicate delivery ignored`).length - 1;
    expect(ignored).toBeGreaterThan(0);
    expect(log).toMatch(new RegExp(`Dispatcher tick \\d+ of ${jobId} skipped`));
  } finally {
    await new Promise((r) => setTimeout(r, 5000)); // let the twins still running finish their transactions
    await computeControl("kill");
    await computeControl("restart");
  }
}, 240_000);

test("a stale running job no longer blocks: a new job starts and the stale one is paused", async () => {
  await seedRecipes(30, 0);
  await claude.set({ latencyMs: 1000 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 1, requestsPerMinute: 600, minDelayMs: 0 });
  const blocked = await api("POST", "/", { token, body: { kind: "recipe-difficulty", params: {} } });
  expect(blocked.status).toBe(409);
  const fresh = await createJob(testDeps(later(ELEVEN_MINUTES)), { kind: "recipe-difficulty", params: {}, actor: { uid: "t", email: null } });
  expect(fresh.status).toBe("running");
  const stale = await getJob(token, jobId);
  expect(stale.status).toBe("paused");
  expect(stale.lastErrors.at(-1).message).toContain(`superseded by job ${fresh.id}`);
  await api("DELETE", `/${fresh.id}`, { token });
  await api("DELETE", `/${jobId}`, { token });
});

test("429 with Retry-After is honoured and slows the job", async () => {
  await seedRecipes(4, 0);
  await claude.set({ fault: "429", faultCount: 1, retryAfterSeconds: 2 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 1, requestsPerMinute: 6000, minDelayMs: 0 });
  const job = await waitForFinish(token, jobId);
  expect(job.progress).toMatchObject({ processed: 4, succeeded: 4, failed: 0 });
  const calls = await claude.calls();
  const limited = calls.findIndex((c) => c.status === 429);
  expect(limited).toBe(0);
  expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(2000);
  expect(job.throttledUntil).toEqual(expect.any(String));
});

test("Claude unavailable for every item: job failed, critical log, flag stays unset", async () => {
  await seedRecipes(3, 0, false);
  await claude.set({ fault: "500" });
  const jobId = await startRecipeJob(token);
  const job = await waitForFinish(token, jobId, 180_000);
  expect(job.status).toBe("failed");
  expect(job.progress).toMatchObject({ processed: 3, failed: 3, succeeded: 0 });
  expect((await adminDb().doc("systemFlags/difficulty_backfill_completed").get()).get("value")).toBe(false);
  await waitFor("critical log", async () => /"severity":"CRITICAL".*Difficulty backfill failed: all 3 assessments failed/.test(emulatorLog()));
  const failed = await api("GET", `/${jobId}/items?outcome=failed`, { token });
  expect(failed.body.items[0]).toMatchObject({ retryable: true, attempts: expect.any(Number) });
  expect(failed.body.items[0].attempts).toBeGreaterThan(1);
}, 240_000);
