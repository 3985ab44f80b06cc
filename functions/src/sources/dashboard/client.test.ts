/** The client against a real local HTTP server: URL scheme, error classes, timeouts, the cache. */
import fc from "fast-check";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NonRetriableError, RetryAfterError } from "../../engine/errors";
import type { CacheEntry, CsvCache } from "./cache";
import { dashboardClient } from "./client";
import { headersOf } from "./columns";
import { DashboardUnavailableError } from "./errors";
import type { ReportRequest } from "./urls";

let server: Server;
let base: string;
let answer: (url: string) => { status: number; body: string; type?: string; delayMs?: number } = () => ({ status: 200, body: "" });
const seen: string[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push(req.url ?? "");
    const a = answer(req.url ?? "");
    if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
    if (!res.destroyed) res.writeHead(a.status, { "content-type": a.type ?? "text/csv" }).end(a.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  seen.length = 0;
});

/** An in-memory cache with the Firestore cache's contract. */
function memoryCache(): CsvCache & { map: Map<string, CacheEntry> } {
  const map = new Map<string, CacheEntry>();
  return { map, get: async (k) => map.get(k) ?? null, put: async (k, e) => void map.set(k, e) };
}

const summary = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return `${headersOf("districtsummary").join(",")}\n01,61,40,41,2.5%,800,900,12.5%,41,10,3,1\nMonth of ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]}, As of ${m}/${d}/${y}\n`;
};
const client = (cache = memoryCache(), timeoutMs = 1000) => dashboardClient({ baseUrl: base, timeoutMs }, cache, () => "2026-11-24");
const req = (date: string): ReportRequest => ({ report: "districtsummary", district: null, date });

test("past program years use the /{PY}/ path, the current one the bare path; dates are M/D/YYYY", async () => {
  answer = (url) => ({ status: 200, body: summary(decodeURIComponent(url).includes("10/1/2026") ? "2026-10-01" : "2025-03-01") });
  await client().fetchReport(req("2025-03-01"), { useCache: false });
  await client()
    .fetchReport({ report: "clubperformance", district: "61", date: "2026-10-01" }, { useCache: false })
    .catch(() => undefined);
  expect(seen).toEqual([
    "/2024-2025/export.aspx?type=CSV&report=districtsummary~3/1/2025~~2024-2025",
    "/export.aspx?type=CSV&report=clubperformance~61~10/1/2026~~2026-2027",
  ]);
});

test("5xx and HTML pages are transient, 4xx permanent, 429 carries its Retry-After, slow answers time out", async () => {
  const cases: Array<[ReturnType<typeof answer>, unknown]> = [
    [{ status: 503, body: "<html>busy</html>", type: "text/html" }, DashboardUnavailableError],
    [{ status: 200, body: "<!DOCTYPE html><html>Runtime Error</html>", type: "text/html" }, DashboardUnavailableError],
    [{ status: 404, body: "no" }, NonRetriableError],
    [{ status: 429, body: "slow down" }, RetryAfterError],
    [{ status: 200, body: summary("2025-03-01"), delayMs: 1500 }, DashboardUnavailableError],
  ];
  for (const [a, errorClass] of cases) {
    answer = () => a;
    await expect(client().fetchReport(req("2025-03-01"), { useCache: false })).rejects.toBeInstanceOf(errorClass);
  }
  answer = () => ({ status: 200, body: summary("2025-03-01"), delayMs: 1500 });
  await expect(client().fetchReport(req("2025-03-01"), { useCache: false })).rejects.toThrow(/timed out after 1000 ms/);
});

test("property: with the cache, each export is fetched once however often it is asked for; unavailable ones are not kept", async () => {
  answer = (url) => {
    const m = /~(\d+)\/(\d+)\/(\d+)~/.exec(decodeURIComponent(url));
    const date = `${m?.[3]}-${m?.[1].padStart(2, "0")}-${m?.[2].padStart(2, "0")}`;
    return date.endsWith("-13") ? { status: 200, body: `${headersOf("districtsummary").join(",")}\n` } : { status: 200, body: summary(date) };
  };
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 10, max: 14 }), { minLength: 1, maxLength: 12 }), async (days) => {
      const cache = memoryCache();
      const c = client(cache);
      for (const d of days) await c.fetchReport(req(`2025-03-${d}`), { useCache: true });
      const distinctAvailable = new Set(days.filter((d) => d !== 13));
      const unavailableAsks = days.filter((d) => d === 13).length;
      expect(c.fetches).toBe(distinctAvailable.size + unavailableAsks);
      expect(cache.map.size).toBe(distinctAvailable.size);
    }),
    { numRuns: 100 },
  );
});
