/**
 * Seed 004's opt-in: with PROCESS_METADATA_BACKFILL_ENABLED=false a new path starts nothing; with it
 * true and no task queue the functions do not load at all (the check runs at startup).
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
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
    await adminDb().collection("processModels").doc("off-model").update({
      metadataExtractionPaths: [{ key: "customer", path: "customer.name" }, { key: "priority", path: "request.priority" }],
    });
    await waitForLog("Process model off-model has new metadata paths (priority) but PROCESS_METADATA_BACKFILL_ENABLED is false: no backfill");
    expect(await jobsOfModel("off-model")).toEqual([]);
    const res = await api("POST", "/", { token: await adminToken(), body: { kind: "process-metadata", params: { modelId: "off-model" } } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "feature-disabled", details: { field: "kind" } });
    expect((await adminDb().collection("backfillJobs").get()).size).toBe(0);
  });
});

/** Runs firebase-tools' functions emulator alone (no Cloud Tasks emulator) until it reports. */
function functionsEmulatorOutput(env: Record<string, string>, timeoutMs = 90_000): Promise<string> {
  const dir = join(ROOT, ".stack/startup-check");
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const config = join(ROOT, ".stack-startup-check.firebase.json");
  writeFileSync(config, JSON.stringify({
    functions: [{ source: "functions", codebase: "default", runtime: "nodejs22" }],
    emulators: { singleProjectMode: true, ui: { enabled: false }, hub: { port: 24400 }, logging: { port: 24500 }, functions: { port: 25001 } },
  }));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.endsWith("_EMULATOR_HOST")));
  const child = spawn(join(ROOT, "node_modules/.bin/firebase"), ["emulators:start", "--project", "demo-backfill", "--only", "functions", "--config", config], {
    cwd: ROOT,
    env: { ...inherited, TMPDIR: join(dir, "tmp"), ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveOutput) => {
    let output = "";
    const done = () => {
      clearTimeout(timer);
      try {
        process.kill(-(child.pid ?? 0), "SIGKILL");
      } catch {
        // already gone
      }
      resolveOutput(output);
    };
    const timer = setTimeout(done, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("All emulators ready")) setTimeout(done, 1000);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", done);
  });
}

test("flag on without the Cloud Tasks emulator: the functions fail to load, saying why", async () => {
  const output = await functionsEmulatorOutput({ PROCESS_METADATA_BACKFILL_ENABLED: "true" });
  expect(output).toContain("PROCESS_METADATA_BACKFILL_ENABLED is true but the task queue is not configured: the Cloud Tasks emulator is not running");
  expect(output).not.toMatch(/function initialized/);
}, 120_000);

test("flag off without the Cloud Tasks emulator: the functions load", async () => {
  const output = await functionsEmulatorOutput({ PROCESS_METADATA_BACKFILL_ENABLED: "false" });
  expect(output).toMatch(/http function initialized/);
  expect(output).not.toContain("the task queue is not configured");
}, 120_000);
