/** Duplicate deliveries, stale jobs, Retry-After and whole-job failure, on the emulators (crashes: faults-crash.test.ts). */
import { createJob } from "../functions/src/engine/lifecycle";
import { adminToken, api } from "./support/api";
import { checkpointCount, checkpointsOf, getJob, startRecipeJob, waitForFinish } from "./support/jobs";
import { claude, seedRecipes } from "./support/recipes";
import { effectsOf, startSyntheticJob } from "./support/synthetic";
import { adminDb, clearFirestore, computeControl, emulatorLog, testDeps, waitFor } from "./support/stack";

const ELEVEN_MINUTES = 11 * 60_000;
const later = (ms: number) => ({ now: () => Date.now() + ms });
let token: string;

beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
  token = await adminToken();
});

test("every task delivered twice (items and dispatcher ticks): effects and counts exact", async () => {
  await computeControl("kill");
  await computeControl("restart", { BACKFILL_FAULT_DUPLICATE_DELIVERIES: "true" });
  const logFrom = emulatorLog().length;
  try {
    token = await adminToken();
    const jobId = await startSyntheticJob(token, { records: 120, msPerItem: 20 }, { maxConcurrency: 4, requestsPerMinute: 30_000, minDelayMs: 0 });
    const job = await waitForFinish(token, jobId);
    expect(job.status).toBe("completed");
    expect(job.progress).toMatchObject({ total: 120, processed: 120, succeeded: 120 });
    expect(await checkpointCount(jobId)).toBe(120);
    // Each record's effect is an increment: a twin that got through would have made it 2.
    const effects = await effectsOf(jobId);
    expect(effects).toMatchObject({ written: 120, twice: [] });
    // The twins really arrived and were turned away by the checkpoints and the dispatcher lease.
    const log = emulatorLog();
    const ignored = log.split(`of ${jobId} already checkpointed: duplicate delivery ignored`).length - 1;
    expect(ignored).toBeGreaterThan(0);
    expect(log).toMatch(new RegExp(`Dispatcher tick \\d+ of ${jobId} skipped`));
  } finally {
    // The twins still running finish their transactions: every item invocation begun since the restart has finished.
    const count = (text: string, line: string) => text.split(line).length - 1;
    await waitFor(
      "the item invocations to finish",
      async () => {
        const log = emulatorLog().slice(logFrom);
        return count(log, 'Beginning execution of "us-central1-backfillItem"') === count(log, 'Finished "us-central1-backfillItem"');
      },
      30_000,
    ).catch(() => undefined); // best effort: the restart below ends whatever is left
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

test("a job that writes to a new collection follows Firestore's ramp: 250 writes per item hold it to 2 items/s (its own limit: 100/s)", async () => {
  const jobId = await startSyntheticJob(token, { records: 6 }, { maxConcurrency: 8, requestsPerMinute: 6000, minDelayMs: 0 }, { ramp: { writesPerItem: 250 } });
  const job = await waitForFinish(token, jobId);
  expect(job).toMatchObject({ status: "completed", ramp: { writesPerItem: 250 }, rateLimits: { requestsPerMinute: 6000 } });
  const finished = (await checkpointsOf(jobId).get()).docs.map((d) => d.get("finishedAt").toMillis() as number).sort((a, b) => a - b);
  // 6 releases 500 ms apart span 2.5 s (released at the job's own limit they would span ~0.05 s).
  expect(finished).toHaveLength(6);
  expect(finished[5] - finished[0]).toBeGreaterThanOrEqual(2_000);
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
