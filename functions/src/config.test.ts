import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assertStartupConfig, parseConfig, readDeployId, taskQueueProblem } from "./config";

test("defaults", () => {
  const c = parseConfig({});
  expect(c).toMatchObject({ pageSize: 100, tickSeconds: 30, staleMs: 600_000, retentionMs: 30 * 86_400_000, startupId: "local", duplicateDeliveries: false });
  expect(c.anthropic.model).toBe("claude-haiku-4-5");
  expect(c.anthropic.usdPerMillionTokens).toBe(1);
  expect(parseConfig({ ANTHROPIC_USD_PER_MILLION_TOKENS: "3.5" }).anthropic.usdPerMillionTokens).toBe(3.5);
  expect(() => parseConfig({ ANTHROPIC_USD_PER_MILLION_TOKENS: "-1" })).toThrow("ANTHROPIC_USD_PER_MILLION_TOKENS");
  expect(c.lostItemMs).toBe(1_394_000);
  expect(parseConfig({ BACKFILL_LOST_ITEM_SECONDS: "25" }).lostItemMs).toBe(25_000);
  expect(() => parseConfig({ BACKFILL_LOST_ITEM_SECONDS: "2" })).toThrow("BACKFILL_LOST_ITEM_SECONDS");
});

test("the startup id is the deploy's, the same in every function (not each service's own revision)", () => {
  const recovery = parseConfig({ K_REVISION: "backfillrecovery-00042" }, "deploy-20261202-ab12cd34");
  const recover = parseConfig({ K_REVISION: "backfillrecover-00007" }, "deploy-20261202-ab12cd34");
  expect(recovery.startupId).toBe("deploy-20261202-ab12cd34");
  expect(recover.startupId).toBe(recovery.startupId);
  expect(parseConfig({ BACKFILL_STARTUP_ID: "npm-start-1" }, "deploy-x").startupId).toBe("npm-start-1");
});

test("the build stamps one deploy id beside the compiled functions", () => {
  const lib = join(__dirname, "../lib");
  const stamp = JSON.parse(readFileSync(join(lib, "deploy-id.json"), "utf8"));
  expect(stamp.id).toMatch(/^deploy-\d{14}-[0-9a-f]{8}$/);
  expect(readDeployId(lib)).toBe(stamp.id);
  expect(readDeployId(__dirname)).toBeUndefined();
});

test("a tick must end well inside the dispatcher's timeout", () => {
  expect(parseConfig({ BACKFILL_TICK_SECONDS: "120" }).tickSeconds).toBe(120);
  expect(() => parseConfig({ BACKFILL_TICK_SECONDS: "121" })).toThrow("BACKFILL_TICK_SECONDS: at most 120 (the dispatcher's 180 s timeout less 60 s)");
});

test("bad values fail fast, naming every variable", () => {
  expect(() => parseConfig({ BACKFILL_PAGE_SIZE: "zero", ANTHROPIC_BASE_URL: "not a url" })).toThrow(
    /BACKFILL_PAGE_SIZE.*ANTHROPIC_BASE_URL|ANTHROPIC_BASE_URL.*BACKFILL_PAGE_SIZE/,
  );
});

describe("seed 004: the metadata backfill needs the task queue", () => {
  test("off by default, with the default batch size", () => {
    expect(parseConfig({}).processMetadata).toEqual({ enabled: false, batchSize: 50 });
    expect(() => assertStartupConfig({})).not.toThrow();
  });

  test("enabled in the emulator without the tasks emulator: the functions refuse to load", () => {
    expect(() => assertStartupConfig({ PROCESS_METADATA_BACKFILL_ENABLED: "true", FUNCTIONS_EMULATOR: "true" })).toThrow(
      /PROCESS_METADATA_BACKFILL_ENABLED is true but the task queue is not configured: the Cloud Tasks emulator is not running/,
    );
  });

  test("enabled with the tasks emulator, or deployed with a project and a location: fine", () => {
    expect(taskQueueProblem({ FUNCTIONS_EMULATOR: "true", CLOUD_TASKS_EMULATOR_HOST: "127.0.0.1:9499" })).toBeNull();
    expect(taskQueueProblem({ GCLOUD_PROJECT: "p" })).toBeNull();
    expect(taskQueueProblem({ FIREBASE_CONFIG: JSON.stringify({ projectId: "p" }), BACKFILL_LOCATION: "europe-west1" })).toBeNull();
  });

  test("deployed without a project, or with a bad location: refused, saying why", () => {
    expect(taskQueueProblem({})).toMatch(/no project id/);
    expect(taskQueueProblem({ GCLOUD_PROJECT: "p", BACKFILL_LOCATION: "moon" })).toMatch(/"moon" is not a Cloud Tasks location/);
  });

  test("a flag that is neither true nor false is a configuration error", () => {
    expect(() => parseConfig({ PROCESS_METADATA_BACKFILL_ENABLED: "yes" })).toThrow(/PROCESS_METADATA_BACKFILL_ENABLED/);
  });
});
