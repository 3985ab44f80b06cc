/**
 * The dashboard client: fetches one export (or takes it from the cache), checks it and returns
 * typed rows dated by the closing rules, or "unavailable". Errors tell the engine what they mean:
 * timeouts, network errors, 5xx and HTML error pages are transient (DashboardUnavailableError,
 * retried, counted by the circuit breaker); 4xx, a changed header, malformed rows or a footer the
 * dashboard would not produce are permanent (NonRetriableError).
 */
import { NonRetriableError, RetryAfterError } from "../../engine/errors";
import type { CacheEntry, CsvCache } from "./cache";
import { parseCsv } from "./csv";
import type { IsoDate } from "./dates";
import { dateData, type Dating, type Footer } from "./footer";
import { missingHeaders, type Row, toRow } from "./reports";
import { cacheKey, exportUrl, type ReportRequest } from "./urls";

export interface DashboardConfig {
  baseUrl: string;
  timeoutMs: number;
}

/** The source is down or answered something transient; worth trying again later. */
export class DashboardUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = "DashboardUnavailableError";
  }
}

export type ExportResult =
  | {
      status: "ok";
      url: string;
      rows: Row[];
      footer: Footer;
      dating: Extract<Dating, { kind: "normal" | "closing" }>;
      fetchedAt: string;
      fromCache: boolean;
    }
  | { status: "unavailable"; url: string; reason: string };

export interface DashboardClient {
  fetchReport(request: ReportRequest, options: { useCache: boolean }): Promise<ExportResult>;
  /** Network fetches made by this client (cache hits excluded). */
  readonly fetches: number;
}

export function dashboardClient(config: DashboardConfig, cache: CsvCache, today: () => IsoDate, fetchImpl: typeof fetch = fetch): DashboardClient {
  let fetches = 0;

  async function download(url: string): Promise<string> {
    fetches += 1;
    let res: Response;
    try {
      res = await fetchImpl(url, { signal: AbortSignal.timeout(config.timeoutMs), headers: { accept: "text/csv" } });
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name; // a DOMException: not always an Error instance
      const timedOut = name === "TimeoutError" || name === "AbortError";
      throw new DashboardUnavailableError(timedOut ? `dashboard timed out after ${config.timeoutMs} ms: ${url}` : `dashboard unreachable: ${url}: ${String(error)}`);
    }
    const body = await res.text().catch(() => "");
    if (res.status === 429) {
      const seconds = Number(res.headers.get("retry-after") ?? "30");
      throw new RetryAfterError(`dashboard answered 429: ${url}`, (Number.isFinite(seconds) ? seconds : 30) * 1000);
    }
    if (res.status >= 500) throw new DashboardUnavailableError(`dashboard answered ${res.status}: ${url}`);
    if (res.status >= 400) throw new NonRetriableError(`dashboard answered ${res.status}: ${url}`);
    const html = (res.headers.get("content-type") ?? "").includes("text/html") || /^\s*</.test(body.replace(/^\uFEFF/, ""));
    if (html) throw new DashboardUnavailableError(`dashboard answered an HTML page instead of CSV: ${url}`);
    if (body.trim() === "") throw new DashboardUnavailableError(`dashboard answered an empty body: ${url}`);
    return body;
  }

  return {
    get fetches() {
      return fetches;
    },
    async fetchReport(request, { useCache }) {
      const url = exportUrl(config.baseUrl, request, today());
      const key = cacheKey(request);
      const cached = useCache ? await cache.get(key) : null;
      const entry: CacheEntry = cached ?? { body: await download(url), url, fetchedAt: new Date().toISOString() };
      const result = check(request, entry, cached !== null);
      if (result.status === "ok" && !cached && useCache) await cache.put(key, entry);
      return result;
    },
  };
}

/** Every check of one export's body; pure, so tests give it any body. */
export function check(request: ReportRequest, entry: CacheEntry, fromCache: boolean): ExportResult {
  const { url } = entry;
  const csv = parseCsv(entry.body);
  const missing = missingHeaders(request.report, csv.header);
  if (missing.length > 0) throw new NonRetriableError(`${request.report} export lacks columns ${missing.join(", ")}: ${url}`);
  if (csv.malformed.length > 0) {
    const first = csv.malformed[0];
    throw new NonRetriableError(`${request.report} export has ${csv.malformed.length} malformed lines (line ${first.line}: ${first.cells} cells): ${url}`);
  }
  if (csv.records.length === 0) return { status: "unavailable", url, reason: `no data for ${request.date} (header-only export)` };
  if (!csv.footer) throw new NonRetriableError(`${request.report} export has no "Month of ..., As of ..." footer: ${url}`);
  const dating = dateData(request.date, csv.footer);
  if (dating.kind === "as-of-mismatch") return { status: "unavailable", url, reason: `export is as of ${dating.asOf}, not ${request.date}` };
  if (dating.kind === "inconsistent") throw new NonRetriableError(`${request.report} footer: ${dating.reason}: ${url}`);
  const rows: Row[] = [];
  for (const [index, record] of csv.records.entries()) {
    const row = toRow(request.report, record);
    if (!row.ok) throw new NonRetriableError(`${request.report} row ${index + 1}: ${row.error}: ${url}`);
    rows.push(row.row);
  }
  return { status: "ok", url, rows, footer: csv.footer, dating, fetchedAt: entry.fetchedAt, fromCache };
}
