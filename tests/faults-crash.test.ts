/**
 * Crashes: the functions emulator (functions workers and the task queue) SIGKILLed at five points of
 * a 500-item job and started again. Each time the scheduled recovery (clock moved past the
 * dispatcher's lease) resumes the job from its checkpoints; in the end every record's effect happened exactly
 * once (the synthetic kind increments a counter per record, so a double shows), the counts are
 * exact and all five resumes are recorded.
 */
import { runRecovery } from "../functions/src/engine/recovery";
import { adminToken } from "./support/api";
import { checkpointCount, waitForFinish } from "./support/jobs";
import { clearFirestore, computeControl, testDeps, waitFor } from "./support/stack";
import { effectsOf, startSyntheticJob } from "./support/synthetic";

const RECORDS = 500;
/** Checkpoints written before each kill: before the first item, three in the middle, near the end. */
const KILL_AT = [0, 100, 200, 320, 440];
const STALE = 11 * 60_000;

/**
 * A recovery right after a SIGKILL can meet the killed transaction's locks, which the emulator keeps
 * until they expire ("Transaction lock timeout", as clearFirestore knows): the scheduled recovery
 * would simply run again, so the test runs it again, on that error only.
 */
async function recover(deps: ReturnType<typeof testDeps>) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      return await runRecovery(deps);
    } catch (error) {
      if (!String(error).includes("Transaction lock timeout") || Date.now() > deadline) throw error;
    }
  }
}

test("SIGKILL at five points of a 500-item job: resumed each time, every effect exactly once, counts exact", async () => {
  await clearFirestore();
  let token = await adminToken();
  const jobId = await startSyntheticJob(token, { records: RECORDS, msPerItem: 30 }, { maxConcurrency: 4, requestsPerMinute: 30_000, minDelayMs: 0 });
  const seenAtKill: number[] = [];
  for (const [n, point] of KILL_AT.entries()) {
    await waitFor(`${point} checkpoints`, async () => (await checkpointCount(jobId)) >= point, 120_000);
    await computeControl("kill");
    seenAtKill.push(await checkpointCount(jobId));
    if (n === 0) expect((await recover(testDeps())).resumed).toEqual([]); // its lease has not run out yet: left alone
    await computeControl("restart");
    // Each resume stamps the job with the (moved) clock, so each later recovery moves it further.
    const report = await recover(testDeps({ now: () => Date.now() + STALE * (n + 1) }));
    expect(report.resumed).toEqual([jobId]);
  }
  expect(seenAtKill.every((seen, i) => seen < RECORDS && seen >= KILL_AT[i])).toBe(true);

  token = await adminToken();
  const job = await waitForFinish(token, jobId, 180_000);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: RECORDS, processed: RECORDS, succeeded: RECORDS, failed: 0 });
  expect(job.metrics).toEqual({ records: RECORDS });
  expect(job.resumes).toHaveLength(KILL_AT.length);
  expect(job.resumes.every((r: { reason: string }) => /^dispatcher lost: no tick alive for \d+ s$/.test(r.reason))).toBe(true);
  expect(job.plan.attempt).toBe(KILL_AT.length);
  expect(await checkpointCount(jobId)).toBe(RECORDS);
  const effects = await effectsOf(jobId);
  expect(effects.twice).toEqual([]);
  expect(effects.written).toBe(RECORDS);
  expect(effects.records.size).toBe(RECORDS);
}, 600_000);
