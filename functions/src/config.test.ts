import { parseConfig } from "./config";

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
