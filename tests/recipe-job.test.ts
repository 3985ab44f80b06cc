/** The recipe-difficulty job end to end through the API, the task queues and the fake Claude. */
import { adminToken, api } from "./support/api";
import { claude, difficulties, seedRecipes } from "./support/recipes";
import { adminDb, clearFirestore, waitFor } from "./support/stack";

const FAST = { maxConcurrency: 8, requestsPerMinute: 6000, minDelayMs: 0 };

async function waitForStatus(token: string, jobId: string, statuses: string[], timeoutMs = 120_000) {
  return waitFor(`job ${jobId} to be ${statuses.join("|")}`, async () => {
    const res = await api("GET", `/${jobId}`, { token });
    return statuses.includes(res.body?.job?.status) ? res.body.job : null;
  }, timeoutMs, 500);
}

beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
});

test("a job over 200 recipes completes with exact counts, progress visible while it runs", async () => {
  await seedRecipes(200, 40);
  const token = await adminToken();
  const created = await api("POST", "/", { token, body: { kind: "recipe-difficulty", params: {}, rateLimits: FAST } });
  expect(created.status).toBe(201);
  const jobId = created.body.job.id as string;

  const midway = await waitFor("progress while running", async () => {
    const job = (await api("GET", `/${jobId}`, { token })).body.job;
    return job.status === "running" && job.progress.processed > 0 && job.progress.processed < 200 ? job : null;
  });
  expect(midway.progress.total).toBe(200);
  expect(midway.progress.currentItem).toMatch(/^r\d{4}$/);

  const job = await waitForStatus(token, jobId, ["completed", "partial", "failed"]);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 200, processed: 200, succeeded: 200, failed: 0, skipped: 0 });
  expect(job.rateLimits).toEqual(FAST);
  expect(job.createdBy.email).toBe("admin@example.com");

  const rated = await difficulties();
  expect([...rated.values()].filter((d) => d === null)).toHaveLength(0);
  const checkpoints = await adminDb().collection(`backfillJobs/${jobId}/items`).count().get();
  expect(checkpoints.data().count).toBe(200);
  const calls = await claude.calls();
  expect(calls).toHaveLength(200);
  const flag = await adminDb().doc("systemFlags/difficulty_backfill_completed").get();
  expect(flag.get("value")).toBe(true);
});
