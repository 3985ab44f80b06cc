/**
 * In-flight entries keep no payload (the dispatcher state stays small): a lost or resumed item is
 * listed again from the key listed before it, on the emulator. An item the kind no longer lists is
 * checkpointed skipped, so the job's counts still close.
 */
import type { DispatcherState } from "../functions/src/engine/job-schema";
import { newJobDoc, type JobWithId } from "../functions/src/engine/job-store";
import { settleOverdue } from "../functions/src/engine/dispatcher/lost-items";
import { releaseInFlightAgain } from "../functions/src/engine/dispatcher/in-flight";
import type { ItemPayload, TaskQueue } from "../functions/src/engine/task-queue";
import { clearFirestore, testDeps } from "./support/stack";
import { checkpointDoc, checkpointsOf } from "./support/jobs";
import { itemKeyOf } from "../functions/src/engine/checkpoint-id";

const NOW = 1_800_000_000_000;

function harness() {
  const enqueued: ItemPayload[] = [];
  const tasks: TaskQueue = {
    enqueueTick: async () => undefined,
    enqueueItem: async (p) => void enqueued.push(p),
    enqueueRecovery: async () => ({ taskId: "unused", enqueued: true }),
  };
  const deps = { ...testDeps({ now: () => NOW }, { BACKFILL_SYNTHETIC_KIND: "true", BACKFILL_LOST_ITEM_SECONDS: "30" }), tasks };
  const doc = newJobDoc(
    {
      kind: "synthetic",
      params: { records: 5, batchSize: 1, msPerItem: 0 },
      rateLimits: { requestsPerMinute: 60, maxConcurrency: 4, minDelayMs: 0 },
      actor: { uid: "t", email: null },
      system: false,
      retryOf: null,
      total: 5,
    },
    "running",
    NOW,
  );
  const job: JobWithId = { ...doc, id: `relist-${Date.now()}`, plan: { ...doc.plan, attempt: 2 } };
  const entry = (after: string | null, releases = 1) => ({ after, target: null, attempt: 1, releasedAt: NOW - 60_000, releases });
  return { deps, job, enqueued, entry };
}

const stateWith = (inFlight: DispatcherState["inFlight"]) => ({ inFlight, reRelease: true }) as unknown as DispatcherState;

beforeEach(async () => {
  await clearFirestore();
});

test("a lost item is released again with its payload listed anew; one no longer listed is checkpointed skipped", async () => {
  const { deps, job, enqueued, entry } = harness();
  const state = stateWith({ "s-000000002": entry("s-000000001"), "s-000000000": entry(null), "s-000000009": entry("s-000000008") });
  const report = await settleOverdue(deps, job, state, ["s-000000002", "s-000000000", "s-000000009"]);
  expect(report.released.sort()).toEqual(["s-000000000", "s-000000002"]);
  expect(enqueued.map((p) => [p.itemKey, p.item, p.attempt, p.release]).sort()).toEqual([
    ["s-000000000", { start: 0, size: 1 }, 2, 1],
    ["s-000000002", { start: 2, size: 1 }, 2, 1],
  ]);
  const skipped = await checkpointDoc(job.id, "s-000000009").get();
  expect(skipped.data()).toMatchObject({ outcome: "skipped", error: null, detail: { skipped: "no longer listed" } });
  expect(state.inFlight["s-000000002"]).toMatchObject({ releases: 2, attempt: 2, releasedAt: NOW });
});

test("an item lost on its last release is failed with the payload listed anew; an entry written with its payload needs no listing", async () => {
  const { deps, job, entry } = harness();
  const legacy = { ...entry(null, 3), item: { start: 4, size: 1 } };
  const state = stateWith({ "s-000000003": entry("s-000000002", 3), "s-000000004": legacy });
  const report = await settleOverdue(deps, job, state, ["s-000000003", "s-000000004"]);
  expect(report.failed.sort()).toEqual(["s-000000003", "s-000000004"]);
  const items = await checkpointsOf(job.id).get();
  expect(items.docs.map((d) => [itemKeyOf(d.id), d.get("outcome"), d.get("item")]).sort()).toEqual([
    ["s-000000003", "failed", { start: 3, size: 1 }],
    ["s-000000004", "failed", { start: 4, size: 1 }],
  ]);
});

test("after a crash, in-flight items without a checkpoint go out again listed anew; checkpointed ones stay", async () => {
  const { deps, job, enqueued, entry } = harness();
  await checkpointDoc(job.id, "s-000000001").set({ outcome: "succeeded" });
  const state = stateWith({ "s-000000001": entry("s-000000000"), "s-000000002": entry("s-000000001") });
  await releaseInFlightAgain(deps, job, state);
  expect(enqueued.map((p) => [p.itemKey, p.item, p.release])).toEqual([["s-000000002", { start: 2, size: 1 }, 1]]);
  expect(state.reRelease).toBe(false);
  expect(Object.keys(state.inFlight).sort()).toEqual(["s-000000001", "s-000000002"]);
});
