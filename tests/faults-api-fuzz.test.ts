/**
 * 500 generated bad requests through Hosting (fast-check): create bodies with exactly one thing
 * wrong, bad query strings, bad rate-limit settings, actions on ids that name no job. Every answer
 * is a 4xx with a JSON error; none is a 5xx; no job and no settings document is ever written.
 */
import fc from "fast-check";
import { addDays } from "../functions/src/sources/dashboard/dates";
import { today } from "../functions/src/districts/date-range";
import { adminToken, api } from "./support/api";
import { adminDb, clearFirestore } from "./support/stack";
import { JOB_STATUSES } from "../functions/src/engine/status";

interface BadRequest {
  method: string;
  path: string;
  body?: unknown;
}

const KINDS = ["recipe-difficulty", "data-collection", "analytics-generation", "process-metadata"];
const yesterday = () => addDays(today(), -1);
const anyValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const notA = (type: "string" | "number" | "boolean" | "object") =>
  anyValue.filter((v) => (type === "object" ? v === null || typeof v !== "object" || Array.isArray(v) : typeof v !== type));
const nonInteger = fc.oneof(fc.double({ noInteger: true }), fc.string(), fc.constant(null), fc.boolean());

/** A value for one rate limit that breaks its bounds or its type. */
const badLimit = fc.oneof(
  fc.record({ field: fc.constant("requestsPerMinute"), value: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 30_001 }), nonInteger) }),
  fc.record({ field: fc.constant("maxConcurrency"), value: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 201 }), nonInteger) }),
  fc.record({ field: fc.constant("minDelayMs"), value: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 600_001 }), nonInteger) }),
);
const goodLimits = { requestsPerMinute: 60, maxConcurrency: 2, minDelayMs: 0 };

/** Strings that are not a calendar date as YYYY-MM-DD, or dates no job may ask for. */
const badDate = fc.oneof(
  fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
  fc.constantFrom("2025-02-30", "2025-13-01", "2025-00-10", "2024-04-31", "25-01-01", "2025-1-1"),
  fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date("2999-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const badDistricts = fc.oneof(
  fc.constant([]),
  fc.array(
    fc.oneof(
      fc.integer(),
      fc.constant(null),
      fc.string({ minLength: 4 }).filter((s) => !/^\s*[A-Za-z0-9]{1,3}\s*$/.test(s)),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  notA("object").filter((v) => v !== null),
);

const badParams = fc.oneof(
  fc.record({ kind: fc.constant("recipe-difficulty"), params: fc.dictionary(fc.string({ minLength: 1 }), anyValue, { minKeys: 1, maxKeys: 2 }) }),
  fc.record({ kind: fc.constantFrom("data-collection", "analytics-generation"), params: badDate.map((startDate) => ({ startDate })) }),
  fc.record({ kind: fc.constantFrom("data-collection", "analytics-generation"), params: badDate.map((endDate) => ({ startDate: "2025-01-10", endDate })) }),
  fc.record({
    kind: fc.constantFrom("data-collection", "analytics-generation"),
    params: fc.constant({ startDate: yesterday(), endDate: addDays(yesterday(), -1) }),
  }),
  fc.record({
    kind: fc.constantFrom("data-collection", "analytics-generation"),
    params: badDistricts.map((targetDistricts) => ({ startDate: "2025-01-10", targetDistricts })),
  }),
  fc.record({
    kind: fc.constant("data-collection"),
    params: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 51 })).map((concurrency) => ({ startDate: "2025-01-10", concurrency })),
  }),
  fc.record({
    kind: fc.constant("process-metadata"),
    params: fc
      .oneof(
        fc.constant(""),
        fc.string().filter((s) => !/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(s)),
      )
      .map((modelId) => ({ modelId })),
  }),
  fc.record({
    kind: fc.constant("process-metadata"),
    params: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 451 })).map((batchSize) => ({ modelId: "m1", batchSize })),
  }),
);

/** A create body with exactly one thing wrong (sometimes as a dry run, which must refuse it too). */
const badCreate: fc.Arbitrary<BadRequest> = fc
  .tuple(
    fc.oneof(
      fc.record({ kind: fc.string().filter((k) => !KINDS.includes(k)) }),
      fc.record({ kind: notA("string") }),
      fc.record({ kind: fc.constantFrom(...KINDS), params: notA("object") }),
      fc.record({ kind: fc.constantFrom(...KINDS), rateLimits: badLimit.map(({ field, value }) => ({ ...goodLimits, [field]: value })) }),
      fc.record({
        kind: fc.constantFrom(...KINDS),
        rateLimits: fc.dictionary(
          fc.string().filter((k) => !(k in goodLimits)),
          fc.integer(),
          { minKeys: 1, maxKeys: 2 },
        ),
      }),
      fc.record({ kind: fc.constant("recipe-difficulty"), dryRun: notA("boolean") }),
      fc
        .tuple(
          fc.string().filter((k) => !["kind", "params", "rateLimits", "dryRun", "__proto__"].includes(k)),
          anyValue,
        )
        .map(([key, value]) => ({ kind: "recipe-difficulty", [key]: value })),
      badParams,
      fc.array(anyValue, { maxLength: 3 }),
    ),
    fc.boolean(),
  )
  .map(([body, dryRun]) => ({ method: "POST", path: "/", body: dryRun && !Array.isArray(body) && !("dryRun" in body) ? { ...body, dryRun } : body }));

