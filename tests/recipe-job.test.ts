/** The recipe-difficulty job end to end through the API, the task queues and the fake Claude. */
import { adminToken, api } from "./support/api";
import { checkpointCount, FAST, getJob, startRecipeJob, waitForFinish, waitForJob } from "./support/jobs";
import { claude, difficulties, doneFlagSet, seedRecipes } from "./support/recipes";
import { createJob } from "../functions/src/engine/lifecycle";
import { SYSTEM_ACTOR } from "../functions/src/engine/job-schema";
import { adminDb, clearFirestore, emulatorLog, testDeps, waitFor } from "./support/stack";

/** The admin page's and the API's actor for the test admin (tests/support/api.ts). */
const ADMIN = "admin@example.com";
interface AuditJson {
  action: string;
  by: { uid: string; email: string | null };
  from?: string;
  to?: string;
  why?: string;
}
/** The job's audit as who (email, or "system") did what, oldest first. */
const auditOf = (job: { audit: AuditJson[] }) =>
  job.audit.map(({ action, by, from, to, why }) => ({ action, by: by.email ?? by.uid, ...(from ? { from, to } : {}), ...(why ? { why } : {}) }));

let token: string;
beforeAll(async () => {
  token = await adminToken();
});
beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
  token = await adminToken();
});

test("a job over 200 recipes completes with exact counts, progress visible while it runs", async () => {
  await seedRecipes(200, 40);
  const jobId = await startRecipeJob(token);
  const midway = await waitForJob(
    token,
    jobId,
    (j) => j.status === "running" && j.progress.processed > 0 && j.progress.processed < 200,
    "progress while running",
  );
  expect(midway.progress.total).toBe(200);
  expect(midway.progress.currentItem).toMatch(/^r\d{4}$/);

  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 200, processed: 200, succeeded: 200, failed: 0, skipped: 0 });
  expect(job.rateLimits).toEqual(FAST);
  expect(job.createdBy.email).toBe("admin@example.com");
  expect([...(await difficulties()).values()].filter((d) => d === null)).toHaveLength(0);
  expect(await checkpointCount(jobId)).toBe(200);
  expect(await claude.calls()).toHaveLength(200);
  await doneFlagSet();
  expect(emulatorLog()).toContain("Starting difficulty backfill for 200 recipes");
  expect(emulatorLog()).toMatch(/Difficulty backfill completed: 200 recipes processed, 0 failures in (\d+\.\d|\d+ m \d+) s/);
});

test("rate limit: one at a time, no two AI calls closer than the min delay", async () => {
  await seedRecipes(15, 0);
  const limits = { maxConcurrency: 1, requestsPerMinute: 6000, minDelayMs: 300 };
  await claude.set({ latencyMs: 50 });
  const jobId = await startRecipeJob(token, limits);
  const job = await waitForFinish(token, jobId);
  expect(job.progress.succeeded).toBe(15);
  const calls = (await claude.calls()).map((c) => c.at).sort((a, b) => a - b);
  expect(calls).toHaveLength(15);
  const gaps = calls.slice(1).map((t, i) => t - calls[i]);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(300);
});

test("a second create while a job runs gets 409 naming the running job", async () => {
  await seedRecipes(30, 0);
  await claude.set({ latencyMs: 300 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 1, requestsPerMinute: 600, minDelayMs: 0 });
  const second = await api("POST", "/", { token, body: { kind: "recipe-difficulty", params: {} } });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe("job-running");
  expect(second.body.error.details.runningJob.id).toBe(jobId);
  expect(second.body.error.message).toContain(jobId);
  await api("DELETE", `/${jobId}`, { token });
});

