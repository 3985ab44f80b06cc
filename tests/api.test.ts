/** The HTTPS API through Hosting's rewrite: auth on every route, validation, dry run, listings, settings. */
import { adminToken, api, claimsOf, expiredAdminToken, tokenFor, userToken, withClaims } from "./support/api";
import { writeJobs } from "./support/job-fixtures";
import { claude, seedRecipes } from "./support/recipes";
import { adminDb, clearFirestore, emulatorLog } from "./support/stack";

/** The kinds this repository ships (synthetic: registered because the test stack sets BACKFILL_SYNTHETIC_KIND). */
const BUILT_IN_KINDS = ["recipe-difficulty", "data-collection", "analytics-generation", "process-metadata", "synthetic"];

// Every row has four entries (jest treats a missing one as a `done` callback): method, path, body,
// and what an admin gets (a dry run, so the create route makes no job; "some-job" names no job).
const ROUTES: Array<[string, string, unknown, number]> = [
  ["POST", "/", { kind: "recipe-difficulty", params: {}, dryRun: true }, 200],
  ["GET", "/jobs", undefined, 200],
  ["GET", "/kinds", undefined, 200],
  ["GET", "/some-job", undefined, 404],
  ["DELETE", "/some-job", undefined, 404],
  ["POST", "/some-job/pause", undefined, 404],
  ["POST", "/some-job/resume", undefined, 404],
  ["POST", "/some-job/retry-failed", undefined, 404],
  ["GET", "/some-job/items", undefined, 404],
  ["GET", "/settings/rate-limits", undefined, 200],
  ["PUT", "/settings/rate-limits", { requestsPerMinute: 60, maxConcurrency: 2, minDelayMs: 0 }, 200],
  ["POST", "/recovery", undefined, 202],
];

const jobCount = async () => (await adminDb().collection("backfillJobs").count().get()).data().count;
let admin: string;
let expired: string;

beforeAll(async () => {
  await clearFirestore();
  await claude.reset();
  admin = await adminToken();
  expired = await expiredAdminToken();
});

describe("auth on every route", () => {
  test.each(ROUTES)("%s %s: no token 401, expired or garbage token 401, non-admin 403, admin let through", async (method, path, body, adminStatus) => {
    const none = await api(method, path, { body });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: "unauthenticated", message: expect.any(String) });
    expect((await api(method, path, { body, token: expired })).body.error.code).toBe("unauthenticated");
    expect((await api(method, path, { body, token: "not.a.token" })).status).toBe(401);
    const user = await api(method, path, { body, token: await userToken() });
    expect(user.status).toBe(403);
    expect(user.body.error.code).toBe("forbidden");
    expect(await jobCount()).toBe(0);
    expect((await api(method, path, { body, token: admin })).status).toBe(adminStatus);
    expect(await jobCount()).toBe(0);
  });

  test("an expired admin token is refused because it expired: the same token with a later exp is accepted", async () => {
    const { iat } = claimsOf(expired);
    expect((await api("GET", "/jobs", { token: withClaims(expired, { exp: iat + 3600 }) })).status).toBe(200);
    expect((await api("GET", "/jobs", { token: expired })).status).toBe(401);
    expect(emulatorLog()).toContain("ID token rejected (Firebase ID token has expired");
  });

  test("a revoked admin claim is refused with a fresh token", async () => {
    const token = await tokenFor("former@example.com", { admin: false });
    expect((await api("GET", "/jobs", { token })).status).toBe(403);
  });
});

