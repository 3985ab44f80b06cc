/**
 * The engine in one process, against the Firestore emulator alone (its own named database): the
 * item task (`runItem`) and the dispatcher tick (`runDispatcherTick`) called directly, with a task
 * queue that records tasks and delivers item tasks in process. No functions or tasks emulator, so
 * these run in seconds and pin the engine's rules without the stack's timing.
 */
import { getApps, initializeApp } from "firebase-admin/app";
import { type Firestore, getFirestore } from "firebase-admin/firestore";
import { parseConfig } from "../functions/src/config";
import type { Clock, EngineDeps } from "../functions/src/engine/deps";
import { runDispatcherTick } from "../functions/src/engine/dispatcher/tick";
import { CANCELLED_BEFORE_RUN, runItem } from "../functions/src/engine/item-runner";
import { SYSTEM_ACTOR } from "../functions/src/engine/job-schema";
import { readJob } from "../functions/src/engine/job-store";
import { cancelJob, createJob, type CreateJobInput, pauseJob, resumeJob } from "../functions/src/engine/lifecycle";
import { checkpointRef } from "../functions/src/engine/paths";
import { createRegistry } from "../functions/src/engine/registry";
import type { ItemPayload, RecoveryRequest, TaskQueue, TickPayload } from "../functions/src/engine/task-queue";
import { EFFECTS, effectId, synthetic } from "../functions/src/kinds/synthetic";
import { itemKey } from "../functions/src/kinds/synthetic/keys";

const DATABASE = "engine-in-process";
const PROJECT = "demo-backfill";
const FAST = { maxConcurrency: 2, requestsPerMinute: 30_000, minDelayMs: 0 };
const DELIVERY = { retryCount: 0, maxAttempts: 4 };

