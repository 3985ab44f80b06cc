/**
 * Liveness under Cloud Tasks' real contract: the fault cases production adds to the crash suite.
 * Each: nothing lost, nothing doubled (the synthetic kind counts every effect), counts exact, the
 * job reaches a final status; cases 1-4 print the time to detect and to resume (BENCHMARKS.md).
 * The compute half runs behind a proxy that logs job-document writes (case 5), with lost items
 * found LOST_SECONDS after release instead of the production ~23 min (every delivery the item
 * queue allows, queues.ts), so the case runs in minutes; the recovery runs every minute as the
 * schedule does, with the real clock.
 */
import { Timestamp } from "firebase-admin/firestore";
import { dropTickFault, FAULTS_COLLECTION, FIRST_TICK_FAULT } from "../functions/src/engine/faults";
import { lostReason } from "../functions/src/engine/liveness";
import { itemKey } from "../functions/src/kinds/synthetic/keys";
import { messages } from "../functions/src/logs/messages";
import { adminToken, api } from "./support/api";
import { freshStack } from "./support/fresh";
import { checkpointCount, checkpointDoc, checkpointsOf, waitForFinish } from "./support/jobs";
import { computeBehindWriteLog, printTimings, recoveryEveryMinute, type WriteLogProxy } from "./support/liveness";
import { claude, seedRecipes } from "./support/recipes";
import { adminDb, computeControl, emulatorLog, waitFor } from "./support/stack";
import { effectsOf, startSyntheticJob } from "./support/synthetic";

const LOST_SECONDS = 30;
const PACED = { maxConcurrency: 4, requestsPerMinute: 600, minDelayMs: 0 };
let proxy: WriteLogProxy;
let token: string;

beforeAll(async () => {
  proxy = await computeBehindWriteLog({ BACKFILL_LOST_ITEM_SECONDS: String(LOST_SECONDS) });
}, 120_000);

afterAll(async () => {
  await computeControl("kill");
  await computeControl("restart");
  proxy.stop();
}, 120_000);

beforeEach(async () => {
  await freshStack();
  token = await adminToken();
});

const faults = () => adminDb().collection(FAULTS_COLLECTION);
const ms = (iso: string) => Date.parse(iso);

async function expectExactlyOnce(jobId: string, records: number, missing: number[] = []) {
  const effects = await effectsOf(jobId);
  expect(effects.twice).toEqual([]);
  expect(effects.written).toBe(records - missing.length);
  for (const record of missing) expect(effects.records.has(record)).toBe(false);
}

/** When each release of the watched items was sent, from the dispatcher's own state. */
function watchReleases(jobId: string, keys: string[]) {
  const seen = new Map<string, Map<number, number>>(keys.map((k) => [k, new Map()]));
  const stop = adminDb()
    .doc(`backfillJobs/${jobId}/dispatcher/state`)
    .onSnapshot((snap) => {
      for (const key of keys) {
        const entry = (snap.data()?.inFlight as Record<string, { releases?: number; releasedAt: number }> | undefined)?.[key];
        if (entry && !seen.get(key)!.has(entry.releases ?? 1)) seen.get(key)!.set(entry.releases ?? 1, entry.releasedAt);
      }
    });
  return { stop, releasedAt: (key: string, release: number) => seen.get(key)!.get(release)! };
}

async function finishedAt(jobId: string, key: string): Promise<number> {
  return ((await checkpointDoc(jobId, key).get()).get("finishedAt") as Timestamp).toMillis();
}

async function firstCheckpointAfter(jobId: string, after: number): Promise<number> {
  const snap = await checkpointsOf(jobId).where("finishedAt", ">", Timestamp.fromMillis(after)).orderBy("finishedAt").limit(1).get();
  return (snap.docs[0].get("finishedAt") as Timestamp).toMillis();
}

