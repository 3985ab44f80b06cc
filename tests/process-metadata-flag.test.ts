/**
 * Seed 004's opt-in: with PROCESS_METADATA_BACKFILL_ENABLED=false a new path starts nothing; with it
 * true and no task queue the functions do not load at all (the check runs at startup).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { adminToken, api } from "./support/api";
import { jobsOfModel, seedInstances, waitForLog, writeModel } from "./support/processes";
import { adminDb, clearFirestore, computeControl } from "./support/stack";

const ROOT = resolve(__dirname, "..");

describe("flag off", () => {
  beforeAll(async () => {
    await clearFirestore();
    await computeControl("kill");
    await computeControl("restart", { PROCESS_METADATA_BACKFILL_ENABLED: "false" });
  }, 180_000);
  afterAll(async () => {
    await computeControl("kill");
    await computeControl("restart");
  }, 180_000);

  test("a new extraction path starts no job, and the API refuses the kind", async () => {
    await writeModel("off-model", [{ key: "customer", path: "customer.name" }]);
    await seedInstances("off-model", 3);
    await adminDb()
      .collection("processModels")
      .doc("off-model")
      .update({
        metadataExtractionPaths: [
          { key: "customer", path: "customer.name" },
          { key: "priority", path: "request.priority" },
        ],
      });
    await waitForLog("Process model off-model has new metadata paths (priority) but PROCESS_METADATA_BACKFILL_ENABLED is false: no backfill");
    expect(await jobsOfModel("off-model")).toEqual([]);
    const res = await api("POST", "/", { token: await adminToken(), body: { kind: "process-metadata", params: { modelId: "off-model" } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "feature-disabled", details: { field: "kind" } });
    expect((await adminDb().collection("backfillJobs").get()).size).toBe(0);
  });
});

/**
 * Loads the built functions as the runtime does at every start (and firebase deploy's analysis):
 * requiring the entry point. firebase-tools always starts the Cloud Tasks emulator beside the
 * functions emulator, so "no task queue" is a runtime without CLOUD_TASKS_EMULATOR_HOST.
 */
function loadFunctions(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/_EMULATOR_HOST$|^PROCESS_METADATA_|^BACKFILL_|^GCLOUD_PROJECT$|^FUNCTIONS_EMULATOR$/.test(k)),
  );
  const child = spawn(process.execPath, ["-e", "require('./functions/lib/index.js'); console.log('loaded')"], { cwd: ROOT, env: { ...inherited, ...env } });
  return new Promise((resolveRun) => {
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (code) => resolveRun({ code, output }));
  });
}

const EMULATOR = { FUNCTIONS_EMULATOR: "true", GCLOUD_PROJECT: "demo-backfill" };

test("flag on without the Cloud Tasks emulator: the functions fail to load, saying why", async () => {
  const { code, output } = await loadFunctions({ ...EMULATOR, PROCESS_METADATA_BACKFILL_ENABLED: "true" });
  expect(code).not.toBe(0);
  expect(output).toContain(
    "PROCESS_METADATA_BACKFILL_ENABLED is true but the task queue is not configured: the Cloud Tasks emulator is not running (CLOUD_TASKS_EMULATOR_HOST is not set)",
  );
  expect(output).not.toContain("loaded");
});

test("deployed with the flag on and a location Cloud Tasks cannot have: the functions fail to load", async () => {
  const { code, output } = await loadFunctions({ GCLOUD_PROJECT: "my-project", PROCESS_METADATA_BACKFILL_ENABLED: "true", BACKFILL_LOCATION: "mars" });
  expect(code).not.toBe(0);
  expect(output).toContain('the task queue is not configured: BACKFILL_LOCATION "mars" is not a Cloud Tasks location');
});

test("flag on with the task queue, or flag off without it: the functions load", async () => {
  const runs = [
    { ...EMULATOR, PROCESS_METADATA_BACKFILL_ENABLED: "true", CLOUD_TASKS_EMULATOR_HOST: "127.0.0.1:9499" },
    { ...EMULATOR, PROCESS_METADATA_BACKFILL_ENABLED: "false" },
    { GCLOUD_PROJECT: "my-project", PROCESS_METADATA_BACKFILL_ENABLED: "true" },
  ];
  for (const env of runs) {
    const { code, output } = await loadFunctions(env);
    expect({ code, loaded: output.includes("loaded") }).toEqual({ code: 0, loaded: true });
  }
});