const query = (entries: Array<[string, string]>) => new URLSearchParams(entries).toString();
const badJobsQuery: fc.Arbitrary<BadRequest> = fc
  .oneof(
    fc
      .string()
      .filter((s) => ![...JOB_STATUSES, ""].includes(s))
      .map((v): [string, string] => ["status", v]),
    fc
      .oneof(
        fc.integer({ max: 0 }).map(String),
        fc.integer({ min: 501 }).map(String),
        fc.string().filter((s) => !/^\s*\d+\s*$/.test(s)),
      )
      .map((v): [string, string] => ["limit", v]),
    fc.constant<[string, string]>(["cursor", ""]),
    fc.tuple(
      fc.string({ minLength: 1 }).filter((k) => !["status", "kind", "limit", "cursor"].includes(k)),
      fc.string(),
    ),
  )
  .map((entry) => ({ method: "GET", path: `/jobs?${query([entry])}` }));

// Hosting answers a path segment that starts with a dot itself (a 404 HTML page, its dotfile rule)
// before the rewrite to the API; no job id starts with one. Routes' own words are not ids.
const jobId = fc
  .oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/), fc.string({ minLength: 1, maxLength: 40 }))
  .filter((s) => !s.startsWith(".") && !["jobs", "kinds", "settings", "recovery", "client-config"].includes(s));
const badItemsQuery: fc.Arbitrary<BadRequest> = fc
  .tuple(
    jobId,
    fc.oneof(
      fc
        .string()
        .filter((s) => !["succeeded", "failed", "skipped", "unavailable"].includes(s))
        .map((v): [string, string] => ["outcome", v]),
      fc
        .string()
        .filter((s) => s !== "json" && s !== "csv")
        .map((v): [string, string] => ["format", v]),
      fc.integer({ min: 501 }).map((v): [string, string] => ["limit", String(v)]),
      fc.tuple(
        fc.string({ minLength: 1 }).filter((k) => !["outcome", "limit", "cursor", "format"].includes(k)),
        fc.string(),
      ),
    ),
  )
  .map(([id, entry]) => ({ method: "GET", path: `/${encodeURIComponent(id)}/items?${query([entry])}` }));

const badSettings: fc.Arbitrary<BadRequest> = fc
  .oneof(
    badLimit.map(({ field, value }) => ({ ...goodLimits, [field]: value })),
    fc
      .constantFrom("requestsPerMinute", "maxConcurrency", "minDelayMs")
      .map((missing) => Object.fromEntries(Object.entries(goodLimits).filter(([k]) => k !== missing))),
    fc
      .tuple(
        fc.string().filter((k) => !(k in goodLimits) && k !== "__proto__"),
        fc.integer(),
      )
      .map(([k, v]) => ({ ...goodLimits, [k]: v })),
    fc.array(fc.integer(), { maxLength: 3 }),
  )
  .map((body) => ({ method: "PUT", path: "/settings/rate-limits", body }));

const actionOnNoJob: fc.Arbitrary<BadRequest> = fc
  .tuple(fc.constantFrom(["POST", "pause"], ["POST", "resume"], ["POST", "retry-failed"], ["DELETE", ""], ["GET", ""]), jobId)
  .map(([[method, action], id]) => ({ method, path: `/${encodeURIComponent(id)}${action ? `/${action}` : ""}` }));

const badRequest = fc.oneof({ arbitrary: badCreate, weight: 5 }, badJobsQuery, badItemsQuery, badSettings, actionOnNoJob);

test("500 generated bad requests: every answer a 4xx JSON error, no 5xx, nothing created or written", async () => {
  await clearFirestore();
  const token = await adminToken();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(badRequest, async ({ method, path, body }) => {
      const res = await api(method, path, { token, body });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status > 499) throw new Error(`${method} ${path} ${JSON.stringify(body)} answered ${res.status}: ${res.text.slice(0, 300)}`);
      expect(res.body?.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }),
    { numRuns: 500 },
  );
  expect((await adminDb().collection("backfillJobs").count().get()).data().count).toBe(0);
  expect((await adminDb().doc("backfillSettings/rateLimits").get()).exists).toBe(false);
  expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  expect(statuses.get(400)).toBeGreaterThan(100);
  expect(statuses.get(404)).toBeGreaterThan(20);
}, 300_000);
