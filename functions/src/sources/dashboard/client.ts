/**
 * The dashboard client: fetches one export (or takes it from the cache), checks it and returns
 * typed rows dated by the closing rules, the export as published and its column drift, or
 * "unavailable". Errors tell the engine what they mean (errors.ts): timeouts, network errors, 5xx
 * and HTML error pages are transient; 4xx, an export without an identity column, malformed rows,
 * bad cells or a footer the dashboard would not produce are permanent.
 */
import { RetryAfterError } from "../../engine/errors";
import type { CacheEntry, CsvCache } from "./cache";
import { parseCsv } from "./csv";
import type { IsoDate } from "./dates";
import { DashboardExportError, DashboardHttpError, DashboardUnavailableError } from "./errors";
import { dateData, type Dating, type Footer } from "./footer";
import { type ColumnDrift, mapHeader, type RawExport, type Row, typedRow } from "./normalise";
import { cacheKey, exportUrl, type ReportRequest } from "./urls";

export interface DashboardConfig {
  baseUrl: string;
  timeoutMs: number;
}

export type ExportResult =
  | {
      status: "ok";
      url: string;
      rows: Row[];
      /** The export as published (every column, unknown ones too). */
      raw: RawExport;
      drift: ColumnDrift;
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
      throw new DashboardUnavailableError(
        timedOut ? `dashboard timed out after ${config.timeoutMs} ms: ${url}` : `dashboard unreachable: ${url}: ${String(error)}`,
      );
    }
    const body = await res.text().catch(() => "");
    if (res.status === 429) {
      const seconds = Number(res.headers.get("retry-after") ?? "30");
      throw new RetryAfterError(`dashboard answered 429: ${url}`, (Number.isFinite(seconds) ? seconds : 30) * 1000);
    }
    if (res.status >= 500) throw new DashboardUnavailableError(`dashboard answered ${res.status}: ${url}`);
    if (res.status >= 400) throw new DashboardHttpError(`dashboard answered ${res.status}: ${url}`);
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
  const fail = (what: string) => new DashboardExportError(`${request.report} export ${what}: ${url}`);
  const csv = parseCsv(entry.body);
  const mapped = mapHeader(request.report, csv.header);
  if (!mapped.ok) {
    const [first] = mapped.missing;
    throw fail(`lacks identity column "${first.names[0]}" (accepted names: ${first.names.join(", ")})`);
  }
  if (csv.malformed.length > 0) {
    const first = csv.malformed[0];
    throw fail(`has ${csv.malformed.length} malformed lines (line ${first.line}: ${first.cells} cells)`);
  }
  if (csv.rows.length === 0) return { status: "unavailable", url, reason: `no data for ${request.date} (header-only export)` };
  if (!csv.footer) throw fail(`has no "Month of ..., As of ..." footer`);
  const dating = dateData(request.date, csv.footer);
  if (dating.kind === "as-of-mismatch") return { status: "unavailable", url, reason: `export is as of ${dating.asOf}, not ${request.date}` };
  if (dating.kind === "inconsistent") throw new DashboardExportError(`${request.report} footer: ${dating.reason}: ${url}`);
  const rows: Row[] = [];
  for (const [index, cells] of csv.rows.entries()) {
    const row = typedRow(mapped.map, csv.header, cells);
    if (!row.ok) throw fail(`row ${index + 1}: ${row.error}`);
    rows.push(row.row);
  }
  const raw: RawExport = { header: csv.header, rows: csv.rows.map((cells) => ({ cells })), footer: csv.footerLine };
  return { status: "ok", url, rows, raw, drift: mapped.map.drift, footer: csv.footer, dating, fetchedAt: entry.fetchedAt, fromCache };
}
