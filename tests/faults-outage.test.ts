/**
 * Outside systems misbehaving for a stretch in the middle of a job: the dashboard down (every
 * request 503) for 60 s, and the AI answering 429 with Retry-After. Nothing is lost, nothing fails
 * because of the stretch, and the engine backs off (the circuit opens; the job's rate drops).
 */
import { adminToken, api } from "./support/api";
import { configureDistricts, sim } from "./support/dashboard";
import { getJob, startRecipeJob, waitForFinish, waitForJob } from "./support/jobs";
import { claude, difficulties, seedRecipes } from "./support/recipes";
import { clearFirestore, emulatorLog, waitFor } from "./support/stack";

const CIRCUIT = "toastmasters-dashboard";
let token: string;

beforeEach(async () => {
  await clearFirestore();
  token = await adminToken();
});

test("the dashboard answering 503 to everything for 60 s mid-job: the circuit opens, no item fails, the job completes", async () => {
  await configureDistricts();
  const params = { startDate: "2025-03-10", endDate: "2025-03-24", targetDistricts: ["1", "2", "42", "61"] };
  const res = await api("POST", "/", {
    token,
    body: { kind: "data-collection", params, rateLimits: { maxConcurrency: 2, requestsPerMinute: 60, minDelayMs: 0 } },
  });
  expect(res.status).toBe(201);
  const jobId = res.body.job.id as string;
  await waitForJob(token, jobId, (j) => j.progress.processed >= 8, "some progress");

  await sim.set({ faults: [{ type: "503" }] });
  const downAt = Date.now();
  const open = await waitForJob(token, jobId, (j) => j.circuits?.[CIRCUIT]?.state === "open", "circuit open", 30_000);
  const processedWhenOpened = open.progress.processed;
  await new Promise((r) => setTimeout(r, downAt + 60_000 - Date.now()));
  const during = await getJob(token, jobId);
  await sim.set({ faults: [] });
  const upAt = Date.now();

  expect(during.status).toBe("running");
  expect(during.progress.failed).toBe(0);
  // While open, items waited: at most the ones in flight when it opened got through.
  expect(during.progress.processed - processedWhenOpened).toBeLessThanOrEqual(2);
  const job = await waitForFinish(token, jobId, 240_000);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 60, processed: 60, succeeded: 60, failed: 0 });
  expect(job.circuits[CIRCUIT].state).toBe("closed");
  const refused = (await sim.calls()).filter((c) => c.status === 503);
  expect(refused.every((c) => c.at >= downAt && c.at <= upAt)).toBe(true);
  // The breaker stopped the hammering: a few failures to open it, then one probe per cool-down
  // (4 s in tests) over the minute, instead of ~3 requests a second.
  expect(refused.length).toBeGreaterThanOrEqual(3);
  expect(refused.length).toBeLessThan(40);
  expect(emulatorLog()).toMatch(new RegExp(`Circuit breaker for ${CIRCUIT}: closed -> open`));
}, 360_000);

test("the AI answering 429 with Retry-After for a stretch: the job slows, then goes on; no item lost", async () => {
  await seedRecipes(60, 0);
  await claude.set({ latencyMs: 50 });
  const jobId = await startRecipeJob(token, { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 });
  await waitFor("20 calls", async () => (await claude.calls()).length >= 20);
  await claude.set({ fault: "429", faultCount: 6, retryAfterSeconds: 2 });
  const job = await waitForFinish(token, jobId, 180_000);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 60, processed: 60, succeeded: 60, failed: 0 });
  expect([...(await difficulties()).values()].every((d) => d !== null)).toBe(true);

  const calls = await claude.calls();
  const limited = calls.filter((c) => c.status === 429);
  expect(limited).toHaveLength(6);
  const ok = calls.filter((c) => c.status === 200);
  const rate = (from: number, to: number) => ok.filter((c) => c.at >= from && c.at < to).length / ((to - from) / 1000);
  const stretch = { from: limited[0].at, to: limited.at(-1)!.at };
  const before = rate(ok[0].at, stretch.from);
  const during = rate(stretch.from, stretch.to);
  // Each Retry-After holds the whole job (throttledUntil), not just the one item.
  expect(stretch.to - stretch.from).toBeGreaterThanOrEqual(4000);
  expect(during).toBeLessThan(before / 3);
  expect(job.throttledUntil).toEqual(expect.any(String));
}, 240_000);