/** Records every task; delivers item tasks at once in this process (unless `hold` is set). */
class InProcessQueue implements TaskQueue {
  readonly ticks: TickPayload[] = [];
  readonly items: ItemPayload[] = [];
  private readonly running = new Set<Promise<unknown>>();
  hold = false;
  constructor(private readonly deliver: (payload: ItemPayload) => Promise<unknown>) {}
  async enqueueTick(payload: TickPayload): Promise<void> {
    this.ticks.push(payload);
  }
  async enqueueItem(payload: ItemPayload): Promise<void> {
    this.items.push(payload);
    if (this.hold) return;
    const run = this.deliver(payload).finally(() => this.running.delete(run));
    this.running.add(run);
  }
  async enqueueRecovery(): Promise<RecoveryRequest> {
    return { taskId: "recovery", enqueued: true };
  }
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/** A clock tests move forward, past the item task's 1 s job cache. */
const clock: Clock & { offset: number } = { offset: 0, now: () => Date.now() + clock.offset };

let db: Firestore;
let deps: EngineDeps;
let queue: InProcessQueue;

beforeAll(() => {
  const app = getApps()[0] ?? initializeApp({ projectId: PROJECT });
  db = getFirestore(app, DATABASE);
  db.settings({ ignoreUndefinedProperties: true });
});

beforeEach(async () => {
  const res = await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/emulator/v1/projects/${PROJECT}/databases/${DATABASE}/documents`, {
    method: "DELETE",
  });
  expect(res.ok).toBe(true);
  queue = new InProcessQueue((payload) => runItem(deps, payload, DELIVERY));
  const config = parseConfig({ GCLOUD_PROJECT: PROJECT, BACKFILL_STARTUP_ID: "in-process", BACKFILL_TICK_SECONDS: "20" });
  deps = { db, tasks: queue, kinds: createRegistry([synthetic()]), config, clock };
});

const startSynthetic = (params: Record<string, unknown>) =>
  createJob(deps, { kind: "synthetic", params: synthetic().params.parse(params), rateLimits: FAST, actor: SYSTEM_ACTOR });
const effects = async (jobId: string) => (await db.collection(EFFECTS).where("jobId", "==", jobId).get()).docs.map((d) => d.get("writes"));
const payload = (jobId: string, index: number): ItemPayload => ({ jobId, itemKey: itemKey(index), item: { start: index, size: 1 }, target: null, attempt: 0 });

test("createJob refuses rate limits or a ramp its job document could not hold, and writes nothing", async () => {
  const create = (limits: Pick<CreateJobInput, "rateLimits" | "ramp">) =>
    createJob(deps, { kind: "synthetic", params: synthetic().params.parse({ records: 3 }), actor: SYSTEM_ACTOR, ...limits });
  await expect(create({ rateLimits: { requestsPerMinute: 0 } })).rejects.toMatchObject({
    name: "RefusedError",
    code: "invalid-request",
    details: { issues: [{ field: "rateLimits.requestsPerMinute" }] },
  });
  // As a JavaScript caller could send them: an unknown limit, a fractional concurrency, a ramp of no writes.
  const untyped = JSON.parse('{"rateLimits": {"burst": 5, "maxConcurrency": 1.5}, "ramp": {"writesPerItem": 0}}');
  const issue = (field: string) => expect.objectContaining({ field });
  await expect(create(untyped)).rejects.toMatchObject({
    code: "invalid-request",
    details: { issues: expect.arrayContaining([issue("rateLimits"), issue("rateLimits.maxConcurrency"), issue("ramp.writesPerItem")]) },
  });
  expect((await db.collection("backfillJobs").get()).size).toBe(0);
  expect(queue.ticks).toEqual([]);
  expect((await create({ rateLimits: { requestsPerMinute: 1 } })).status).toBe("running"); // the lock was never taken
});

test("runItem: the effect and its checkpoint once; a redelivery is a duplicate and writes nothing", async () => {
  queue.hold = true;
  const job = await startSynthetic({ records: 3 });
  expect(queue.ticks).toEqual([{ jobId: job.id, tick: 0 }]);
  expect(await runItem(deps, payload(job.id, 1), DELIVERY)).toBe("done");
  expect(await runItem(deps, payload(job.id, 1), { retryCount: 1, maxAttempts: 4 })).toBe("duplicate");
  expect((await checkpointRef(db, job.id, itemKey(1)).get()).get("outcome")).toBe("succeeded");
  expect(await effects(job.id)).toEqual([1]);
  expect((await db.collection(EFFECTS).doc(effectId(job.id, 1)).get()).get("writes")).toBe(1);
});

test("runItem: a paused job's task does nothing; a cancelling job's task checkpoints its item skipped, without its effect", async () => {
  queue.hold = true;
  const job = await startSynthetic({ records: 3 });
  await db.collection("backfillJobs").doc(job.id).update({ status: "paused" }); // as the dispatcher settles a pause
  clock.offset += 2_000;
  expect(await runItem(deps, payload(job.id, 0), DELIVERY)).toBe("job-inactive");
  expect((await checkpointRef(db, job.id, itemKey(0)).get()).exists).toBe(false);

  await db.collection("backfillJobs").doc(job.id).update({ status: "cancelling" });
  clock.offset += 2_000;
  expect(await runItem(deps, payload(job.id, 0), DELIVERY)).toBe("job-inactive");
  const checkpoint = (await checkpointRef(db, job.id, itemKey(0)).get()).data();
  expect(checkpoint).toMatchObject({ outcome: "skipped", attempts: 0, detail: { reason: CANCELLED_BEFORE_RUN } });
  expect(await effects(job.id)).toEqual([]);
});

test("runDispatcherTick: releases every item, counts their checkpoints and finishes the job", async () => {
  const job = await startSynthetic({ records: 12 });
  expect(await runDispatcherTick(deps, job.id, 0)).toBe("finished");
  await queue.settled();
  const done = await readJob(db, job.id);
  expect(done.status).toBe("completed");
  expect(done.progress).toMatchObject({ processed: 12, succeeded: 12, failed: 0 });
  expect(queue.items.map((i) => i.itemKey)).toEqual(Array.from({ length: 12 }, (_, i) => itemKey(i)));
  expect((await effects(job.id)).every((writes) => writes === 1)).toBe(true);
  expect(done.audit.map((a) => [a.action, a.from ?? null, a.to ?? null])).toEqual([
    ["created", null, null],
    ["started", null, null],
    ["finished", "running", "completed"],
  ]);
});

test("runDispatcherTick: pausing settles into paused once nothing runs; the resume releases the rest and finishes", async () => {
  const job = await startSynthetic({ records: 80, msPerItem: 100 });
  const tick = runDispatcherTick(deps, job.id, 0);
  await waitFor(async () => (await readJob(db, job.id)).progress.processed >= 1);
  await pauseJob(deps, job.id, SYSTEM_ACTOR);
  expect(await tick).toBe("drained");
  await queue.settled();
  const paused = await readJob(db, job.id);
  expect(paused.status).toBe("paused");
  expect(paused.progress.processed).toBeLessThan(80);
  const checkpoints = (await db.collection(`backfillJobs/${job.id}/backfillCheckpoints`).count().get()).data().count;
  expect(paused.progress.processed).toBe(checkpoints); // nothing ran after it settled

  await resumeJob(deps, job.id, SYSTEM_ACTOR);
  const next = queue.ticks.at(-1);
  expect(next).toEqual({ jobId: job.id, tick: expect.any(Number) });
  expect(await runDispatcherTick(deps, job.id, next?.tick ?? -1)).toBe("finished");
  await queue.settled();
  expect((await readJob(db, job.id)).progress).toMatchObject({ processed: 80, succeeded: 80 });
  expect((await effects(job.id)).every((writes) => writes === 1)).toBe(true);
});

test("runDispatcherTick: cancelling settles into cancelled with exact counts and frees the lock", async () => {
  const job = await startSynthetic({ records: 80, msPerItem: 100 });
  const tick = runDispatcherTick(deps, job.id, 0);
  await waitFor(async () => (await readJob(db, job.id)).progress.processed >= 1);
  await cancelJob(deps, job.id, SYSTEM_ACTOR);
  expect(await tick).toBe("drained");
  await queue.settled();
  const cancelled = await readJob(db, job.id);
  expect(cancelled.status).toBe("cancelled");
  expect(cancelled.progress.processed).toBeLessThan(80);
  const checkpoints = (await db.collection(`backfillJobs/${job.id}/backfillCheckpoints`).count().get()).data().count;
  expect(cancelled.progress.processed).toBe(checkpoints);
  expect((await db.doc("backfillLocks/active").get()).exists).toBe(false);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