test("cancel mid-job: cancelling at once, cancelled once no item runs, later tasks do nothing, partial progress kept", async () => {
  await seedRecipes(60, 0);
  await claude.set({ latencyMs: 100 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitForJob(token, jobId, (j) => j.progress.processed >= 5, "some progress");
  const cancelling = await api("DELETE", `/${jobId}`, { token });
  expect(cancelling.status).toBe(200);
  expect(cancelling.body.job.status).toBe("cancelling");
  expect(cancelling.body.job.cancelledAt).toBeNull();
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("cancelled");
  expect(job.cancelledAt).toEqual(expect.any(String));
  // Cancelled means no item of the job is running: no call to Claude after it.
  const callsWhenCancelled = (await claude.calls()).length;
  await new Promise((r) => setTimeout(r, 3000));
  expect((await claude.calls()).length).toBe(callsWhenCancelled);
  const rated = [...(await difficulties()).values()].filter((d) => d !== null).length;
  expect(rated).toBe(job.progress.succeeded); // every effect has its checkpoint; released items that never ran are skipped
  expect(rated).toBeLessThan(60);
  expect((await getJob(token, jobId)).progress.processed).toBe(await checkpointCount(jobId));
  expect(auditOf(job)).toEqual([
    { action: "created", by: ADMIN },
    { action: "started", by: ADMIN },
    { action: "cancelling", by: ADMIN, from: "running", to: "cancelling" },
    { action: "cancelled", by: "system", from: "cancelling", to: "cancelled", why: "no released item may still run" },
  ]);
  expect((await adminDb().doc("systemFlags/difficulty_backfill_completed").get()).get("value")).toBe(false);
});

test("pause stops releasing, resume goes on from the checkpoints", async () => {
  await seedRecipes(40, 0);
  await claude.set({ latencyMs: 100 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitForJob(token, jobId, (j) => j.progress.processed >= 5, "some progress");
  const pausing = await api("POST", `/${jobId}/pause`, { token });
  expect(pausing.status).toBe(200);
  expect(pausing.body.job.status).toBe("pausing");
  const paused = await waitForJob(token, jobId, (j) => j.status === "paused", "paused");
  expect(paused.limiter).toMatchObject({ inFlight: 0, state: "idle" }); // paused means no item runs
  await new Promise((r) => setTimeout(r, 2000));
  const callsWhilePaused = (await claude.calls()).length;
  await new Promise((r) => setTimeout(r, 2000));
  expect((await claude.calls()).length).toBe(callsWhilePaused);
  expect(paused.progress.processed).toBeLessThan(40);
  expect((await api("POST", `/${jobId}/resume`, { token })).status).toBe(200);
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ processed: 40, succeeded: 40 });
  expect(auditOf(job)).toEqual([
    { action: "created", by: ADMIN },
    { action: "started", by: ADMIN },
    { action: "pausing", by: ADMIN, from: "running", to: "pausing" },
    { action: "paused", by: "system", from: "pausing", to: "paused", why: "no released item may still run" },
    { action: "resumed", by: ADMIN, from: "paused", to: "running" },
    { action: "finished", by: "system", from: "running", to: "completed", why: "every item processed (0 failed)" },
  ]);
  expect(await claude.calls()).toHaveLength(40);
});

test("failures: each logged with recipe id and title, difficulty stays null, job partial; retry-failed runs exactly those", async () => {
  await seedRecipes(20, 0);
  await claude.set({ failTitles: ["Recipe 3", "Recipe 11"] });
  const jobId = await startRecipeJob(token);
  const job = await waitForFinish(token, jobId);
  expect(job.status).toBe("partial");
  expect(job.progress).toMatchObject({ processed: 20, succeeded: 18, failed: 2 });
  const rated = await difficulties();
  expect(rated.get("r0003")).toBeNull();
  expect(rated.get("r0011")).toBeNull();
  await waitFor("failure log", async () => emulatorLog().includes("Difficulty assessment failed for recipe r0003 (Recipe 3)"));
  await doneFlagSet();

  const failed = await api("GET", `/${jobId}/items?outcome=failed`, { token });
  expect(failed.body.items.map((i: { itemKey: string }) => i.itemKey)).toEqual(["r0003", "r0011"]);
  expect(failed.body.items[0].error).toContain("500");
  const csv = await api("GET", `/${jobId}/items?outcome=failed&format=csv`, { token });
  expect(csv.text.split("\r\n")[0]).toBe("itemKey,outcome,target,attempts,finishedAt,error,retryable,errorType");
  expect(csv.text).toContain("r0011,failed");

  await claude.set({ failTitles: [] });
  const before = (await claude.calls()).length;
  const retry = await api("POST", `/${jobId}/retry-failed`, { token });
  expect(retry.status).toBe(201);
  expect(retry.body.job.retryOf).toBe(jobId);
  expect(auditOf(await getJob(token, jobId)).at(-1)).toEqual({ action: "retried", by: ADMIN, why: `retry job ${retry.body.job.id}` });
  const retried = await waitForFinish(token, retry.body.job.id);
  expect(retried.progress).toMatchObject({ total: 2, processed: 2, succeeded: 2, failed: 0 });
  const titles = (await claude.calls())
    .slice(before)
    .map((c) => c.title)
    .sort();
  expect(titles).toEqual(["Recipe 11", "Recipe 3"]);
});

test("an invalid answer is a permanent error: the item fails at once, without retries", async () => {
  await seedRecipes(2, 0);
  await claude.set({ fault: "malformed", faultCount: 1 });
  const jobId = await startRecipeJob(token);
  const job = await waitForFinish(token, jobId);
  expect(job.progress).toMatchObject({ processed: 2, succeeded: 1, failed: 1 });
  const failed = (await api("GET", `/${jobId}/items?outcome=failed`, { token })).body.items[0];
  expect(failed).toMatchObject({ attempts: 1, retryable: false });
  expect(failed.error).toContain("Invalid difficulty answer");
  expect(await claude.calls()).toHaveLength(2);
});

test("a system-started job waits as queued while another runs, and starts when it ends", async () => {
  await seedRecipes(20, 0);
  await claude.set({ latencyMs: 300 });
  const running = await startRecipeJob(token, { maxConcurrency: 1, requestsPerMinute: 600, minDelayMs: 0 });
  const queued = await createJob(testDeps(), { kind: "recipe-difficulty", params: {}, actor: SYSTEM_ACTOR, system: true });
  expect(queued.status).toBe("queued");
  expect((await getJob(token, queued.id)).status).toBe("queued");
  await api("DELETE", `/${running}`, { token });
  const started = await waitForJob(token, queued.id, (j) => j.status !== "queued", "started after the cancel");
  expect(["running", "completed"]).toContain(started.status);
  expect(started.audit.map((a: { action: string }) => a.action)).toEqual(["created", "started"]);
  await api("DELETE", `/${queued.id}`, { token });
});
