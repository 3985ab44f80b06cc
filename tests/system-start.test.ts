/** Seed 000's system start through the recovery function, and the 30-day retention. */
import { Timestamp } from "firebase-admin/firestore";
import { logger } from "firebase-functions";
import { runRecovery } from "../functions/src/engine/recovery";
import { adminToken, api } from "./support/api";
import { waitForFinish } from "./support/jobs";
import { claude, doneFlagSet, seedRecipes } from "./support/recipes";
import { adminDb, clearFirestore, emulatorLog, testDeps, waitFor } from "./support/stack";

let startup = 0;
const freshStart = () => testDeps(undefined, { BACKFILL_STARTUP_ID: `start-${Date.now()}-${startup++}` });

beforeEach(async () => {
  await clearFirestore();
  await claude.reset();
});

test("flag not true: the system starts the backfill once per start; it completes and sets the flag", async () => {
  await seedRecipes(12, 5, false);
  const deps = freshStart();
  const report = await runRecovery(deps);
  expect(report.autoStarted).toHaveLength(1);
  expect((await runRecovery(deps)).autoStarted).toEqual([]); // same start: not again
  const token = await adminToken();
  const job = await waitForFinish(token, report.autoStarted[0]);
  expect(job).toMatchObject({ status: "completed", system: true, createdBy: { uid: "system" } });
  expect(job.progress).toMatchObject({ total: 12, processed: 12, succeeded: 12 });
  await doneFlagSet();
  await waitFor("progress log", async () => emulatorLog().includes("Difficulty backfill progress: 10 processed, 2 remaining"));
  expect((await runRecovery(freshStart())).autoStarted).toEqual([]); // flag true: skipped
});

test("a new start while the backfill is under way does not start it twice", async () => {
  await seedRecipes(20, 0, false);
  await claude.set({ latencyMs: 500 });
  const first = await runRecovery(freshStart());
  expect(first.autoStarted).toHaveLength(1);
  expect((await runRecovery(freshStart())).autoStarted).toEqual([]);
  const token = await adminToken();
  await api("DELETE", `/${first.autoStarted[0]}`, { token });
});

test("zero recipes to do: the flag is set and 0 processed is logged", async () => {
  await seedRecipes(0, 8, false);
  const report = await runRecovery(freshStart());
  const job = await waitForFinish(await adminToken(), report.autoStarted[0]);
  expect(job.status).toBe("completed");
  expect(job.progress).toMatchObject({ total: 0, processed: 0 });
  await doneFlagSet();
  await waitFor("completion log", async () => /Difficulty backfill completed: 0 recipes processed, 0 failures in \d+\.\d s/.test(emulatorLog()));
});

test.each([true, "true", "TRUE", " true "])("flag %j (seed 000 stores strings): counts as done, no job starts", async (flag) => {
  await seedRecipes(5, 0, flag);
  const info = jest.spyOn(logger, "info");
  expect((await runRecovery(freshStart())).autoStarted).toEqual([]);
  expect(info).toHaveBeenCalledWith("Difficulty backfill skipped: difficulty_backfill_completed is true", {});
  expect((await adminDb().collection("backfillJobs").count().get()).data().count).toBe(0);
  info.mockRestore();
});

test.each([
  ["false", "true"],
  [false, true],
] as const)("flag %j: the job runs and the flag ends %j, the type the store held", async (flag, done) => {
  await seedRecipes(7, 2, flag);
  const report = await runRecovery(freshStart());
  expect(report.autoStarted).toHaveLength(1);
  const job = await waitForFinish(await adminToken(), report.autoStarted[0]);
  expect(job.progress).toMatchObject({ total: 7, processed: 7, succeeded: 7 });
  await doneFlagSet(done);
  const stored = await adminDb().doc("systemFlags/difficulty_backfill_completed").get();
  expect(stored.get("value")).toBe(done);
  expect(stored.get("updatedAt")).toBeInstanceOf(Timestamp);
  expect((await runRecovery(freshStart())).autoStarted).toEqual([]); // read back as done
});

test("flags store missing: skipped with an info log", async () => {
  await seedRecipes(5, 0, null);
  const info = jest.spyOn(logger, "info");
  const report = await runRecovery(freshStart());
  expect(report.autoStarted).toEqual([]);
  expect(info).toHaveBeenCalledWith("Difficulty backfill skipped: the systemFlags store is missing", {});
  expect((await adminDb().collection("backfillJobs").count().get()).data().count).toBe(0);
  info.mockRestore();
});

test("retention: finished jobs older than 30 days are deleted with their subcollections, younger ones kept", async () => {
  const db = adminDb();
  const day = 86_400_000;
  const make = async (id: string, ageDays: number, status: string) => {
    const at = Timestamp.fromMillis(Date.now() - ageDays * day);
    await db.doc(`backfillJobs/${id}`).set({ kind: "recipe-difficulty", status, createdAt: at, finishedAt: status === "running" ? null : at });
    await db.doc(`backfillJobs/${id}/backfillCheckpoints/a`).set({ outcome: "succeeded" });
    await db.doc(`backfillJobs/${id}/dispatcher/state`).set({ tick: 3 });
  };
  await make("old-done", 31, "completed");
  await make("old-cancelled", 45, "cancelled");
  await make("young-done", 29, "partial");
  const report = await runRecovery(freshStart());
  expect(report.deleted.sort()).toEqual(["old-cancelled", "old-done"]);
  expect((await db.doc("backfillJobs/old-done").get()).exists).toBe(false);
  expect((await db.doc("backfillJobs/old-done/backfillCheckpoints/a").get()).exists).toBe(false);
  expect((await db.doc("backfillJobs/old-done/dispatcher/state").get()).exists).toBe(false);
  expect((await db.doc("backfillJobs/young-done/backfillCheckpoints/a").get()).exists).toBe(true);
});
