import { assertStartupConfig, parseConfig, taskQueueProblem } from "./config";

test("defaults", () => {
  const c = parseConfig({});
  expect(c).toMatchObject({ pageSize: 100, tickSeconds: 30, staleMs: 600_000, retentionMs: 30 * 86_400_000, startupId: "local", duplicateDeliveries: false });
  expect(c.anthropic.model).toBe("claude-haiku-4-5");
});

test("the startup id comes from the Cloud Run revision in production", () => {
  expect(parseConfig({ K_REVISION: "backfillrecovery-00042" }).startupId).toBe("backfillrecovery-00042");
});

test("bad values fail fast, naming every variable", () => {
  expect(() => parseConfig({ BACKFILL_PAGE_SIZE: "zero", ANTHROPIC_BASE_URL: "not a url" })).toThrow(/BACKFILL_PAGE_SIZE.*ANTHROPIC_BASE_URL|ANTHROPIC_BASE_URL.*BACKFILL_PAGE_SIZE/);
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