describe("bad input gets 400 with a JSON error naming the field, and creates nothing", () => {
  const badBodies: Array<[string, unknown, string]> = [
    ["empty body", {}, "body.kind"],
    ["kind not a string", { kind: 7 }, "body.kind"],
    ["params not an object", { kind: "recipe-difficulty", params: [1] }, "body.params"],
    ["unknown params field", { kind: "recipe-difficulty", params: { limit: 5 } }, "params"],
    ["rate limit out of range", { kind: "recipe-difficulty", params: {}, rateLimits: { maxConcurrency: 0 } }, "body.rateLimits.maxConcurrency"],
    ["rate limit not a number", { kind: "recipe-difficulty", rateLimits: { requestsPerMinute: "fast" } }, "body.rateLimits.requestsPerMinute"],
    ["dryRun not a boolean", { kind: "recipe-difficulty", dryRun: "yes" }, "body.dryRun"],
    ["ramp writes per item below 1", { kind: "recipe-difficulty", ramp: { writesPerItem: 0 } }, "body.ramp.writesPerItem"],
    ["ramp with an unknown field", { kind: "recipe-difficulty", ramp: { writesPerItem: 2, startAt: 5 } }, "body.ramp"],
    ["unexpected field", { kind: "recipe-difficulty", force: true }, "body"],
  ];
  test.each(badBodies)("%s", async (_name, body, field) => {
    const res = await api("POST", "/", { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid-request");
    expect(JSON.stringify(res.body.error.details)).toContain(field);
    expect(await jobCount()).toBe(0);
  });

  test("unknown kind names the known kinds", async () => {
    const res = await api("POST", "/", { token: admin, body: { kind: "nope" } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "unknown-kind", details: { field: "kind", known: expect.arrayContaining(BUILT_IN_KINDS) } });
    expect(res.body.error.details.known).not.toContain("nope");
  });

  test("malformed JSON: 400 and nothing created", async () => {
    // The Cloud Functions runtime (and its emulator) parses JSON bodies before the app runs and
    // answers a syntax error itself with a plain 400: the one error that is not our JSON shape.
    const res = await api("POST", "/", { token: admin, rawBody: '{"kind": ' });
    expect(res.status).toBe(400);
    expect(await jobCount()).toBe(0);
  });

  test.each([
    ["/jobs?status=done", "query.status"],
    ["/jobs?limit=0", "query.limit"],
    ["/jobs?limit=abc", "query.limit"],
    ["/jobs?color=red", "query"],
    ["/x/items?format=xml", "query.format"],
    ["/x/items?outcome=great", "query.outcome"],
    ["/jobs?cursor=a%2Fb", "query.cursor"],
    ["/jobs?cursor=__x__", "query.cursor"],
    ["/x/items?cursor=a%2Fb", "query.cursor"],
    ["/x/items?cursor=__k__", "query.cursor"],
    ["/__x__", "path.jobId"],
  ])("GET %s", async (path, field) => {
    const res = await api("GET", path, { token: admin });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain(field);
  });

  test("unknown job 404, unknown route 404", async () => {
    expect((await api("GET", "/no-such-job", { token: admin })).body.error.code).toBe("job-not-found");
    expect((await api("GET", "/no-such-job/items", { token: admin })).status).toBe(404);
    expect((await api("POST", "/no-such-job/pause", { token: admin })).status).toBe(404);
    expect((await api("PATCH", "/jobs", { token: admin })).status).toBe(404);
  });

  test("an id Firestore reserves (__...__) is no job id: 400 naming the path, never a 500", async () => {
    for (const [method, path] of [
      ["POST", "/__-__/pause"],
      ["POST", "/__x__/resume"],
      ["DELETE", "/__x__"],
      ["GET", "/__x__/items"],
    ] as const) {
      const res = await api(method, path, { token: admin });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain("path.jobId");
    }
  });
});

test("dry run: item count, estimated duration, tokens and their cost at the current limits; creates nothing", async () => {
  await clearFirestore();
  await seedRecipes(50, 10);
  const res = await api("POST", "/", { token: admin, body: { kind: "recipe-difficulty", params: {}, dryRun: true } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    dryRun: true,
    kind: "recipe-difficulty",
    items: 50,
    estimatedTokens: 50 * 250,
    estimatedCostUsd: (50 * 250 * 1) / 1_000_000, // the default price: $1 per million tokens
    rateLimits: { maxConcurrency: 1, minDelayMs: 100 },
  });
  // one at a time: 1.5 s per assessment + 100 ms rest
  expect(res.body.estimatedDurationSeconds).toBe(Math.ceil(50 * 1.6));
  const faster = await api("POST", "/", {
    token: admin,
    body: { kind: "recipe-difficulty", dryRun: true, rateLimits: { maxConcurrency: 4, minDelayMs: 0, requestsPerMinute: 600 } },
  });
  expect(faster.body.estimatedDurationSeconds).toBeLessThan(res.body.estimatedDurationSeconds);
  expect(await jobCount()).toBe(0);
});

test("job history: newest first, filters by status and kind, cursor pages", async () => {
  await clearFirestore();
  await writeJobs([0, 1, 2, 3, 4].map((i) => ({ id: `job-${i}`, status: i % 2 ? "completed" : "cancelled", createdAt: 1_700_000_000_000 + i * 1000 })));
  const first = await api("GET", "/jobs?limit=2", { token: admin });
  expect(first.body.jobs.map((j: { id: string }) => j.id)).toEqual(["job-4", "job-3"]);
  const second = await api("GET", `/jobs?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
  expect(second.body.jobs.map((j: { id: string }) => j.id)).toEqual(["job-2", "job-1"]);
  const last = await api("GET", `/jobs?limit=2&cursor=${second.body.nextCursor}`, { token: admin });
  expect(last.body).toMatchObject({ jobs: [{ id: "job-0" }], nextCursor: null });
  const done = await api("GET", "/jobs?status=completed&kind=recipe-difficulty", { token: admin });
  expect(done.body.jobs.map((j: { id: string }) => j.id)).toEqual(["job-3", "job-1"]);
  expect((await api("GET", "/jobs?kind=other", { token: admin })).body.jobs).toEqual([]);
});

test("rate-limit settings: validated, stored apart, applied to the next job, with limiter status", async () => {
  await clearFirestore();
  const initial = await api("GET", "/settings/rate-limits", { token: admin });
  expect(initial.body).toMatchObject({ rateLimits: { requestsPerMinute: 60, maxConcurrency: 4, minDelayMs: 0 }, limiter: null });
  // The page builds and checks its limit fields from this schema.
  expect(initial.body.schema).toMatchObject({
    required: ["requestsPerMinute", "maxConcurrency", "minDelayMs"],
    properties: { requestsPerMinute: { type: "integer", minimum: 1, maximum: 30000 }, minDelayMs: { minimum: 0 } },
  });
  const bad = await api("PUT", "/settings/rate-limits", { token: admin, body: { requestsPerMinute: 0, maxConcurrency: 2, minDelayMs: 0 } });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error.details)).toContain("body.requestsPerMinute");
  const put = await api("PUT", "/settings/rate-limits", { token: admin, body: { requestsPerMinute: 120, maxConcurrency: 3, minDelayMs: 50 } });
  expect(put.status).toBe(200);
  expect((await adminDb().doc("backfillSettings/rateLimits").get()).data()).toMatchObject({
    requestsPerMinute: 120,
    updatedBy: { email: "admin@example.com" },
  });
  await seedRecipes(5, 0);
  await claude.set({ latencyMs: 500 });
  const created = await api("POST", "/", { token: admin, body: { kind: "recipe-difficulty", params: {}, rateLimits: { maxConcurrency: 2 } } });
  // settings, then the kind's defaults, then the request's own limits
  expect(created.body.job.rateLimits).toEqual({ requestsPerMinute: 120, maxConcurrency: 2, minDelayMs: 100 });
  const live = await api("GET", "/settings/rate-limits", { token: admin });
  expect(live.body.limiter).toMatchObject({
    jobId: created.body.job.id,
    status: "running",
    inFlight: expect.any(Number),
    releasedLastMinute: expect.any(Number),
    state: expect.any(String),
  });
  await api("DELETE", `/${created.body.job.id}`, { token: admin });
});

test("GET /kinds: every kind with its params as JSON Schema (the page's start form), limits and estimate", async () => {
  const res = await api("GET", "/kinds", { token: admin });
  expect(res.status).toBe(200);
  const byName = Object.fromEntries(res.body.kinds.map((k: { name: string }) => [k.name, k]));
  // synthetic: registered because the test stack sets BACKFILL_SYNTHETIC_KIND (never in production).
  // A kind added with `npm run new-kind` joins the list: only the built-in ones are pinned.
  expect(Object.keys(byName)).toEqual(expect.arrayContaining(BUILT_IN_KINDS));
  for (const kind of res.body.kinds) expect(kind).toMatchObject({ name: expect.any(String), title: expect.any(String), params: { type: "object" } });
  expect(byName["recipe-difficulty"]).toMatchObject({
    title: expect.any(String),
    params: { type: "object", properties: {} },
    defaultRateLimits: { maxConcurrency: 1, minDelayMs: 100 },
  });
  expect(byName["data-collection"].params.properties).toMatchObject({
    startDate: { type: "string" },
    collectionType: { enum: ["system-wide", "per-district", "auto"] },
    skipExisting: { type: "boolean", default: true },
  });
  expect(byName["process-metadata"].params).toMatchObject({ required: ["modelId"], properties: { batchSize: { type: "integer", minimum: 1, maximum: 450 } } });
});