test("1. every delivery of an item dies before its checkpoint until the queue gives up: released again, then failed as lost", async () => {
  const [always, once] = [itemKey(4), itemKey(9)];
  await faults().doc(always).set({ dieOnReleases: 99 }); // every release's every delivery dies
  await faults().doc(once).set({ dieOnReleases: 1 }); // only the first release's deliveries die
  const jobId = await startSyntheticJob(token, { records: 30, msPerItem: 20 }, PACED);
  const releases = watchReleases(jobId, [always, once]);
  const job = await waitForFinish(token, jobId, 300_000);
  releases.stop();

  expect(job.status).toBe("partial");
  expect(job.progress).toMatchObject({ total: 30, processed: 30, succeeded: 29, failed: 1 });
  expect(job.resumes).toEqual([]); // the chain was alive throughout: found by the lost-item rule, not a resume
  const checkpoint = (await checkpointDoc(jobId, always).get()).data()!;
  expect(checkpoint).toMatchObject({ outcome: "failed", error: { message: lostReason(3), retryable: true } });
  expect(job.lastErrors.map((e: { message: string }) => e.message)).toContain(lostReason(3));
  await expectExactlyOnce(jobId, 30, [4]);
  for (const [key, release] of [
    [always, 1],
    [always, 2],
    [once, 1],
  ] as const) {
    expect(emulatorLog()).toContain(messages.itemLost(jobId, key, release, LOST_SECONDS));
  }
  expect(emulatorLog()).not.toContain(messages.itemLost(jobId, once, 2, LOST_SECONDS));

  const found = releases.releasedAt(once, 2) - releases.releasedAt(once, 1);
  expect(found).toBeGreaterThanOrEqual(LOST_SECONDS * 1000);
  expect(found).toBeLessThan((LOST_SECONDS + 10) * 1000);
  printTimings("1 item lost (every delivery dies)", {
    "released -> found lost and released again": found,
    "found lost -> checkpointed": (await finishedAt(jobId, once)) - releases.releasedAt(once, 2),
    "first release -> failed as lost after 3 releases": (await finishedAt(jobId, always)) - releases.releasedAt(always, 1),
  });
}, 360_000);

test("2. a dispatcher tick task lost (never delivered): the recovery resumes the job within 2 minutes", async () => {
  const stopSchedule = recoveryEveryMinute();
  const jobId = await startSyntheticJob(token, { records: 400, msPerItem: 30 }, PACED);
  let droppedAt = 0;
  const fault = faults().doc(dropTickFault(jobId));
  const stopWatch = fault.onSnapshot((snap) => {
    if (snap.get("transientFailures") === 0 && !droppedAt) droppedAt = Date.now();
  });
  await fault.set({ transientFailures: 1 }); // the first handover's tick vanishes
  const job = await waitForFinish(token, jobId, 300_000);
  stopSchedule();
  stopWatch();

  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 400, processed: 400, succeeded: 400, failed: 0 });
  await expectExactlyOnce(jobId, 400);
  expect(emulatorLog()).toContain(messages.faultTickDropped(jobId, 1));
  expect(job.resumes).toHaveLength(1);
  expect(job.resumes[0].reason).toMatch(/^dispatcher lost: no tick alive for \d+ s$/);
  const detect = ms(job.resumes[0].at) - droppedAt;
  expect(droppedAt).toBeGreaterThan(0);
  expect(detect).toBeLessThanOrEqual(120_000);
  printTimings("2 tick task lost", {
    "dropped -> resumed": detect,
    "dropped -> progress again": (await firstCheckpointAfter(jobId, ms(job.resumes[0].at))) - droppedAt,
  });
}, 360_000);

test("3. the create's first enqueue fails: 503 at once, the job failed and nothing blocks; the retried create completes", async () => {
  await faults().doc(FIRST_TICK_FAULT).set({ transientFailures: 1 });
  const askedAt = Date.now();
  const refused = await api("POST", "/", { token, body: { kind: "synthetic", params: { records: 40 }, rateLimits: PACED } });
  const answeredAt = Date.now();
  expect(refused.status).toBe(503);
  expect(refused.body.error).toMatchObject({ code: "enqueue-failed", details: { status: "failed" } });
  const failedId: string = refused.body.error.details.jobId;
  const jobId = await startSyntheticJob(token, { records: 40 }, PACED);
  const job = await waitForFinish(token, jobId);

  const failed = (await adminDb().doc(`backfillJobs/${failedId}`).get()).data()!;
  expect(failed.status).toBe("failed");
  expect(failed.progress.processed).toBe(0);
  expect((await effectsOf(failedId)).written).toBe(0);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 40, processed: 40, succeeded: 40 });
  await expectExactlyOnce(jobId, 40);
  printTimings("3 first enqueue fails", {
    "create -> 503 (job failed, lock free)": answeredAt - askedAt,
    "503 -> retried job's first item": (await firstCheckpointAfter(jobId, 0)) - answeredAt,
  });
}, 240_000);

