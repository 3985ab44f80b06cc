/**
 * Seed 002's properties 1, 4 and 5 against the real Firestore emulator and the dashboard simulator
 * (fast-check, 100 runs each): one job queue for every scope, snapshot storage consistency, and
 * snapshots holding exactly the districts of the scope.
 */
import fc from "fast-check";
import { ConflictError } from "../functions/src/engine/errors";
import { cancelJob, createJob } from "../functions/src/engine/lifecycle";
import { prepareRequest } from "../functions/src/engine/prepare";
import type { TaskQueue } from "../functions/src/engine/task-queue";
import { configureDistricts, sim, SIM_DISTRICTS } from "./support/dashboard";
import { adminDb, clearFirestore, testDeps } from "./support/stack";
import { runDispatcherTick } from "../functions/src/engine/dispatcher/tick";

const actor = { uid: "prop", email: "prop@example.com" };
/** The queue is not under test here: enqueued ticks are recorded, not run. */
const recordingQueue = (): TaskQueue & { ticks: string[] } => {
  const ticks: string[] = [];
  return {
    ticks,
    enqueueTick: async (p) => void ticks.push(p.jobId),
    enqueueItem: async () => undefined,
    enqueueRecovery: async () => ({ taskId: "unused", enqueued: true }),
  };
};

beforeAll(async () => {
  await clearFirestore();
  await sim.reset();
  await configureDistricts();
});

const scopeRequest = fc.oneof(
  fc.constant({ type: "system-wide", params: { collectionType: "system-wide" } }),
  fc.uniqueArray(fc.constantFrom(...SIM_DISTRICTS), { minLength: 2, maxLength: 5 }).map((t) => ({ type: "targeted", params: { targetDistricts: t } })),
  fc.constantFrom(...SIM_DISTRICTS).map((d) => ({ type: "single-district", params: { targetDistricts: [d] } })),
);

test("property 1: system-wide, targeted and single-district jobs share one queue: unique ids, one running, the rest refused naming it", async () => {
  const tasks = recordingQueue();
  const deps = { ...testDeps(), tasks };
  const kind = deps.kinds.require("data-collection");
  const ids = new Set<string>();
  await fc.assert(
    fc.asyncProperty(fc.array(scopeRequest, { minLength: 1, maxLength: 4 }), async (requests) => {
      let running: string | null = null;
      for (const r of requests) {
        const prepared = await prepareRequest(deps, kind, kind.params.parse({ startDate: "2025-03-10", ...r.params }));
        expect(prepared.details?.scopeType).toBe(r.type);
        try {
          const job = await createJob(deps, { kind: kind.name, params: prepared.params, details: prepared.details, actor });
          expect(running).toBeNull();
          expect(ids.has(job.id)).toBe(false);
          ids.add(job.id);
          running = job.id;
        } catch (error) {
          expect(error).toBeInstanceOf(ConflictError);
          expect((error as ConflictError).code).toBe("job-running");
          expect((error as ConflictError).message).toContain(running);
        }
      }
      if (running) {
        await cancelJob(deps, running, actor); // cancelling: the lock is held until no item may run
        expect(await runDispatcherTick(deps, running, 0)).toBe("drained"); // the dispatcher settles it (nothing was released here)
      }
    }),
    { numRuns: 100 },
  );
  expect(tasks.ticks).toEqual([...ids]);
}, 300_000); // each run's settling tick writes the job document once more, no sooner than ROLLUP_MS (1 s) after its claim

const marchDay = fc.integer({ min: 10, max: 28 }).map((d) => `2025-03-${d}`);

async function runItem(params: Record<string, unknown>, item: { date: string; district: string | null }) {
  const deps = testDeps();
  const kind = deps.kinds.require("data-collection");
  const prepared = await prepareRequest(deps, kind, kind.params.parse(params));
  const result = await kind.process({ db: deps.db, jobId: "prop-job" }, prepared.params, item);
  await deps.db.runTransaction(async (tx) => {
    await result.commit?.(tx);
  });
  return result;
}

test("property 4: a collected item is stored at districtSnapshots/{date}/districts/{district} with consistent metadata", async () => {
  await fc.assert(
    fc.asyncProperty(marchDay, fc.constantFrom(...SIM_DISTRICTS), async (date, district) => {
      await adminDb().recursiveDelete(adminDb().doc(`districtSnapshots/${date}`));
      const result = await runItem({ startDate: date, targetDistricts: [district], collectionType: "per-district", skipExisting: false }, { date, district });
      expect(result.outcome).toBe("succeeded");
      const snap = (await adminDb().doc(`districtSnapshots/${date}/districts/${district}`).get()).data();
      expect(snap).toMatchObject({ districtId: district, date, key: `${date}~${district}` });
      expect(snap?.metadata).toMatchObject({
        collectionType: "per-district",
        collectionDate: date,
        logicalDate: date,
        requestedDate: date,
        isClosingPeriodData: false,
        jobId: "prop-job",
      });
      expect(snap?.metadata.sourceUrls).toHaveLength(3);
      for (const field of ["districtPerformance", "divisionPerformance", "clubPerformance"]) {
        expect(snap?.reports[field].length).toBe(snap?.metadata.rowCounts[field]);
        expect(snap?.reports[field].every((row: { district: string }) => row.district === district)).toBe(true);
      }
      expect((await adminDb().doc(`districtSnapshots/${date}`).get()).data()).toMatchObject({ status: "complete", storedDistricts: [district] });
    }),
    { numRuns: 100 },
  );
});

test("property 5: a system-wide snapshot holds exactly the districts of the scope", async () => {
  await fc.assert(
    fc.asyncProperty(marchDay, fc.uniqueArray(fc.constantFrom(...SIM_DISTRICTS), { maxLength: 8 }), async (date, scope) => {
      await adminDb().recursiveDelete(adminDb().doc(`districtSnapshots/${date}`));
      await configureDistricts(scope);
      const result = await runItem({ startDate: date, collectionType: "system-wide", skipExisting: false }, { date, district: null });
      expect(result.outcome).toBe("succeeded");
      const stored = (await adminDb().collection(`districtSnapshots/${date}/districts`).get()).docs.map((d) => d.id).sort();
      expect(stored).toEqual([...(scope.length > 0 ? scope : SIM_DISTRICTS)].sort());
    }),
    { numRuns: 100 },
  );
  await configureDistricts();
});