test("4. the functions killed mid-job and restarted, real clock: resumed within 2 minutes", async () => {
  const stopSchedule = recoveryEveryMinute();
  const jobId = await startSyntheticJob(token, { records: 300, msPerItem: 30 }, PACED);
  await waitFor("60 checkpoints", async () => (await checkpointCount(jobId)) >= 60, 120_000);
  const killedAt = Date.now();
  await computeControl("kill");
  await computeControl("restart", proxy.env);
  const job = await waitForFinish(token, jobId, 300_000);
  stopSchedule();

  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 300, processed: 300, succeeded: 300, failed: 0 });
  await expectExactlyOnce(jobId, 300);
  expect(job.resumes).toHaveLength(1);
  expect(job.resumes[0].reason).toMatch(/^dispatcher lost: no tick alive for \d+ s$/);
  const detect = ms(job.resumes[0].at) - killedAt;
  expect(detect).toBeLessThanOrEqual(120_000);
  printTimings("4 functions killed and restarted", {
    "killed -> resumed": detect,
    "killed -> progress again": (await firstCheckpointAfter(jobId, ms(job.resumes[0].at))) - killedAt,
  });
}, 420_000);

test("5. a 429 storm from 20 concurrent items: the job document, its hold and the dispatcher state are each written at most once a second", async () => {
  await seedRecipes(100, 0);
  await claude.set({ latencyMs: 50 });
  const res = await api("POST", "/", {
    token,
    body: { kind: "recipe-difficulty", params: {}, rateLimits: { maxConcurrency: 20, requestsPerMinute: 6000, minDelayMs: 0 } },
  });
  expect(res.status).toBe(201);
  const jobId = res.body.job.id as string;
  await waitFor("20 calls", async () => (await claude.calls()).length >= 20);
  await claude.set({ fault: "429", faultCount: 80, retryAfterSeconds: 1 });
  const job = await waitForFinish(token, jobId, 240_000);

  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 100, processed: 100, succeeded: 100, failed: 0 });
  expect(job.throttledUntil).toEqual(expect.any(String));
  const limited = (await claude.calls()).filter((c) => c.status === 429);
  expect(limited).toHaveLength(80);
  const writes = await proxy.writes();
  const jobWrites = writes.filter((w) => w.name.endsWith(`/backfillJobs/${jobId}`)).map((w) => w.at);
  const holds = writes.filter((w) => w.name.includes(`/backfillJobs/${jobId}/holds/`));
  const gaps = jobWrites.slice(1).map((at, i) => at - jobWrites[i]);
  const storm = { from: limited[0].at, to: limited.at(-1)!.at };
  const during = jobWrites.filter((at) => at >= storm.from && at <= storm.to).length;
  expect(holds.length).toBeGreaterThan(0);
  // The proxy times when each write was sent; the engine spaces its writes >= 1 s apart (50 ms for timing noise).
  const close = gaps.map((gap, i) => ({ gap, at: jobWrites[i + 1] - jobWrites[0] })).filter(({ gap }) => gap < 950);
  expect(close).toEqual([]); // [{gap, at: ms after the create}] of writes closer than that
  expect(during).toBeLessThanOrEqual(Math.floor((storm.to - storm.from) / 1000) + 1);
  // Each hold document (one per item that got a 429) and the dispatcher state (claims, roll-ups,
  // renewals) likewise; the state's first gap is the job's creation and its first claim, at once.
  const closeWrites = (times: number[]) =>
    times
      .slice(1)
      .map((at, i) => at - times[i])
      .filter((gap) => gap < 950);
  const stateWrites = writes.filter((w) => w.name.endsWith(`/backfillJobs/${jobId}/dispatcher/state`)).map((w) => w.at);
  const holdDocs = new Map<string, number[]>();
  for (const w of holds) holdDocs.set(w.name, [...(holdDocs.get(w.name) ?? []), w.at]);
  expect([...holdDocs.values()].flatMap(closeWrites)).toEqual([]);
  expect(closeWrites(stateWrites.slice(1))).toEqual([]);
  process.stderr.write(
    `[liveness] 5 429 storm: ${limited.length} 429s in ${((storm.to - storm.from) / 1000).toFixed(1)} s; job document written ${during} times in that stretch ` +
      `(${jobWrites.length} in the whole job, closest two ${Math.min(...gaps)} ms apart); ${holds.length} writes of ${holdDocs.size} hold documents, ${stateWrites.length} of the dispatcher state\n`,
  );
}, 300_000);
